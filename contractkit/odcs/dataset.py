"""ODCS's checks over the whole dataset <-> contractkit's dataset checks, composite keys and
references.

- `rowCount` with any comparison (`mustBe`, `mustBeGreaterThan`, ..., `mustBeBetween`,
  inclusive as SQL's BETWEEN) is the dataset check `count(*) <op> <n>`; a SQL rule that
  selects one aggregate of the object (`SELECT avg(amount) FROM {object}`) with a comparison
  is the dataset check `avg(amount) <op> <value>` (with `mustBe: true`, the aggregate alone).
  The rule's `severity` gives the action: `info`/`warning` warn, anything else fails.
- `duplicateValues` bounded by `mustBe: 0` or a percentage is a composite key (or, on one
  property with no duplicate allowed, `unique: true`); a bound in rows other than zero is an
  absolute count, not the share contractkit keys take, and stays reported.
- `relationships` (ODCS v3.1, `type: foreignKey`) with a single `to: table.column` is the
  field's `references: contract.field` (an ODCS object is a contract, named after it).

Writing goes the other way. A dataset check is written as `rowCount` when it is exactly what
reading that rule gives back (`count(*) >= 1000`), else as a SQL rule selecting it with
`mustBe: true`; a reference that ODCS's shorthand cannot spell (a dotted contract name, a
nested field) rides in `contractkit.references`, and warn levels in `contractkit.warn_threshold`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from contractkit.model import DatasetCheck, UniqueKey
from contractkit.odcs.common import custom
from contractkit.odcs.quality import Unmappable, number_of
from contractkit.sqltext import number_literal
from contractkit.values import format_percent

__all__ = [
    "COMPARISONS",
    "aggregate_check",
    "dataset_check_rule",
    "row_count_check",
    "severity_action",
    "shorthand",
    "unique_key_rule",
    "warn_threshold_property",
]

COMPARISONS = {
    "mustBe": "=",
    "mustNotBe": "<>",
    "mustBeGreaterThan": ">",
    "mustBeGreaterOrEqualTo": ">=",
    "mustBeLessThan": "<",
    "mustBeLessOrEqualTo": "<=",
}
_RANGES = {"mustBeBetween": "BETWEEN", "mustNotBeBetween": "NOT BETWEEN"}
_WARN_SEVERITIES = frozenset(("info", "warning", "warn", "minor", "low"))
_SHORTHAND = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")
"""ODCS v3.1's ShorthandReference: `table.column`, plain names only."""


def _comparison(rule: dict[str, Any], subject: str) -> str:
    """`subject <op> value` from the rule's one comparison."""
    operators = [op for op in (*COMPARISONS, *_RANGES) if op in rule]
    if len(operators) != 1:
        raise Unmappable("has no single comparison (mustBe, mustBeGreaterThan, ...)")
    operator = operators[0]
    value = rule[operator]
    if operator in _RANGES:
        low, high = (number_literal(number_of(v)) for v in value)
        return f"{subject} {_RANGES[operator]} {low} AND {high}"
    if isinstance(value, bool) and operator in ("mustBe", "mustNotBe"):
        return subject if value == (operator == "mustBe") else f"NOT ({subject})"
    return f"{subject} {COMPARISONS[operator]} {number_literal(number_of(value))}"


def row_count_check(rule: dict[str, Any]) -> str:
    """The dataset check a `rowCount` rule states."""
    unit = str(rule.get("unit", "rows")).strip().lower()
    if unit not in ("rows", "row"):
        raise Unmappable(f"counts rows in unit {rule.get('unit')!r}; a row count is in rows")
    for operator in ("mustBe", "mustNotBe"):
        if isinstance(rule.get(operator), bool):
            raise Unmappable(f"compares the row count with {rule[operator]!r}, not a number")
    return _comparison(rule, "count(*)")


def aggregate_check(query: str, objects: set[str], rule: dict[str, Any]) -> str:
    """The dataset check for `SELECT <one aggregate> FROM <object>` compared as the rule says."""
    text = query.strip().rstrip(";").strip()
    for placeholder in ("${object}", "${model}", "{object}", "{model}"):
        text = text.replace(placeholder, "__contractkit_object__")
    dialect = sqlglot.Dialect.get_or_raise("spark")
    try:
        tree = sqlglot.parse_one(text, read=dialect)
        tokens = dialect.tokenize(text)
    except (ParseError, TokenError) as exc:
        raise Unmappable(f"is not Spark SQL that contractkit can read: {str(exc)[:120]}") from None
    if not isinstance(tree, exp.Select) or len(tree.expressions) != 1:
        raise Unmappable("is not a single SELECT of one value")
    source = tree.args.get("from_") or tree.args.get("from")
    table = source.this if isinstance(source, exp.From) else None
    names = {n.lower() for n in objects | {"__contractkit_object__"}}
    if not isinstance(table, exp.Table) or table.name.lower() not in names:
        raise Unmappable("does not read this object alone")
    for key, value in tree.args.items():
        if key not in ("expressions", "from_", "from") and value:
            raise Unmappable(f"has {key.upper().replace('_', ' ')}, not one value of the object")
    if not list(tree.expressions[0].find_all(exp.AggFunc)):
        raise Unmappable("selects a value per row, not an aggregate of the dataset")
    depth, start, end = 0, None, None
    for token in tokens:
        if token.token_type == sqlglot.TokenType.L_PAREN:
            depth += 1
        elif token.token_type == sqlglot.TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and token.token_type == sqlglot.TokenType.SELECT and start is None:
            start = token.end + 1
        elif depth == 0 and token.token_type == sqlglot.TokenType.FROM and end is None:
            end = token.start
    assert start is not None
    assert end is not None
    selected = text[start:end].strip()
    if isinstance(tree.expressions[0], exp.Alias):
        selected = tree.expressions[0].this.sql(dialect="spark")
    for operator in ("mustBe", "mustNotBe"):
        if isinstance(rule.get(operator), bool) and not any(
            op in rule for op in (*COMPARISONS, *_RANGES) if op != operator
        ):
            holds = rule[operator] == (operator == "mustBe")
            return selected if holds else f"NOT ({selected})"
    subject = selected if _is_atom(selected, dialect) else f"({selected})"
    return _comparison(rule, subject)


def _is_atom(text: str, dialect: sqlglot.Dialect) -> bool:
    """Whether `text` needs no parentheses before a comparison: one call or one name."""
    tree = sqlglot.parse_one(text, read=dialect)
    return isinstance(tree, exp.Func | exp.Column)


def severity_action(severity: Any) -> str:
    """A dataset check's action from an ODCS rule's severity (free text): warn for the
    advisory ones, fail for the rest (and when there is none, contractkit's default)."""
    if severity is None:
        return "fail"
    return "warn" if str(severity).strip().lower() in _WARN_SEVERITIES else "fail"


def dataset_check_rule(check: DatasetCheck) -> dict[str, Any]:
    """A dataset check as ODCS: `rowCount` when that reads back as the same text, else SQL."""
    rule: dict[str, Any] = {"name": check.name}
    if check.description:
        rule["description"] = check.description
    as_row_count = _as_row_count(check.expression)
    if as_row_count is not None:
        rule = {"type": "library", "metric": "rowCount", **rule, **as_row_count}
    else:
        rule = {"type": "sql", **rule}
        rule["query"] = f"SELECT {check.expression} FROM {{object}}"
        rule["mustBe"] = True
    rule["severity"] = "error" if check.action == "fail" else "warning"
    return rule


def _as_row_count(expression: str) -> dict[str, Any] | None:
    match = re.fullmatch(r"count\(\*\) (=|<>|>|>=|<|<=) (-?\d+)", expression)
    if match:
        operator = next(k for k, v in COMPARISONS.items() if v == match.group(1))
        return {operator: int(match.group(2))}
    match = re.fullmatch(r"count\(\*\) (BETWEEN|NOT BETWEEN) (-?\d+) AND (-?\d+)", expression)
    if match and int(match.group(2)) < int(match.group(3)):  # ODCS: two different numbers
        operator = next(k for k, v in _RANGES.items() if v == match.group(1))
        return {operator: [int(match.group(2)), int(match.group(3))]}
    return None


def unique_key_rule(key: UniqueKey) -> dict[str, Any]:
    """A composite key as an object-level `duplicateValues` rule over its properties."""
    rule: dict[str, Any] = {"type": "library", "metric": "duplicateValues"}
    if key.name:
        rule["name"] = key.name
    if key.description:
        rule["description"] = key.description
    rule["arguments"] = {"properties": list(key.columns)}
    if key.threshold == 1:
        rule["mustBe"] = 0
    else:
        rule["mustBeLessOrEqualTo"] = (1 - key.threshold) * 100
        rule["unit"] = "percent"
    extras = [custom("constraint", "unique_key")]
    extras += warn_threshold_property(key.warn_threshold)
    rule["customProperties"] = extras
    return rule


def warn_threshold_property(warn: Decimal | None) -> list[dict[str, Any]]:
    """The warn level, which ODCS rules have no place for, as a custom property."""
    return [custom("warn_threshold", format_percent(warn))] if warn is not None else []


def shorthand(reference: str) -> bool:
    """Whether ODCS's `table.column` shorthand can spell the reference."""
    return bool(_SHORTHAND.fullmatch(reference))
