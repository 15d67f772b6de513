"""ODCS quality rules read into contractkit: expectations, or field constraints (`unique`,
`allowed_values`), or a report of why not. The mapping rules themselves are in
`contractkit.odcs.quality`; this module applies them to one rule of a document."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from contractkit.model import Contract
from contractkit.odcs.common import Report, custom_properties
from contractkit.odcs.dqx import dqx_checks
from contractkit.odcs.quality import (
    OPERATORS,
    Unmappable,
    metric_condition,
    sql_condition,
    threshold_of,
)
from contractkit.values import format_percent

__all__ = ["Context", "Pending", "name_expectations", "read_rule"]

_RULE_KEYS_KEPT = {"type", "metric", "rule", "arguments", "query", "unit", "name", "description"}


@dataclass
class Pending:
    """An expectation found in the document, named and checked once the fields are known."""

    path: str
    name: str | None
    fallback: str
    expression: str
    threshold: Decimal
    description: str | None
    action: str | None


@dataclass
class Context:
    """What reading one object gathers beside its fields."""

    report: Report
    objects: set[str]
    expectations: list[Pending] = field(default_factory=list)
    primary_key: list[tuple[int, int, str]] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    platform: str | None = None
    """The platform of the document's servers, which says what its physical types mean."""


def read_rule(
    rule: dict[str, Any],
    path: str,
    item: dict[str, Any] | None,
    column: str | None,
    context: Context,
) -> None:
    report = context.report
    kind = rule.get("type") or "library"
    metric = rule.get("metric") or rule.get("rule")
    if kind == "text":
        report.add(path, "a text rule describes quality in words; contractkit checks are SQL")
        return
    if kind == "custom" and str(rule.get("engine", "")).lower() == "dqx":
        _dqx(rule, path, item, column, context)
        return
    if kind == "custom":
        report.add(
            path,
            f"a rule for the {rule.get('engine')!r} engine, in its own language, not Spark SQL",
        )
        return
    extras = custom_properties(rule, path, report, known=("action", "constraint"))
    try:
        if (
            kind == "library"
            and metric == "invalidValues"
            and item is not None
            and (extras.get("constraint") == "allowed_values")
        ):
            threshold_of(rule)
            item["allowed_values"] = [
                v for v in (rule.get("arguments") or {}).get("validValues", []) if v is not None
            ]
            _unkept(rule, path, report, constraint="allowed_values")
            return
        if kind == "library" and metric == "duplicateValues":
            _duplicates(rule, path, item, context)
            return
        if kind == "library":
            if column is None and metric in ("nullValues", "missingValues", "invalidValues"):
                raise Unmappable(f"{metric} applies to a property, not to the whole object")
            condition = metric_condition(str(metric), rule.get("arguments") or {}, column or "")
            fallback = f"{item['name'] if item else 'check'}_{_snake(str(metric))}"
        else:
            condition = sql_condition(str(rule.get("query", "")), context.objects, column)
            fallback = f"{item['name']}_check" if item else "check"
        threshold = threshold_of(rule)
    except Unmappable as exc:
        report.add(path, str(exc))
        return
    name = rule.get("name") or rule.get("id")
    context.expectations.append(
        Pending(
            path,
            name,
            fallback,
            condition,
            threshold,
            rule.get("description"),
            extras.get("action"),
        )
    )
    _unkept(rule, path, report)


def _dqx(
    rule: dict[str, Any],
    path: str,
    item: dict[str, Any] | None,
    column: str | None,
    context: Context,
) -> None:
    """A DQX row check: one expectation per column it checks, every row must pass."""
    implementation = rule.get("implementation")
    if isinstance(implementation, str):
        with contextlib.suppress(yaml.YAMLError):  # else dqx_checks says why it is unreadable
            implementation = yaml.safe_load(implementation)
    check = implementation.get("check") if isinstance(implementation, dict) else None
    try:
        if isinstance(check, dict) and check.get("function") == "is_unique":
            columns = (check.get("arguments") or {}).get("columns") or [column]
            if (check.get("arguments") or {}).get("nulls_distinct") is False:
                raise Unmappable(
                    "is_unique with nulls_distinct false: contractkit's unique lets NULLs repeat"
                )
            own = item if item is not None and columns == [column] else None
            _duplicates({"mustBe": 0, "arguments": {"properties": columns}}, path, own, context)
            return
        checks = dqx_checks(implementation, column)
    except Unmappable as exc:
        context.report.add(path, f"a rule for the 'dqx' engine: {exc}")
        return
    name = rule.get("name") or (
        implementation.get("name") if isinstance(implementation, dict) else None
    )
    for fallback, condition in checks:
        context.expectations.append(
            Pending(
                path,
                name if len(checks) == 1 else None,
                fallback,
                condition,
                Decimal(1),
                rule.get("description"),
                None,
            )
        )
    if isinstance(implementation, dict):
        for key in sorted(set(implementation) - {"check", "name", "filter"}):
            context.report.add(
                f"{path}.implementation.{key}", f"contractkit expectations have no DQX {key}"
            )
    for key in sorted(set(rule) - {"type", "engine", "implementation", "name", "description"}):
        if rule[key] not in (None, [], {}):
            context.report.add(f"{path}.{key}", f"contractkit expectations have no {key}")


def _unkept(rule: dict[str, Any], path: str, report: Report, constraint: str = "") -> None:
    """Report the rule's attributes with no place in what it became: an expectation keeps a
    name (the rule's name, else its id) and a description; a field constraint keeps neither."""
    kept = _RULE_KEYS_KEPT | set(OPERATORS) | {"customProperties"}
    if constraint:
        kept -= {"name", "description"}
    elif not rule.get("name"):
        kept.add("id")
    what = f"the field constraint `{constraint}`" if constraint else "contractkit expectations"
    for key in sorted(set(rule) - kept):
        if rule[key] not in (None, [], {}):
            report.add(f"{path}.{key}", f"{what} {'has' if constraint else 'have'} no {key}")


def _duplicates(
    rule: dict[str, Any], path: str, item: dict[str, Any] | None, context: Context
) -> None:
    if threshold_of(rule) != 1:
        raise Unmappable("allows some duplicates; contractkit's unique allows none")
    if item is None:
        columns = [str(c) for c in (rule.get("arguments") or {}).get("properties") or ()]
        key = [column for _, _, column in sorted(context.primary_key)]
        if len(columns) == 1:
            wanted = columns[0].lower()
            item = next((f for f in context.fields if str(f["name"]).lower() == wanted), None)
        if item is None:
            if not columns or {c.lower() for c in columns} != {c.lower() for c in key}:
                raise Unmappable(
                    f"uniqueness of the combination {columns!r}: contractkit has unique "
                    "columns and one primary key, not other unique combinations"
                )
            _unkept(rule, path, context.report, constraint="primary_key")
            return
    item["unique"] = True
    _unkept(rule, path, context.report, constraint="unique")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def name_expectations(contract: dict[str, Any], context: Context) -> list[dict[str, Any]]:
    """Name the expectations (the rule's name, else `<field>_<metric>`), unique among
    themselves and the derived ones, and keep those whose SQL contractkit can check."""
    from contractkit.derived import derive
    from contractkit.expressions import check_expression

    model = Contract.model_validate(contract)
    taken = {d.expectation.name.lower() for d in derive(model)}
    columns = {f.name: f.data_type for f in model.fields}
    out: list[dict[str, Any]] = []
    for found in context.expectations:
        problems = check_expression(found.expression, columns).problems
        if problems:
            context.report.add(
                found.path,
                f"the condition {found.expression!r} is not one contractkit can check: "
                f"{problems[0].message}",
            )
            continue
        name = base = str(found.name or found.fallback)
        number = 2
        while name.lower() in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name.lower())
        expectation: dict[str, Any] = {"name": name, "expression": found.expression}
        if found.threshold != 1:
            expectation["threshold"] = format_percent(found.threshold)
        if found.action:
            expectation["action"] = found.action
        if found.description:
            expectation["description"] = found.description
        out.append(expectation)
    return out
