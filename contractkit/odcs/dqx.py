"""Databricks DQX rules in ODCS (`type: custom, engine: dqx`) read as expectations.

DQX row-level check functions whose failure is a per-row SQL condition map to a contractkit
expectation with that condition, exactly: DQX fails a row where its condition is FALSE and lets
NULL pass unless the function says otherwise, which is contractkit's rule too. Only functions
with an exact Spark SQL equivalent are listed; others (dataset-level checks such as
`is_aggr_not_greater_than`, or those whose SQL would differ at the edges) stay reported.
A DQX `filter` narrows the rows checked: `(filter) IS NOT TRUE OR (condition)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from contractkit.odcs.quality import Unmappable, literal
from contractkit.sqltext import string_literal

__all__ = ["DQX_FUNCTIONS", "dqx_checks"]

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _column(arguments: dict[str, Any]) -> str:
    column = arguments.get("column", arguments.get("col_name"))
    if not isinstance(column, str) or not column.strip():
        raise Unmappable("names no column (arguments.column)")
    return column if _PLAIN.match(column) else f"`{column.replace('`', '``')}`"


def _values(arguments: dict[str, Any]) -> str:
    allowed = arguments.get("allowed")
    if not isinstance(allowed, list) or not allowed:
        raise Unmappable("lists no allowed values (arguments.allowed)")
    return ", ".join(literal(v) for v in allowed if v is not None)


def _limit(arguments: dict[str, Any], key: str) -> str:
    value = arguments.get(key)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Unmappable(f"has no literal {key} (a column or expression limit is not mapped)")
    if isinstance(value, str):
        raise Unmappable(f"{key} {value!r} may name a column; only literal limits are mapped")
    return literal(value)


def _empty(column: str, arguments: dict[str, Any]) -> str:
    text = f"CAST({column} AS STRING)"
    return f"TRIM({text}) <> ''" if arguments.get("trim_strings") else f"{text} <> ''"


def _regex(column: str, arguments: dict[str, Any]) -> str:
    regex = arguments.get("regex")
    if not isinstance(regex, str):
        raise Unmappable("has no regex")
    condition = f"{column} RLIKE {string_literal(regex)}"
    return f"NOT ({condition})" if arguments.get("negate") else condition


def _sql(arguments: dict[str, Any]) -> str:
    expression = arguments.get("expression")
    if not isinstance(expression, str) or not expression.strip():
        raise Unmappable("has no expression")
    return f"NOT ({expression})" if arguments.get("negate") else expression


_Condition = Callable[[str, dict[str, Any]], str]
DQX_FUNCTIONS: dict[str, _Condition] = {
    "is_not_null": lambda c, a: f"{c} IS NOT NULL",
    "is_not_empty": _empty,
    "is_not_null_and_not_empty": lambda c, a: f"{c} IS NOT NULL AND {_empty(c, a)}",
    "is_in_list": lambda c, a: f"{c} IN ({_values(a)})",
    "is_not_null_and_is_in_list": lambda c, a: f"{c} IS NOT NULL AND {c} IN ({_values(a)})",
    "is_in_range": lambda c, a: (
        f"{c} BETWEEN {_limit(a, 'min_limit')} AND {_limit(a, 'max_limit')}"
    ),
    "is_not_in_range": lambda c, a: (
        f"NOT ({c} BETWEEN {_limit(a, 'min_limit')} AND {_limit(a, 'max_limit')})"
    ),
    "is_not_less_than": lambda c, a: f"{c} >= {_limit(a, 'limit')}",
    "is_not_greater_than": lambda c, a: f"{c} <= {_limit(a, 'limit')}",
    "regex_match": _regex,
    "is_not_null_and_not_empty_array": lambda c, a: f"{c} IS NOT NULL AND size({c}) > 0",
}
"""DQX function -> the per-row condition it checks (column, arguments)."""


def dqx_checks(implementation: Any, column: str | None) -> list[tuple[str, str]]:
    """(name, condition) for each row check a DQX rule stands for; Unmappable with the
    reason when it has no exact contractkit equivalent. `column` is the property the rule
    sits on, the default for a check that names none."""
    if isinstance(implementation, str):
        try:
            implementation = yaml.safe_load(implementation)
        except yaml.YAMLError:
            raise Unmappable("a DQX rule whose implementation is not YAML") from None
    if not isinstance(implementation, dict) or not isinstance(implementation.get("check"), dict):
        raise Unmappable("a DQX rule without `check: {function, arguments}`")
    check = implementation["check"]
    function = str(check.get("function", ""))
    arguments = dict(check.get("arguments") or {})
    if function == "sql_expression":
        conditions = [("sql_expression", _sql(arguments))]
    elif function in DQX_FUNCTIONS:
        columns = check.get("for_each_column") or [arguments.get("column", column)]
        conditions = []
        for each in columns:
            arguments["column"] = each
            name = f"{str(each).replace('.', '_')}_{function}"
            conditions.append((name, DQX_FUNCTIONS[function](_column(arguments), arguments)))
    else:
        raise Unmappable(
            f"the DQX check {function!r} has no exact contractkit expectation (mapped: "
            f"{', '.join(sorted([*DQX_FUNCTIONS, 'sql_expression']))})"
        )
    where = implementation.get("filter")
    if isinstance(where, str) and where.strip():
        conditions = [(n, f"({where}) IS NOT TRUE OR ({c})") for n, c in conditions]
    return conditions
