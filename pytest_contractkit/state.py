"""What one pytest run shares: options, bindings, and one validation report per contract.

Every item of a contract reads the same report, computed on first use: one validation pass
per contract per run, however many items there are.
"""

from __future__ import annotations

import importlib.util
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from contractkit.model import Contract
from pytest_contractkit.bindings import Bindings, Location, locate

if TYPE_CHECKING:
    from contractkit.validation import ValidationReport

INSTALL_HINT = "pyspark is not installed: pip install 'contractkit[spark]'"


def option(config: pytest.Config, name: str, ini: str) -> Any:
    """Command line first, then the ini file, then the default."""
    value = config.getoption(name)
    if value not in (None, [], ""):
        return value
    return config.getini(ini)


@dataclass
class RunState:
    config: pytest.Config
    server: str | None
    consumer: str | None
    bindings: Bindings
    reports: dict[tuple[str, str], ValidationReport | BaseException] = field(default_factory=dict)
    # (contract, server, report, seconds) of each validation, for --contracts-record
    validated: list[tuple[Contract, str, ValidationReport, float]] = field(default_factory=list)

    @classmethod
    def from_config(cls, config: pytest.Config) -> RunState:
        pyproject = os.path.join(str(config.rootpath), "pyproject.toml")
        return cls(
            config=config,
            server=option(config, "contracts_server", "contracts_server") or None,
            consumer=option(config, "contracts_consumer", "contracts_consumer") or None,
            bindings=Bindings.from_pyproject(pyproject),
        )

    @staticmethod
    def spark_available() -> bool:
        return importlib.util.find_spec("pyspark") is not None

    def location(self, contract: Contract) -> Location | str:
        return locate(contract, self.server, self.bindings)

    def report(self, contract: Contract, spark: Any) -> ValidationReport:
        """The contract's one validation report for this run (an error is kept and re-raised)."""
        location = self.location(contract)
        if isinstance(location, str):
            pytest.skip(location)
        key = (contract.source_file or contract.name, location.describe())
        if key not in self.reports:
            try:
                started = time.perf_counter()
                report = self.reports[key] = _validate(spark, contract, location)
                seconds = time.perf_counter() - started
                self.validated.append(
                    (contract, self.server or location.describe(), report, seconds)
                )
            except Exception as exc:  # kept so every item of the contract reports it
                self.reports[key] = exc
        found = self.reports[key]
        if isinstance(found, BaseException):
            raise _readable(found, contract, location) from found
        return found


def _readable(error: BaseException, contract: Contract, location: Location) -> BaseException:
    """Spark's errors about the data (a missing path or table) as one clear failure."""
    from pytest_contractkit.failures import ContractFailure

    try:
        from pyspark.errors import PySparkException
    except ImportError:  # pragma: no cover - pyspark missing is skipped earlier
        return error
    if not isinstance(error, PySparkException):
        return error
    first = str(error).strip().splitlines()[0]
    return ContractFailure(
        f"{contract.source_file}: cannot read the data of {contract.name} from "
        f"{location.describe()}: {first}"
    )


def _validate(spark: Any, contract: Contract, location: Location) -> ValidationReport:
    from contractkit.spark.sources import read_path
    from contractkit.spark.validator import validate

    if location.kind == "table":  # by name, so freshness can fall back on Delta history
        return validate(location.target, contract, spark=spark)
    data = read_path(
        spark, contract, location.target, location.data_format or "parquet", location.options
    )
    return validate(data, contract)
