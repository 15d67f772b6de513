"""Dataset checks and composite unique keys: the checks over ALL rows, not each row.

A dataset check (`count(*) >= 1000`, `avg(amount) < 500`) is an aggregate, so it joins the
row-level counts in validate's ONE aggregation: clean data costs no extra job. Where the
check compares one aggregate with a literal, that aggregate is measured beside it, so a
report can say `count(*) is 873` rather than only `false` (Spark computes an aggregate that
occurs twice once). A composite key needs its rows grouped, which no global aggregate
can do: each key set costs one aggregation of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from contractkit.errors import DataReadError
from contractkit.model import DatasetCheck, UniqueKey
from contractkit.spark.reasons import READ_FAILURES, condition, is_spark_error, reason
from contractkit.sqlnames import referenced_columns
from contractkit.sqltext import column_reference
from contractkit.validation import DatasetResult, UniqueKeyResult

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

_COMPARISONS = ("<=>", ">=", "<=", "<>", "!=", "==", "=", ">", "<")
_LITERAL = re.compile(
    r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[lLsSyYdD]|[bB][dD])?"
    r"|(?:(?:date|timestamp|timestamp_ntz|timestamp_ltz)\s*)?'(?:[^'\\]|\\.)*'",
    re.IGNORECASE,
)
# Words that make a side more than one term (`NOT count(*)`, `x IS NULL`): no value then.
_OPERATOR_WORDS = frozenset(
    ["and", "or", "not", "is", "in", "between", "like", "ilike", "rlike", "regexp"]
)


def compared_aggregate(expression: str) -> str | None:
    """The side of `expression` compared with a literal (`count(*)` of `count(*) >= 1000`,
    `sum(a) / count(*)` of `sum(a) / count(*) < 0.5`), or None when the expression is not
    one comparison between a term and a literal."""
    found = _top_level_comparisons(expression)
    if len(found) != 1:
        return None
    start, operator = found[0]
    left, right = expression[:start].strip(), expression[start + len(operator) :].strip()
    for side, other in ((left, right), (right, left)):
        if _LITERAL.fullmatch(other) and side and not _LITERAL.fullmatch(side):
            words = {w.casefold() for w in _top_level_words(side)}
            return None if words & _OPERATOR_WORDS else side
    return None


def _top_level(text: str) -> list[tuple[int, str]]:
    """(position, character) of each character outside quotes and parentheses."""
    found, depth, quote, i = [], 0, "", 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote != "`":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            found.append((i, char))
        i += 1
    return found


def _top_level_comparisons(text: str) -> list[tuple[int, str]]:
    outside = dict(_top_level(text))
    found, i = [], 0
    while i < len(text):
        if i in outside:
            operator = next(
                (
                    op
                    for op in _COMPARISONS
                    if text.startswith(op, i) and all(i + k in outside for k in range(len(op)))
                ),
                None,
            )
            if operator is not None:
                found.append((i, operator))
                i += len(operator)
                continue
        i += 1
    return found


def _top_level_words(text: str) -> list[str]:
    outside = dict(_top_level(text))
    return re.findall(r"[A-Za-z_]+", "".join(outside.get(i, " ") for i in range(len(text))))


# -- in validate's aggregation -------------------------------------------------------------


@dataclass(frozen=True)
class PlannedCheck:
    check: DatasetCheck
    consumer: str | None  # the consumer that declared it, if not the contract
    measure: str | None  # its name in the aggregation; None: not runnable
    aggregate: str | None = None  # the compared aggregate's SQL, measured as `measure + "v"`
    error: str | None = None


def plan(
    checks: Sequence[tuple[str | None, DatasetCheck]], present: set[str]
) -> tuple[list[PlannedCheck], dict[str, Column], dict[str, str]]:
    """Each runnable check (and its compared aggregate) as measures of the aggregation,
    with their SQL text for error isolation."""
    from pyspark.sql import functions as F

    plans: list[PlannedCheck] = []
    measures: dict[str, Column] = {}
    sql: dict[str, str] = {}
    for index, (consumer, check) in enumerate(checks):
        missing = sorted(
            c for c in referenced_columns(check.expression) if c.casefold() not in present
        )
        if missing:
            error = f"column(s) {', '.join(missing)} not found in the data"
            plans.append(PlannedCheck(check, consumer, None, error=error))
            continue
        name = f"d{index}"
        try:
            measures[name] = F.expr(check.expression)
        except Exception as exc:  # a syntax error Spark finds while parsing
            if not is_spark_error(exc):
                raise
            plans.append(PlannedCheck(check, consumer, None, error=reason(exc)))
            continue
        sql[name] = check.expression
        aggregate = compared_aggregate(check.expression)
        if aggregate is not None:
            try:
                measures[f"{name}v"] = F.expr(aggregate)
                sql[f"{name}v"] = aggregate
            except Exception as exc:
                if not is_spark_error(exc):
                    raise
                aggregate = None
        plans.append(PlannedCheck(check, consumer, name, aggregate))
    return plans, measures, sql


def result(
    planned: PlannedCheck, values: Mapping[str, Any], errors: Mapping[str, str]
) -> DatasetResult:
    check, name = planned.check, planned.measure
    base = DatasetResult(check.name, check.expression, check.action, None, error=planned.error)
    if name is None:
        return base
    error = errors.get(name)
    if error is not None:
        return replace(base, error=_explained(error, check.expression))
    held = values.get(name)
    if held is not None and not isinstance(held, bool):
        return replace(
            base,
            error=f"the expression yields {held!r}, not TRUE or FALSE: a dataset check must "
            f"be a condition, e.g. `{check.expression} > 0`",
        )
    aggregate = planned.aggregate if f"{name}v" not in errors else None
    return replace(base, holds=held, aggregate=aggregate, aggregate_value=values.get(f"{name}v"))


def _explained(error: str, expression: str) -> str:
    """Spark's complaint about a row-level expression, said as what to do instead."""
    if error.startswith(("MISSING_GROUP_BY", "MISSING_AGGREGATION")):
        return (
            f"{expression!r} is not an aggregate: it reads a column outside any aggregate "
            "function; aggregate it (e.g. `min(amount) > 0`, `count_if(amount <= 0) = 0`) "
            "or make it a row-level expectation in quality.expectations"
        )
    return error


# -- composite unique keys -------------------------------------------------------------------


def unique_keys(
    df: DataFrame,
    keys: Sequence[UniqueKey],
    parts: Callable[[str], tuple[str, ...]],
    present: set[str],
    rows: int,
    read_error: Callable[[Exception], DataReadError],
) -> list[UniqueKeyResult]:
    """Every key's duplicate rows: one aggregation per key, grouping the rows whose key
    columns are all non-NULL and summing the sizes of the groups of two or more. `parts`
    gives a contract column's path (`address.city` -> (address, city))."""
    return [_unique_key(df, key, parts, present, rows, read_error) for key in keys]


def _unique_key(
    df: DataFrame,
    key: UniqueKey,
    parts: Callable[[str], tuple[str, ...]],
    present: set[str],
    rows: int,
    read_error: Callable[[Exception], DataReadError],
) -> UniqueKeyResult:
    from functools import reduce

    from pyspark.sql import functions as F

    base = UniqueKeyResult(
        key.label, tuple(key.columns), 0, rows, key.threshold, key.warn_threshold
    )
    missing = [c for c in key.columns if parts(c)[0].casefold() not in present]
    if missing:
        return replace(base, error=f"column(s) {', '.join(missing)} not found in the data")
    columns = [F.col(column_reference(parts(c))) for c in key.columns]
    complete = reduce(lambda a, b: a & b, [c.isNotNull() for c in columns])
    size = "_contractkit_group_size"
    try:
        groups = df.where(complete).groupBy(*[c.alias(f"k{i}") for i, c in enumerate(columns)])
        counted = groups.agg(F.count(F.lit(1)).alias(size))
        row = counted.where(F.col(size) > 1).agg(F.sum(size).alias(size)).first()
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        if (condition(exc) or "").startswith(READ_FAILURES):
            raise read_error(exc) from None
        return replace(base, error=reason(exc))
    assert row is not None
    return replace(base, duplicates=int(row[size] or 0))
