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
from contractkit.odcs.dataset import aggregate_check, row_count_check, severity_action
from contractkit.odcs.dqx import dqx_checks
from contractkit.odcs.quality import (
    OPERATORS,
    Unmappable,
    metric_condition,
    sql_condition,
    threshold_of,
)
from contractkit.sqltext import quote_name
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
    warn_threshold: Any = None


@dataclass
class Context:
    """What reading one object gathers beside its fields."""

    report: Report
    objects: set[str]
    expectations: list[Pending] = field(default_factory=list)
    primary_key: list[tuple[int, int, str]] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    dataset: list[dict[str, Any]] = field(default_factory=list)
    """Dataset checks (`quality.dataset`), from rowCount and aggregate SQL rules."""
    dataset_paths: list[str] = field(default_factory=list)
    """Where each dataset check came from, for reports."""
    unique: list[dict[str, Any]] = field(default_factory=list)
    """Composite keys (`quality.unique`), from duplicateValues rules."""
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
    extras = custom_properties(rule, path, report, known=("action", "constraint", "warn_threshold"))
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
            _duplicates(rule, path, item, column, context, extras)
            return
        if kind == "library" and metric == "rowCount":
            _dataset_check(rule, path, row_count_check(rule), "row_count", context, extras)
            return
        if kind == "library":
            if column is None and metric in ("nullValues", "missingValues", "invalidValues"):
                raise Unmappable(f"{metric} applies to a property, not to the whole object")
            condition = metric_condition(str(metric), rule.get("arguments") or {}, column or "")
            fallback = f"{item['name'] if item else 'check'}_{_snake(str(metric))}"
        else:
            query = str(rule.get("query", ""))
            try:
                condition = sql_condition(query, context.objects, column)
            except Unmappable as row_level:
                try:
                    check = aggregate_check(query, context.objects, rule)
                except Unmappable as aggregate:
                    raise Unmappable(
                        f"{row_level}; nor is it one aggregate of the object: it {aggregate}"
                    ) from None
                _dataset_check(rule, path, check, "check", context, extras)
                return
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
            extras.get("warn_threshold"),
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
            _duplicates(
                {"mustBe": 0, "arguments": {"properties": columns}},
                path,
                own,
                column if own is not None else None,
                context,
            )
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


def _unkept(
    rule: dict[str, Any],
    path: str,
    report: Report,
    constraint: str = "",
    also: tuple[str, ...] = (),
    what: str = "contractkit expectations",
) -> None:
    """Report the rule's attributes with no place in what it became: an expectation keeps a
    name (the rule's name, else its id) and a description; a field constraint keeps neither;
    `also` are kept too (a dataset check's severity, its action)."""
    kept = _RULE_KEYS_KEPT | set(OPERATORS) | {"customProperties", *also}
    if constraint:
        kept -= {"name", "description"}
    elif not rule.get("name"):
        kept.add("id")
    if constraint:
        what = f"the field constraint `{constraint}`"
    for key in sorted(set(rule) - kept):
        if rule[key] not in (None, [], {}):
            report.add(f"{path}.{key}", f"{what} {'has' if constraint else 'have'} no {key}")


def _dataset_check(
    rule: dict[str, Any],
    path: str,
    expression: str,
    fallback: str,
    context: Context,
    extras: dict[str, Any],
) -> None:
    """A check over the whole dataset: named by the rule (else `fallback`), unique among the
    dataset checks; its action from `contractkit.action`, else the rule's severity."""
    taken = {str(c["name"]).lower() for c in context.dataset}
    name = base = str(rule.get("name") or rule.get("id") or fallback)
    number = 2
    while name.lower() in taken:
        name, number = f"{base}_{number}", number + 1
    check: dict[str, Any] = {"name": name, "expression": expression}
    action = extras.get("action") or severity_action(rule.get("severity"))
    if action != "fail":
        check["action"] = action
    if rule.get("description"):
        check["description"] = rule["description"]
    context.dataset.append(check)
    context.dataset_paths.append(path)
    _unkept(rule, path, context.report, also=("severity",), what="contractkit dataset checks")


def _duplicates(
    rule: dict[str, Any],
    path: str,
    item: dict[str, Any] | None,
    column: str | None,
    context: Context,
    extras: dict[str, Any] | None = None,
) -> None:
    """No duplicates in one property: `unique: true`; in the primary key's columns: the key
    says so already; any other set of columns, or a duplicate rate: a composite key."""
    extras = extras or {}
    threshold = threshold_of(rule)
    columns = [str(c) for c in (rule.get("arguments") or {}).get("properties") or ()]
    if item is not None:
        if column != quote_name(str(item["name"])):
            raise Unmappable(
                "duplicates of a nested property: import maps them on top-level properties "
                "(write the key on the object, with the dotted path)"
            )
        columns = [str(item["name"])]
    elif not columns:
        raise Unmappable("names no properties (arguments.properties) to find duplicates of")
    else:
        declared = {path.lower(): path for path in _paths(context.fields)}
        unknown = [c for c in columns if c.lower() not in declared]
        if unknown:
            raise Unmappable(f"names {', '.join(map(repr, unknown))}, not a property of it")
        columns = [declared[c.lower()] for c in columns]
    as_key = (
        threshold != 1 or extras.get("constraint") == "unique_key" or "warn_threshold" in extras
    )
    if not as_key:
        key = [c for _, _, c in sorted(context.primary_key)]
        if len(columns) == 1:
            wanted = columns[0].lower()
            found = item or next(
                (f for f in context.fields if str(f["name"]).lower() == wanted), None
            )
            if found is not None:
                found["unique"] = True
                _unkept(rule, path, context.report, constraint="unique")
                return
        elif {c.lower() for c in columns} == {c.lower() for c in key}:
            _unkept(rule, path, context.report, constraint="primary_key")
            return
    entry: dict[str, Any] = {"columns": columns}
    if rule.get("name"):
        entry["name"] = str(rule["name"])
    level = format_percent(threshold)
    warn = extras.get("warn_threshold")
    if warn is not None:
        entry["threshold"] = {"fail": level, "warn": warn}
    elif threshold != 1:
        entry["threshold"] = level
    if rule.get("description"):
        entry["description"] = rule["description"]
    context.unique.append(entry)
    _unkept(rule, path, context.report, what="contractkit composite keys")


def _paths(fields: list[dict[str, Any]], prefix: str = "") -> list[str]:
    """Every field's dotted path, subfields too (composite keys may name them)."""
    found = []
    for item in fields:
        path = f"{prefix}{item['name']}"
        found.append(path)
        found += _paths(item.get("fields") or [], f"{path}.")
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def name_expectations(contract: dict[str, Any], context: Context) -> list[dict[str, Any]]:
    """Name the expectations (the rule's name, else `<field>_<metric>`), unique among
    themselves and the derived ones, and keep those whose SQL contractkit can check."""
    if not context.expectations:
        return []  # and no model, no expression checker to load (most objects have none)
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
        if found.warn_threshold is not None:
            expectation["threshold"] = {
                "fail": format_percent(found.threshold),
                "warn": found.warn_threshold,
            }
        if found.action:
            expectation["action"] = found.action
        if found.description:
            expectation["description"] = found.description
        out.append(expectation)
    return out
