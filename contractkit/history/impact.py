"""Which consumers a check touches, and where in the contract file the check is written.

A consumer is touched by a failing check when the check reads a field the consumer `uses`
(a field, a subfield of it or the struct holding it), when the consumer declares no
`uses` (it reads everything), or when the check concerns the whole dataset (schema,
freshness, a dataset check of no column such as `count(*) >= 1000`, an expression we cannot
read). A composite key reads its columns, a reference its field. A consumer's own checks
touch only that consumer. The same holds for a warning: it touches whom a failure would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.derived import derive
from contractkit.expressions import referenced_columns
from contractkit.history.records import reference_check
from contractkit.model import Consumer, Contract, DatasetCheck, Expectation
from contractkit.references import declared_references
from contractkit.yamlsource import Path


@dataclass(frozen=True)
class CheckSite:
    """What a check reads (None: the whole dataset) and where it is declared."""

    columns: tuple[str, ...] | None
    location: Path


def check_site(contract: Contract, check: str, kind: str, consumer: str | None) -> CheckSite:
    """The columns and YAML path of a recorded check, looked up in the contract by name."""
    if kind.startswith("consumer_"):
        return _consumer_site(contract, check, kind, consumer)
    if kind == "expectation":
        for position, e in enumerate(contract.expectations):
            if e.name == check:
                return CheckSite(_columns(e.expression), ("quality", "expectations", position))
    if kind in ("expectation", "constraint"):
        for derived in derive(contract):
            if derived.expectation.name == check:
                return CheckSite((derived.field_path,), derived.location)
        return CheckSite(None, ("quality",))
    if kind == "dataset":
        for position, d in enumerate(contract.quality.dataset):
            if d.name == check:
                return CheckSite(_columns(d.expression), ("quality", "dataset", position))
        return CheckSite(None, ("quality",))
    if kind == "unique_key":
        for position, key in enumerate(contract.quality.unique):
            if key.label == check:
                return CheckSite(tuple(key.columns), ("quality", "unique", position))
        return CheckSite(None, ("quality",))
    if kind == "reference":
        for reference in declared_references(contract):
            if reference_check(reference.path) == check:
                return CheckSite((reference.path,), reference.location)
        return CheckSite(None, ("schema",))
    if kind == "freshness":
        return CheckSite(None, ("sla", "freshness"))
    if kind == "uniqueness":
        columns = tuple(c.strip() for c in check.partition("(")[2].rstrip(")").split(","))
        if check.startswith("primary_key"):
            return CheckSite(columns, ("schema", "primary_key"))
        for index, field in enumerate(contract.fields):
            if len(columns) == 1 and field.name.casefold() == columns[0].casefold():
                return CheckSite(columns, ("schema", "fields", index, "unique"))
        return CheckSite(columns, ("schema",))
    return CheckSite(None, ("schema",))


def _consumer_site(contract: Contract, check: str, kind: str, consumer: str | None) -> CheckSite:
    for index, declared in enumerate(contract.consumers):
        if declared.pipeline != consumer:
            continue
        if kind == "consumer_freshness":
            return CheckSite(None, ("consumers", index, "freshness"))
        name = check.split(":", 1)[-1]
        section = "dataset" if kind == "consumer_dataset" else "expectations"
        checks: Sequence[DatasetCheck | Expectation] = (
            declared.dataset if kind == "consumer_dataset" else declared.expectations
        )
        for position, e in enumerate(checks):
            if e.name == name:
                where = ("consumers", index, section, position)
                return CheckSite(_columns(e.expression), where)
        return CheckSite(None, ("consumers", index))
    return CheckSite(None, ("consumers",))


def consumers_touched(
    contract: Contract, site: CheckSite, owner: str | None = None
) -> list[Consumer]:
    """The consumers whose `uses` the check reaches (`owner`: the consumer that declared it)."""
    if owner is not None:
        return [c for c in contract.consumers if c.pipeline == owner]
    if site.columns is None:
        return list(contract.consumers)
    return [c for c in contract.consumers if any(map(c.uses_path, site.columns))]


def line_of(contract: Contract, location: Path) -> int | None:
    source = contract.source_map
    return None if source is None else source.value(location).line


def _columns(expression: str) -> tuple[str, ...] | None:
    found = referenced_columns(expression)  # empty when it does not parse: touches all
    return tuple(sorted(found)) if found else None
