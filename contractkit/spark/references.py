"""References between contracts, checked on the data: one left-anti join per reference.

A field with `references: silver_customers.customer_id` promises that each of its non-NULL
values exists among the referenced field's values. `check_references` reads the referenced
contract's data through the same location logic as `contractkit check`
(contractkit.datalocation: its binding for the chosen server in pyproject.toml, else its
server) or takes a DataFrame given for it, and runs ONE query per reference:

    orphans = source (non-NULL values)  LEFT ANTI JOIN  target (non-NULL values)

The orphan rows are counted by an observation on that query, while the same query returns
the N smallest distinct orphan values as samples (sorted, so the same data gives the same
samples): clean or dirty, a reference costs one join. NULL is never an orphan.

A reference that cannot be checked (its contract is not among those given, its data cannot
be located or read, a column is missing) is a ReferenceResult with an `error`, never an
exception: the other checks of the report stand.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contractkit.contract_ref import ContractRef, as_contract
from contractkit.datalocation import Bindings, resolve
from contractkit.errors import ContractKitError
from contractkit.model import Contract
from contractkit.references import Reference, declared_references, split_reference
from contractkit.spark.reasons import is_spark_error, read_reason
from contractkit.sqltext import column_reference
from contractkit.validation import ReferenceResult

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["DEFAULT_SAMPLES", "References", "check_references"]

DEFAULT_SAMPLES = 5
_VALUE = "_contractkit_value"


@dataclass(frozen=True)
class References:
    """Where the data of referenced contracts is, for `validate(..., references=...)`.

    `data` maps a contract name to its data (a DataFrame or a table name), taken as given;
    `contracts` are located as `contractkit check` locates a contract (`server` chosen, with
    `bindings` from pyproject.toml). A name in both uses `data`. A reference to the
    validated contract itself reads the data being validated unless `data` names it."""

    contracts: tuple[Contract, ...] = ()
    data: Mapping[str, DataFrame | str] = field(default_factory=dict)
    server: str | None = None
    bindings: Bindings | None = None

    @classmethod
    def of(
        cls,
        contracts: Iterable[ContractRef] = (),
        *,
        data: Mapping[str, DataFrame | str] | None = None,
        server: str | None = None,
        bindings: Bindings | None = None,
    ) -> References:
        """Contracts given as Contract objects, contract files' paths or generated modules."""
        return cls(tuple(as_contract(c) for c in contracts), dict(data or {}), server, bindings)

    def names(self, validated: Contract) -> set[str]:
        return {validated.name, *(c.name for c in self.contracts), *self.data}

    def contract(self, name: str, validated: Contract) -> Contract | None:
        if name == validated.name:
            return validated
        return next((c for c in self.contracts if c.name == name), None)


def as_references(value: References | Mapping[str, DataFrame | str]) -> References:
    """`validate`'s `references=`: a References, or a mapping of contract name -> data."""
    return value if isinstance(value, References) else References(data=dict(value))


def check_references(
    df: DataFrame,
    contract: Contract,
    references: References,
    *,
    spark: SparkSession,
    samples: int = DEFAULT_SAMPLES,
) -> tuple[ReferenceResult, ...]:
    """One result per field of `contract` that declares `references`, in schema order."""
    present = {c.casefold() for c in df.columns}
    return tuple(
        _check(df, present, reference, references, spark, samples)
        for reference in declared_references(contract)
    )


def _check(
    df: DataFrame,
    present: set[str],
    reference: Reference,
    references: References,
    spark: SparkSession,
    samples: int,
) -> ReferenceResult:
    contract, text = reference.contract, reference.text
    result = ReferenceResult(field=reference.path, target=text)
    source_parts = _parts(contract, reference.path)
    if source_parts[0].casefold() not in present:
        return _error(result, f"column {reference.path!r} is not in the data")
    found = split_reference(text, references.names(contract))
    if found is None:
        return _error(result, _unknown_contract(text, references, contract))
    name, path = found
    target = references.contract(name, contract)
    if target is not None and target.field(path) is None:
        return _error(result, f"contract {name!r} has no field {path!r}")
    try:
        target_df, where = _target_data(df, name, target, contract, references, spark)
    except ContractKitError as exc:
        return _error(result, f"the data of contract {name!r}: {exc}")
    target_parts = _parts(target, path) if target is not None else tuple(path.split("."))
    try:
        if target_parts[0].casefold() not in {c.casefold() for c in target_df.columns}:
            return _error(result, f"column {path!r} is not in the data of {name!r} ({where})")
        orphans, values = _orphans(df, source_parts, target_df, target_parts, samples)
    except Exception as exc:
        if not (isinstance(exc, OSError) or is_spark_error(exc)):
            raise
        return _error(result, f"cannot read {where}: {read_reason(exc)}")
    return ReferenceResult(reference.path, text, orphans, values)


def _error(result: ReferenceResult, message: str) -> ReferenceResult:
    return ReferenceResult(result.field, result.target, error=message)


def _unknown_contract(text: str, references: References, validated: Contract) -> str:
    known = ", ".join(sorted(references.names(validated)))
    return (
        f"{text!r} names no contract among those given ({known}); give the referenced "
        "contract (its file, in the same folder or with --references-from) or its data"
    )


def _target_data(
    df: DataFrame,
    name: str,
    target: Contract | None,
    validated: Contract,
    references: References,
    spark: SparkSession,
) -> tuple[DataFrame, str]:
    """The referenced contract's data and how to name it in messages."""
    from contractkit.spark.sources import read

    given = references.data.get(name)
    if given is not None:
        if isinstance(given, str):
            return spark.table(given), f"table {given}"
        return given, f"the DataFrame given for {name!r}"
    if name == validated.name:
        return df, "the data being validated"
    assert target is not None
    location = resolve(target, server=references.server, bindings=references.bindings)
    where = location.describe()
    try:
        data = read(spark, target, location)
    except Exception as exc:
        if not (isinstance(exc, OSError) or is_spark_error(exc)):
            raise
        raise ContractKitError(f"cannot read {where}: {read_reason(exc)}") from None
    return (spark.table(data) if isinstance(data, str) else data), where


def _orphans(
    df: DataFrame,
    source_parts: tuple[str, ...],
    target_df: DataFrame,
    target_parts: tuple[str, ...],
    samples: int,
) -> tuple[int, tuple[Any, ...]]:
    """(orphan rows, the `samples` smallest distinct orphan values), in one query."""
    from pyspark.sql import Observation
    from pyspark.sql import functions as F

    value = F.col(_VALUE)
    source = df.select(F.col(column_reference(source_parts)).alias(_VALUE)).where(value.isNotNull())
    target = target_df.select(F.col(column_reference(target_parts)).alias(_VALUE)).where(
        value.isNotNull()
    )
    orphans = source.join(target, on=_VALUE, how="left_anti")
    observation = Observation(f"contractkit_references_{uuid.uuid4().hex}")
    counted = orphans.observe(observation, F.count(F.lit(1)).alias("orphans"))
    # distinct + sort + limit read every orphan row, so the observation sees them all.
    rows = counted.distinct().orderBy(_VALUE).limit(max(samples, 1)).collect()
    if not rows:
        return 0, ()  # nothing reached the sort: no orphans (the plan may skip the metric)
    total = int(observation.get["orphans"])
    return total, tuple(row[_VALUE] for row in rows[:samples])


def _parts(contract: Contract, name: str) -> tuple[str, ...]:
    """A field's column path: a top-level field whose own name has a dot is one part."""
    if any(f.name.casefold() == name.casefold() for f in contract.fields):
        return (name,)
    return tuple(name.split("."))
