"""What one pytest run shares: options, bindings, and one validation report per contract.

Every item of a contract reads the same report, computed on first use: one validation pass
per contract per run, however many items there are. Where the data is comes from
contractkit.datalocation, as for `contractkit check`, with the same messages.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from contractkit.datalocation import Bindings, Location, known_servers, resolve
from contractkit.errors import ContractKitError, DataLocationError
from contractkit.model import Contract
from contractkit.pyproject import find_pyproject

if TYPE_CHECKING:
    from contractkit.spark.references import References
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
    # One line per contract whose data could not be read, for the terminal summary.
    unreadable: dict[tuple[str, str], str] = field(default_factory=dict)
    collected: list[Contract] = field(default_factory=list)  # every valid contract seen

    def unknown_server_error(self) -> str | None:
        """Why --contracts-server names no server that any collected contract lists or
        pyproject.toml binds (a typo must not pass as a run of skips), else None."""
        if self.server is None or not self.collected:
            return None
        known = known_servers(self.collected, self.bindings)
        if self.server in known:
            return None
        where = f" or binds in {self.bindings.source}" if self.bindings.source else ""
        return (
            f"--contracts-server {self.server!r} is no server that a collected contract "
            f"lists{where} (servers: {', '.join(known) or 'none'})"
        )

    @classmethod
    def from_config(cls, config: pytest.Config) -> RunState:
        """The run's state; a malformed binding is a usage error naming the file."""
        start = config.inipath.parent if config.inipath else config.rootpath
        try:
            bindings = Bindings.from_pyproject(find_pyproject(str(start)))
        except DataLocationError as exc:
            raise pytest.UsageError(str(exc)) from None
        return cls(
            config=config,
            server=option(config, "contracts_server", "contracts_server") or None,
            consumer=option(config, "contracts_consumer", "contracts_consumer") or None,
            bindings=bindings,
        )

    @staticmethod
    def spark_available() -> bool:
        return importlib.util.find_spec("pyspark") is not None

    def location(self, contract: Contract) -> Location:
        return resolve(contract, server=self.server, bindings=self.bindings)

    def report(self, contract: Contract, spark: Any) -> ValidationReport:
        """The contract's one validation report for this run (an error is kept and re-raised)."""
        from pytest_contractkit.failures import ContractFailure

        try:
            location = self.location(contract)
        except DataLocationError as exc:
            pytest.skip(str(exc))
        key = (contract.source_file or contract.name, location.describe())
        if key not in self.reports:
            try:
                started = time.perf_counter()
                report = self.reports[key] = _validate(
                    spark, contract, location, self._references(contract)
                )
                seconds = time.perf_counter() - started
                self.validated.append(
                    (contract, self.server or location.describe(), report, seconds)
                )
            except Exception as exc:  # kept so every item of the contract reports it
                self.reports[key] = exc
        found = self.reports[key]
        if isinstance(found, ContractKitError):
            line = f"{contract.source_file}: {contract.name}: {found}"
            self.unreadable[key] = line
            raise ContractFailure(line) from None
        if isinstance(found, BaseException):
            raise found
        return found

    def _references(self, contract: Contract) -> References | None:
        """Where referenced contracts' data is: the contracts collected in this run, then
        those in the contract's own folder, located by the run's server and bindings."""
        from contractkit.references import declared_references

        if next(declared_references(contract), None) is None:
            return None
        from contractkit.contract_files import reference_contracts
        from contractkit.spark.references import References

        targets = [*self.collected, *reference_contracts(contract.base_dir)]
        return References(tuple(targets), server=self.server, bindings=self.bindings)


def _validate(
    spark: Any, contract: Contract, location: Location, references: References | None
) -> ValidationReport:
    from contractkit.spark.sources import read, reading
    from contractkit.spark.validator import validate

    with reading(location.describe()):
        return validate(
            read(spark, contract, location), contract, spark=spark, references=references
        )
