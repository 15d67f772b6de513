"""One aggregation over the data, with each failing measure isolated instead of fatal.

Every measure (an expectation's failure count, the freshness maximum) is an aggregate of
ONE `df.agg(...)`, so clean data costs one scan. Under ANSI mode a single bad value (`'abc'`
cast to a decimal, a division by zero) aborts that whole job. Only then, and at no cost on
clean data, the measures are taken apart:

1. measures Spark cannot analyse are found without running a job;
2. `count(1)` alone is run: if even that fails, the data cannot be read at all (a corrupt
   file, a missing table), which is DataReadError, not a finding about one expression;
3. the rest are isolated: where Spark's error points into one SQL text (its query
   context), the measures built from it are set aside and the others run together again,
   one more scan; otherwise they are bisected: a half that runs gives exact values, a
   half that fails is split again, down to the single measures that fail. A measure
   set aside gets Spark's reason as its error.

A measure that fails because a file cannot be read (FAILED_READ_FILE, ...) is a read
error too, whichever measure hit it first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from contractkit.errors import DataReadError
from contractkit.spark.reasons import (
    READ_FAILURES,
    condition,
    is_spark_error,
    read_reason,
    reason,
)
from contractkit.validation import SchemaIssue

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["Outcome", "aggregate", "guarded", "named"]

ROWS = "rows"
T = TypeVar("T")
Source = str | Callable[[], str]  # the data's name in a read error, or how to find it


def named(source: Source) -> str:
    """The data's name for a message."""
    return source if isinstance(source, str) else source()


@dataclass
class Outcome:
    rows: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # measure -> Spark's reason


def guarded(source: Source, schema_issues: Sequence[SchemaIssue], action: Callable[[], T]) -> T:
    """Run `action`; a Spark failure is DataReadError naming `source`, never a traceback."""
    try:
        return action()
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        raise DataReadError(named(source), read_reason(exc), schema_issues) from None


def aggregate(
    df: DataFrame,
    measures: Mapping[str, Column],
    *,
    source: Source,
    schema_issues: Sequence[SchemaIssue] = (),
    sql: Mapping[str, str] | None = None,
) -> Outcome:
    """`count(1)` and every measure, in one job on clean data; see the module docstring.
    `sql` gives the SQL text of the measures built from one (to match Spark's error to)."""
    from pyspark.sql import functions as F

    rows = F.count(F.lit(1)).alias(ROWS)
    names = list(measures)
    try:
        row = df.agg(rows, *[measures[n].alias(n) for n in names]).first()
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        failure: Exception | None = exc
    else:
        assert row is not None
        return Outcome(int(row[ROWS]), {n: row[n] for n in names})
    errors = _unanalysable(df, measures)
    if errors:
        failure = None  # the rest may run: try them together first
    counted = guarded(source, schema_issues, lambda: df.agg(rows).first())
    assert counted is not None
    outcome = Outcome(int(counted[ROWS]), errors=errors)
    runnable = [n for n in names if n not in errors]
    _isolate(df, measures, runnable, failure, outcome, _Where(source, schema_issues, sql or {}))
    return outcome


@dataclass(frozen=True)
class _Where:
    source: Source
    schema_issues: Sequence[SchemaIssue]
    sql: Mapping[str, str]

    def read_error(self, failure: Exception) -> DataReadError:
        return DataReadError(named(self.source), read_reason(failure), self.schema_issues)

    def culprits(self, failure: Exception, names: list[str]) -> list[str]:
        """The measures built from the one SQL text holding the fragment Spark's error
        points at (several measures may share a text: they fail together)."""
        get = getattr(failure, "getQueryContext", None)
        try:
            contexts = list(get()) if get is not None else []
        except Exception:  # no context from this kind of error
            contexts = []
        for context in contexts:
            fragment = _fragment(context)
            if not fragment:
                continue
            found = [n for n in names if fragment in self.sql.get(n, "")]
            if found and len({self.sql[n] for n in found}) == 1:
                return found
        return []


def _fragment(context: Any) -> str:
    try:
        if "SQL" not in str(context.contextType()):
            return ""  # a DataFrame call site, not a place in an expression's text
        return str(context.fragment() or "")
    except Exception:
        return ""


def _unanalysable(df: DataFrame, measures: Mapping[str, Column]) -> dict[str, str]:
    """Measures Spark rejects before running anything (unknown function, type error)."""
    errors = {}
    for name, measure in measures.items():
        try:
            _ = df.agg(measure.alias(name)).schema  # analysis only, no job
        except Exception as exc:
            if not is_spark_error(exc):
                raise
            errors[name] = reason(exc)
    return errors


def _isolate(
    df: DataFrame,
    measures: Mapping[str, Column],
    names: list[str],
    failure: Exception | None,
    outcome: Outcome,
    where: _Where,
) -> None:
    """Values of `names` into `outcome`; `failure` is how running them all together failed,
    when that is already known."""
    if not names:
        return
    if failure is None:
        try:
            row = df.agg(*[measures[n].alias(n) for n in names]).first()
        except Exception as exc:
            if not is_spark_error(exc):
                raise
            failure = exc
        else:
            assert row is not None
            outcome.values.update({n: row[n] for n in names})
            return
    if (condition(failure) or "").startswith(READ_FAILURES):
        raise where.read_error(failure) from None
    culprits = names if len(names) == 1 else where.culprits(failure, names)
    if culprits:
        outcome.errors |= dict.fromkeys(culprits, reason(failure))
        rest = [n for n in names if n not in culprits]
        _isolate(df, measures, rest, None, outcome, where)
        return
    middle = len(names) // 2
    for half in (names[:middle], names[middle:]):
        _isolate(df, measures, half, None, outcome, where)
