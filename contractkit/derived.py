"""Expectations derived from field constraints, so producers enforce what the schema says.

Each constraint on a field becomes one row expectation with a stable name
`<field path>_<kind>` (the path dotted for struct subfields, as in `uses:`):

    nullable: false     order_id_not_null        order_id IS NOT NULL
    allowed_values      status_allowed_values    status IN ('PENDING', 'COMPLETED')
    pattern             phone_pattern            phone RLIKE r'^\\+?[0-9]{10,15}$'
    min / max           amount_min, amount_max   amount >= 0, amount <= 1000000

A NOT NULL subfield is checked only where its struct is present: Spark's own schema says
`address.city` may not be NULL *inside* an `address`, and a missing address is governed by the
nullability of `address` itself. So `address.city` derives
`address IS NULL OR address.city IS NOT NULL`; without the guard every row with no address
would also count against the city.

Derived expectations keep the threshold 100% and take the field's `constraint_action`, else
the nearest enclosing struct's, else `quality.constraint_action` (default `warn`: derived
expectations never drop data unless the contract asks). Dataset-level constraints (`unique`,
`primary_key`, freshness) are not row expectations and are not derived here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contractkit.model import Action, Contract, Expectation, Field
from contractkit.scalars import source_text
from contractkit.sqltext import (
    column_reference,
    number_literal,
    string_literal,
    temporal_literal,
)
from contractkit.types import PrimitiveType
from contractkit.yamlsource import Path

__all__ = ["KINDS", "Derived", "all_expectations", "derive", "expectations"]

KINDS = ("not_null", "allowed_values", "pattern", "min", "max")
_TEMPORAL = ("date", "timestamp", "timestamp_ntz")


@dataclass(frozen=True)
class Derived:
    """One derived expectation and where it comes from: the field's dotted path, its place
    in the YAML (for lint), and the constraint kind."""

    field_path: str
    location: Path
    kind: str
    expectation: Expectation


def derive(contract: Contract) -> list[Derived]:
    """Every derived expectation, field by field in schema order, kinds in `KINDS` order."""
    return list(contract.memo("derived", lambda: tuple(_derive(contract))))


def _derive(contract: Contract) -> Iterator[Derived]:
    default = contract.quality.constraint_action
    for index, field in enumerate(contract.fields):
        yield from _walk(field, (), ("schema", "fields", index), default)


def all_expectations(contract: Contract) -> list[Expectation]:
    """The declared expectations, then the derived ones."""
    return [*contract.expectations, *(d.expectation for d in derive(contract))]


def expectations(contract: Contract, action: Action | None = None) -> dict[str, str]:
    """`{name: Spark SQL}` of every expectation (or those with `action`), as DLT takes them.

    `contractkit.expectations(contract, "drop")` is what `@dlt.expect_all_or_drop` needs.
    """
    if action is not None and action not in ("warn", "drop", "fail"):
        raise ValueError(f"action must be 'warn', 'drop', 'fail' or None, got {action!r}")
    return {
        e.name: e.expression
        for e in all_expectations(contract)
        if action is None or e.action == action
    }


def _walk(
    field: Field, parents: tuple[str, ...], location: Path, inherited: Action
) -> Iterator[Derived]:
    action = field.constraint_action or inherited
    parts = (*parents, field.name)
    path = ".".join(parts)
    for kind, expression, why in _constraints(field, parts):
        expectation = Expectation(
            name=f"{path}_{kind}",
            expression=expression,
            action=action,
            description=f"{path} {why}; derived from the field's constraints.",
        )
        yield Derived(path, location, kind, expectation)
    for index, sub in enumerate(field.fields or ()):
        yield from _walk(sub, parts, (*location, "fields", index), action)


def _constraints(field: Field, parts: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    column = column_reference(parts)
    if not field.nullable:
        guards = [f"{column_reference(parts[:end])} IS NULL" for end in range(1, len(parts))]
        where = f" where {'.'.join(parts[:-1])} is present" if guards else ""
        yield (
            "not_null",
            " OR ".join([*guards, f"{column} IS NOT NULL"]),
            f"is not NULL{where} (nullable: false)",
        )
    if field.allowed_values is not None:
        values = ", ".join(_literal(value, field) for value in field.allowed_values)
        yield "allowed_values", f"{column} IN ({values})", "is one of its allowed_values"
    if field.pattern is not None:
        yield "pattern", f"{column} RLIKE {string_literal(field.pattern)}", "matches its pattern"
    if field.min is not None:
        low = _literal(field.min, field)
        yield "min", f"{column} >= {low}", f"is at least {_shown(field.min)} (min)"
    if field.max is not None:
        high = _literal(field.max, field)
        yield "max", f"{column} <= {high}", f"is at most {_shown(field.max)} (max)"


def _literal(value: Any, field: Field) -> str:
    """`value` as a Spark literal of the field's type, exactly as the contract wrote it."""
    data_type = field.data_type
    type_name = data_type.name if isinstance(data_type, PrimitiveType) else ""
    if type_name in _TEMPORAL and isinstance(value, str | dt.date):
        return temporal_literal(value, type_name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return number_literal(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # YAML's .inf / .nan: Spark spells them as strings
            text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            return f"CAST('{text}' AS DOUBLE)"
        return number_literal(source_text(value))
    if isinstance(value, dt.datetime):
        return temporal_literal(value, "timestamp")
    if isinstance(value, dt.date):
        return temporal_literal(value, "date")
    return string_literal(str(value))


def _shown(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return source_text(value)
    return str(value)
