"""ODCS quality rules <-> contractkit expectations.

A contractkit expectation is a row-level Spark SQL condition with a threshold: the share of
rows that must pass. An ODCS rule maps onto one when both halves exist:

- the rule counts rows that break a per-row condition: the library metrics `nullValues`,
  `missingValues` and `invalidValues`, or a SQL rule of the form
  `SELECT COUNT(*) FROM <object> WHERE <condition>`;
- it bounds that count from above: `mustBe: 0` (threshold 100%), or with `unit: percent`
  `mustBeLessThan` / `mustBeLessOrEqualTo` / `mustBeBetween: [0, x]` (threshold 100% - x).
  An absolute number of rows other than zero is not a share, so it is not a threshold.

Semantics match contractkit's: a row violates only when its condition is FALSE, so a NULL
condition passes (ODCS counts `WHERE cond` rows, and NULL is not counted either). NULLs
themselves are the business of `nullValues` / `required`.

Writing, each expectation becomes a SQL rule `SELECT COUNT(*) FROM {object} WHERE NOT (<expr>)`
bounded by `mustBe: 0` or `mustBeLessOrEqualTo: <100 - threshold>` percent; the action rides in
a custom property. The reader recognises that shape and gives the expression back verbatim.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from contractkit.model import Expectation
from contractkit.odcs.common import custom
from contractkit.scalars import source_text
from contractkit.sqltext import number_literal, string_literal
from contractkit.values import format_percent

__all__ = [
    "OPERATORS",
    "Unmappable",
    "expectation_rule",
    "literal",
    "metric_condition",
    "number_of",
    "sql_condition",
    "threshold_of",
    "values_rule",
]

_BOUNDS = ("mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween")
OPERATORS = (
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween",
)


_TABLE_PLACEHOLDERS = ("${object}", "${model}", "{object}", "{model}")
"""How rules name the dataset they run on: ODCS's `{object}`, datacontract-cli's `${model}`
and `{model}`."""


class Unmappable(ValueError):
    """Why one rule has no contractkit equivalent."""


def number_of(value: object) -> Decimal:
    """A rule's numeric operand, exactly as written."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise Unmappable(f"compares with {value!r}, not a number")
    try:
        return Decimal(source_text(value) if isinstance(value, int | float) else str(value))
    except InvalidOperation:
        raise Unmappable(f"compares with {value!r}, not a number") from None


def threshold_of(rule: dict[str, Any]) -> Decimal:
    """The share of rows that must pass, from the bound on the count of failing rows."""
    operators = [op for op in OPERATORS if op in rule]
    if len(operators) != 1:
        raise Unmappable("has no comparison (mustBe, mustBeLessThan, ...) to take a threshold from")
    operator = operators[0]
    unit = str(rule.get("unit", "rows")).strip().lower()
    if unit not in ("rows", "row", "percent", "%"):
        raise Unmappable(f"counts in unit {rule.get('unit')!r}; only rows and percent are shares")
    percent = unit in ("percent", "%")
    value = rule[operator]
    if operator == "mustBe":
        if number_of(value) == 0:
            return Decimal(1)
        raise Unmappable(
            f"requires exactly {value} failing rows; only an upper bound is a threshold"
        )
    if operator not in _BOUNDS:
        raise Unmappable(
            f"bounds the failing rows with {operator}; only an upper bound "
            "(mustBe: 0, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween: [0, x]) is a threshold"
        )
    if operator == "mustBeBetween":
        low, high = (number_of(v) for v in value)
        if low > 0:
            raise Unmappable(f"requires at least {value[0]} failing rows")
        limit, strict = high, False
    else:
        limit, strict = number_of(value), operator == "mustBeLessThan"
    if percent:
        if not 0 <= limit <= 100:
            raise Unmappable(f"allows {limit}% failing rows, outside 0..100")
        return (100 - limit) / 100
    # Counted in rows: only "no failing row" is a share (100%).
    if (strict and limit <= 1) or (not strict and limit < 1):
        return Decimal(1)
    raise Unmappable(
        f"allows up to {limit} failing rows, an absolute count; contractkit thresholds are "
        "shares of rows (write it with unit: percent)"
    )


def literal(value: Any) -> str:
    """A YAML value as a Spark SQL literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return number_literal(source_text(value) if isinstance(value, float) else value)
    if isinstance(value, dt.date):
        return string_literal(value.isoformat())
    return string_literal(str(value))


def metric_condition(metric: str, arguments: dict[str, Any], column: str) -> str:
    """The per-row condition a property-level library metric counts the failures of."""
    if metric == "nullValues":
        return f"{column} IS NOT NULL"
    if metric == "missingValues":
        missing = [v for v in arguments.get("missingValues") or () if v is not None]
        if not missing:
            return f"{column} IS NOT NULL"
        values = ", ".join(literal(v) for v in missing)
        return f"{column} IS NOT NULL AND {column} NOT IN ({values})"
    if metric == "invalidValues":
        valid = arguments.get("validValues")
        pattern = arguments.get("pattern")
        if valid is not None and pattern is not None:
            raise Unmappable(
                "gives both validValues and pattern, and ODCS does not say whether a value "
                "must meet one or both"
            )
        if pattern is not None:
            return f"{column} RLIKE {string_literal(str(pattern))}"
        allowed = [v for v in valid or () if v is not None]
        if not allowed:
            raise Unmappable("lists no valid values (validValues or pattern)")
        return f"{column} IN ({', '.join(literal(v) for v in allowed)})"
    if metric == "duplicateValues":
        raise Unmappable("counts duplicates across rows, a dataset-level check (not per row)")
    if metric == "rowCount":
        raise Unmappable("counts the rows of the dataset, a dataset-level check (not per row)")
    raise Unmappable(f"unknown metric {metric!r}")


def sql_condition(query: str, objects: set[str], column: str | None) -> str:
    """The expectation for `SELECT COUNT(*) FROM <object> WHERE <condition>`: the rows that
    must not exist, negated; `NOT (x)` gives `x` back as written."""
    text = query.strip().rstrip(";").strip()
    for placeholder in _TABLE_PLACEHOLDERS:  # longest first: `${model}` before `{model}`
        text = text.replace(placeholder, "__contractkit_object__")
    if "{property}" in text:
        if column is None:
            raise Unmappable("uses {property} outside a property")
        text = text.replace("{property}", column)
    dialect = sqlglot.Dialect.get_or_raise("spark")
    try:
        tree = sqlglot.parse_one(text, read=dialect)
        tokens = dialect.tokenize(text)
    except (ParseError, TokenError) as exc:
        raise Unmappable(f"is not Spark SQL that contractkit can read: {str(exc)[:120]}") from None
    shape = _count_where(tree, objects | {"__contractkit_object__"})
    if shape is not None:
        raise Unmappable(
            f"is not of the form SELECT COUNT(*) FROM <object> WHERE <condition> ({shape})"
        )
    depth = 0
    where = None
    for token in tokens:
        if token.token_type == sqlglot.TokenType.L_PAREN:
            depth += 1
        elif token.token_type == sqlglot.TokenType.R_PAREN:
            depth -= 1
        elif token.token_type == sqlglot.TokenType.WHERE and depth == 0:
            where = token
    assert where is not None
    condition = text[where.end + 1 :].strip()
    return _negated(condition, dialect)


def _count_where(tree: exp.Expr, objects: set[str]) -> str | None:
    """None when `tree` is a plain filtered row count over one of `objects`; else why not."""
    if not isinstance(tree, exp.Select):
        return "not a single SELECT"
    projections = tree.expressions
    if len(projections) != 1 or not isinstance(projections[0], exp.Count):
        return "it does not select COUNT(*) alone"
    counted = projections[0].this
    if not (
        isinstance(counted, exp.Star) or (isinstance(counted, exp.Literal) and counted.name == "1")
    ):
        return "it counts an expression, not rows"
    source = tree.args.get("from_") or tree.args.get("from")
    table = source.this if isinstance(source, exp.From) else None
    if not isinstance(table, exp.Table):
        return "it does not read one table"
    if table.name.lower() not in {name.lower() for name in objects}:
        return f"it reads {table.name!r}, not this object"
    for key, value in tree.args.items():
        if key in ("expressions", "from_", "from", "where") or not value:
            continue
        return f"it has {key.upper().replace('_', ' ')}"
    if tree.args.get("where") is None:
        return "it has no WHERE"
    return None


def _negated(condition: str, dialect: sqlglot.Dialect) -> str:
    tokens = dialect.tokenize(condition)
    if (
        len(tokens) >= 3
        and tokens[0].token_type == sqlglot.TokenType.NOT
        and tokens[1].token_type == sqlglot.TokenType.L_PAREN
        and tokens[-1].token_type == sqlglot.TokenType.R_PAREN
    ):
        depth = 0
        for index, token in enumerate(tokens[1:], start=1):
            depth += token.token_type == sqlglot.TokenType.L_PAREN
            depth -= token.token_type == sqlglot.TokenType.R_PAREN
            if depth == 0:
                if index == len(tokens) - 1:
                    return condition[tokens[1].end + 1 : tokens[-1].start].strip()
                break
    return f"NOT ({condition})"


def expectation_rule(expectation: Expectation) -> dict[str, Any]:
    """An expectation as an ODCS SQL rule over the contract's object."""
    rule: dict[str, Any] = {"type": "sql", "name": expectation.name}
    if expectation.description:
        rule["description"] = expectation.description
    rule["query"] = f"SELECT COUNT(*) FROM {{object}} WHERE NOT ({expectation.expression})"
    if expectation.threshold == 1:
        rule["mustBe"] = 0
    else:
        rule["mustBeLessOrEqualTo"] = (1 - expectation.threshold) * 100
        rule["unit"] = "percent"
    extras = []
    if expectation.action != "warn":
        extras.append(custom("action", expectation.action))
    if expectation.warn_threshold is not None:
        extras.append(custom("warn_threshold", format_percent(expectation.warn_threshold)))
    if extras:
        rule["customProperties"] = extras
    return rule


def values_rule(values: list[Any]) -> dict[str, Any]:
    """`allowed_values` as the library metric ODCS v3.1 has for it (it has no enum)."""
    return {
        "type": "library",
        "metric": "invalidValues",
        "arguments": {"validValues": list(values)},
        "mustBe": 0,
        "customProperties": [custom("constraint", "allowed_values")],
    }
