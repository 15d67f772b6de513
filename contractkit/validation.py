"""The result of validating data against a contract, as plain values (no Spark needed).

`contractkit.spark.validate` fills a `ValidationReport`; the pytest plugin, the `check`
command and `enforce` read it. Keeping it pure means reports can be rendered, compared
and serialised anywhere, and the structural schema comparison is testable without a JVM.

Semantics (docs/validation.md):
- a row violates an expectation only when its expression is FALSE (NULL is not a
  violation); `passed = row_count - failed`;
- an expectation holds when `passed >= threshold * row_count`, compared exactly;
- on empty data nothing is violated: `pass_rate` is 1.0 and every expectation holds.

The sentences that describe a result (`expectation_outcome`, `freshness_problem`,
`uniqueness_outcome`, `format_age`, `sample_text`) live here too, so that the `check`
command, the pytest plugin and `ContractViolationError` say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from contractkit.types import (
    ArrayType,
    DataType,
    MapType,
    StructField,
    StructType,
    format_type,
)
from contractkit.values import Duration, format_percent


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class SchemaIssue:
    kind: str  # missing_column | type_mismatch | nullability | extra_column
    path: str
    message: str
    level: Level = Level.ERROR
    expected: str | None = None
    actual: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "level": self.level.value,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class ExpectationResult:
    name: str
    expression: str
    threshold: Decimal
    action: str
    row_count: int
    failed: int
    samples: tuple[dict[str, Any], ...] = ()
    error: str | None = None  # the expression could not be evaluated on this data
    derived: bool = False

    @property
    def passed(self) -> int:
        return self.row_count - self.failed

    @property
    def pass_rate(self) -> float:
        return 1.0 if self.row_count == 0 else self.passed / self.row_count

    @property
    def ok(self) -> bool:
        if self.error is not None:
            return False
        return Decimal(self.passed) >= self.threshold * self.row_count

    @property
    def allowed_failures(self) -> int:
        """The most rows that may fail at this row count (exact, rounding down)."""
        required = (self.threshold * self.row_count).to_integral_value(ROUND_CEILING)
        return int(self.row_count - required)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expression": self.expression,
            "threshold": format_percent(self.threshold),
            "action": self.action,
            "derived": self.derived,
            "passed": self.passed,
            "failed": self.failed,
            "pass_rate": self.pass_rate,
            "ok": self.ok,
            "error": self.error,
            "samples": [_json_row(row) for row in self.samples],
        }


DEFAULT_CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class FreshnessResult:
    limit: Duration
    column: str | None  # None: measured from table or file metadata
    latest: dt.datetime | None
    now: dt.datetime
    source: str  # "column", "delta history", "file modification time"
    clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW  # how far in the future data may be
    error: str | None = None  # the newest value could not be computed on this data

    @property
    def age(self) -> dt.timedelta | None:
        return None if self.latest is None else self.now - self.latest

    @property
    def in_future(self) -> bool:
        """The newest value of the freshness column is later than `now` by more than the
        clock-skew allowance: a wrong time zone or a bad value, never fresh data. Metadata
        times (a Delta commit, a file's modification) are the storage's clock, not values
        of the data: one ahead of `now` says the checking clock is behind, so it passes."""
        age = self.age
        return self.column is not None and age is not None and -age > self.clock_skew

    @property
    def ok(self) -> bool:
        age = self.age
        return (
            self.error is None and age is not None and not self.in_future and self.limit.allows(age)
        )

    def to_dict(self) -> dict[str, Any]:
        age = self.age
        return {
            "limit": str(self.limit),
            "column": self.column,
            "source": self.source,
            "latest": self.latest.isoformat() if self.latest else None,
            "now": self.now.isoformat(),
            "age_seconds": age.total_seconds() if age is not None else None,
            "clock_skew_seconds": self.clock_skew.total_seconds(),
            "in_future": self.in_future,
            "error": self.error,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class UniquenessResult:
    columns: tuple[str, ...]
    kind: str  # "unique" or "primary_key"
    duplicates: int  # rows beyond the first of each non-NULL key
    null_keys: int = 0  # primary key rows with a NULL in the key

    @property
    def ok(self) -> bool:
        return self.duplicates == 0 and self.null_keys == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "kind": self.kind,
            "duplicates": self.duplicates,
            "null_keys": self.null_keys,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class ReferenceResult:
    """One reference checked against the target's data: `orphans` counts the non-NULL
    values of `field` found nowhere in `target`'s field (rows, not distinct values), with up
    to N `samples` of them (the smallest, so runs repeat). `error` says why the check could
    not be made (the target's data could not be located or read), never a traceback."""

    field: str
    target: str  # the `references` text, `contract.field`
    orphans: int = 0
    samples: tuple[Any, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.orphans == 0

    @property
    def level(self) -> str:
        """The severity vocabulary every result shares: an orphan fails the reference."""
        return "ok" if self.ok else "fail"

    def outcome(self) -> str:
        """One sentence for reports, the plugin and ContractViolationError."""
        if self.error is not None:
            return f"could not be checked: {self.error}"
        if self.orphans == 0:
            return "every non-NULL value exists in the target"
        shown = ", ".join(repr(v) for v in self.samples)
        more = f" (e.g. {shown})" if shown else ""
        return f"{self.orphans:,} row(s) hold a value missing from {self.target}{more}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "target": self.target,
            "orphans": self.orphans,
            "samples": [_json_value(v) for v in self.samples],
            "ok": self.ok,
            "level": self.level,
            "error": self.error,
        }


@dataclass(frozen=True)
class ConsumerResult:
    """What one consumer declared it needs beyond the contract: its own expectations and
    freshness, measured in the same pass as the contract's checks."""

    pipeline: str
    expectations: tuple[ExpectationResult, ...] = ()
    freshness: FreshnessResult | None = None

    @property
    def ok(self) -> bool:
        return all(e.ok for e in self.expectations) and (
            self.freshness is None or self.freshness.ok
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "ok": self.ok,
            "expectations": [e.to_dict() for e in self.expectations],
            "freshness": self.freshness.to_dict() if self.freshness else None,
        }


@dataclass(frozen=True)
class ValidationReport:
    contract: str
    version: str
    row_count: int
    schema_issues: tuple[SchemaIssue, ...] = ()
    expectations: tuple[ExpectationResult, ...] = ()
    freshness: FreshnessResult | None = None
    uniqueness: tuple[UniquenessResult, ...] = ()
    consumers: tuple[ConsumerResult, ...] = ()
    consumer_pipelines: tuple[str, ...] = ()  # every consumer the contract lists
    references: tuple[ReferenceResult, ...] = ()  # checked only when asked (see validate)

    @property
    def schema_ok(self) -> bool:
        return not any(i.level is Level.ERROR for i in self.schema_issues)

    @property
    def ok(self) -> bool:
        return (
            self.schema_ok
            and all(e.ok for e in self.expectations)
            and (self.freshness is None or self.freshness.ok)
            and all(u.ok for u in self.uniqueness)
            and all(c.ok for c in self.consumers)
            and all(r.ok for r in self.references)
        )

    def expectation(self, name: str) -> ExpectationResult:
        """The result of expectation `name`; KeyError naming the known ones otherwise."""
        for result in self.expectations:
            if result.name == name:
                return result
        raise KeyError(_unknown("expectation", name, [e.name for e in self.expectations]))

    def consumer(self, pipeline: str) -> ConsumerResult | None:
        """What consumer `pipeline` declared beyond the contract, None when it declared
        nothing of its own; KeyError for a pipeline the report does not know."""
        for result in self.consumers:
            if result.pipeline == pipeline:
                return result
        if pipeline in self.consumer_pipelines:
            return None
        known = sorted({*self.consumer_pipelines, *(c.pipeline for c in self.consumers)})
        raise KeyError(_unknown("consumer", pipeline, known))

    def __str__(self) -> str:
        """The human summary: the verdict, then one line per broken promise."""
        verdict = "PASSED" if self.ok else "FAILED"
        head = f"{self.contract} {self.version}: {verdict}, {self.row_count:,} rows"
        return "\n".join([head, *(f"  - {line}" for line in self.violations())])

    def violations(self) -> list[str]:
        """One line per broken promise, for an exception message or a log."""
        lines = [f"schema: {i.message}" for i in self.schema_issues if i.level is Level.ERROR]
        lines += _expectation_lines(self.expectations, "quality")
        lines += [uniqueness_outcome(u) for u in self.uniqueness if not u.ok]
        lines += _freshness_lines(self.freshness, "freshness")
        lines += [f"references: {r.field}: {r.outcome()}" for r in self.references if not r.ok]
        for consumer in self.consumers:
            label = f"consumer {consumer.pipeline}"
            lines += _expectation_lines(consumer.expectations, f"{label} quality")
            lines += _freshness_lines(consumer.freshness, f"{label} freshness")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "version": self.version,
            "ok": self.ok,
            "row_count": self.row_count,
            "schema_issues": [i.to_dict() for i in self.schema_issues],
            "expectations": [e.to_dict() for e in self.expectations],
            "freshness": self.freshness.to_dict() if self.freshness else None,
            "uniqueness": [u.to_dict() for u in self.uniqueness],
            "consumers": [c.to_dict() for c in self.consumers],
            "references": [r.to_dict() for r in self.references],
        }


def _unknown(what: str, name: str, known: list[str]) -> str:
    return f"no {what} {name!r} in this report; known: {', '.join(known) or 'none'}"


def _expectation_lines(results: tuple[ExpectationResult, ...], label: str) -> list[str]:
    return [
        f"{label}: {e.name} ({e.expression}): {expectation_outcome(e)}" for e in results if not e.ok
    ]


def _freshness_lines(result: FreshnessResult | None, label: str) -> list[str]:
    problem = freshness_problem(result)
    return [] if problem is None else [f"{label}: {problem}"]


# -- the sentences every renderer shares ---------------------------------------------------

SAMPLE_WIDTH = 120


def format_age(age: dt.timedelta) -> str:
    """An age as people say it: `45 s`, `31 min`, `3 h 2 min`, `1,122 days` (sign dropped)."""
    seconds = abs(int(age.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400:,} days"


def expectation_outcome(result: ExpectationResult) -> str:
    """`passed 99.000% of 100 rows, threshold 99.9%: 1 failed, 0 allowed`, or why it was
    not evaluated."""
    if result.error is not None:
        return f"not evaluated: {result.error}"
    return (
        f"passed {result.pass_rate:.3%} of {result.row_count:,} rows, threshold "
        f"{format_percent(result.threshold)}: {result.failed:,} failed, "
        f"{max(result.allowed_failures, 0):,} allowed"
    )


def uniqueness_outcome(result: UniquenessResult) -> str:
    """`primary key (order_id): 1 duplicate rows, 1 rows with a NULL key`."""
    what = "primary key" if result.kind == "primary_key" else "unique"
    extra = f", {result.null_keys:,} rows with a NULL key" if result.null_keys else ""
    return f"{what} ({', '.join(result.columns)}): {result.duplicates:,} duplicate rows{extra}"


def freshness_problem(result: FreshnessResult | None) -> str | None:
    """Why freshness failed, in one sentence; None when it holds (or is not checked)."""
    if result is None or result.ok:
        return None
    if result.error is not None:
        return f"not measured: {result.error}"
    age = result.age
    if age is None:
        return f"no data found to measure ({result.source})"
    if result.in_future:
        return (
            f"the newest value is {format_age(age)} in the future, beyond the "
            f"{format_age(result.clock_skew)} clock-skew allowance (limit {result.limit})"
        )
    return f"data is {format_age(age)} old, the limit is {result.limit}"


def freshness_outcome(result: FreshnessResult) -> str:
    """The freshness line of a report, passing or not."""
    problem = freshness_problem(result)
    if problem is not None:
        return problem
    age = result.age
    assert age is not None
    if age < dt.timedelta(0):
        return (
            f"the newest value is {format_age(age)} in the future, within the "
            f"{format_age(result.clock_skew)} clock-skew allowance (limit {result.limit})"
        )
    return f"data is {format_age(age)} old, the limit is {result.limit}"


def sample_text(sample: dict[str, Any]) -> str:
    """A sample row as `name='x', amount=Decimal('1.00')`, cut at SAMPLE_WIDTH characters."""
    text = ", ".join(f"{k}={v!r}" for k, v in sample.items())
    return text if len(text) <= SAMPLE_WIDTH else text[: SAMPLE_WIDTH - 3] + "..."


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in row.items()}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return _json_row(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)


# -- structural schema comparison ---------------------------------------------------------


def compare_schema(expected: StructType, actual: StructType) -> list[SchemaIssue]:
    """Differences between the contract's schema and the data's, nested fields included.

    Names resolve case-insensitively, as in Spark. Data that is stricter than the contract
    (a NOT NULL column the contract allows NULL in) is fine; data that declares NULLs
    possible where the contract forbids them is a warning, because Spark marks most file
    columns nullable and the row-level NOT NULL check decides.
    """
    issues: list[SchemaIssue] = []
    _compare_struct(expected, actual, "", issues)
    return issues


def _compare_struct(
    expected: StructType, actual: StructType, prefix: str, issues: list[SchemaIssue]
) -> None:
    present = {f.name.casefold(): f for f in actual.fields}
    for wanted in expected.fields:
        path = f"{prefix}{wanted.name}"
        found = present.pop(wanted.name.casefold(), None)
        if found is None:
            issues.append(
                SchemaIssue(
                    "missing_column",
                    path,
                    f"column {path!r} ({format_type(wanted.type)}) is missing",
                    expected=format_type(wanted.type),
                )
            )
            continue
        _compare_field(wanted, found, path, issues)
    for extra in present.values():
        path = f"{prefix}{extra.name}"
        issues.append(
            SchemaIssue(
                "extra_column",
                path,
                f"column {path!r} ({format_type(extra.type)}) is not in the contract",
                Level.WARNING,
                actual=format_type(extra.type),
            )
        )


def _compare_field(
    wanted: StructField, found: StructField, path: str, issues: list[SchemaIssue]
) -> None:
    if not wanted.nullable and found.nullable:
        issues.append(
            SchemaIssue(
                "nullability",
                path,
                f"column {path!r} is NOT NULL in the contract but nullable in the data's "
                "schema (the not-null check counts actual NULLs)",
                Level.WARNING,
                expected="NOT NULL",
                actual="nullable",
            )
        )
    _compare_type(wanted.type, found.type, path, issues)


def _compare_type(wanted: DataType, found: DataType, path: str, issues: list[SchemaIssue]) -> None:
    if isinstance(wanted, StructType) and isinstance(found, StructType):
        _compare_struct(wanted, found, f"{path}.", issues)
        return
    if isinstance(wanted, ArrayType) and isinstance(found, ArrayType):
        _compare_nested_null(wanted.contains_null, found.contains_null, f"{path}[]", issues)
        _compare_type(wanted.element, found.element, f"{path}[]", issues)
        return
    if isinstance(wanted, MapType) and isinstance(found, MapType):
        _compare_type(wanted.key, found.key, f"{path}{{key}}", issues)
        _compare_nested_null(
            wanted.value_contains_null, found.value_contains_null, f"{path}{{}}", issues
        )
        _compare_type(wanted.value, found.value, f"{path}{{}}", issues)
        return
    if wanted != found:  # struct field comments take no part in equality
        issues.append(
            SchemaIssue(
                "type_mismatch",
                path,
                f"column {path!r} has type {format_type(found)}, the contract says "
                f"{format_type(wanted)}",
                expected=format_type(wanted),
                actual=format_type(found),
            )
        )


def _compare_nested_null(wanted: bool, found: bool, path: str, issues: list[SchemaIssue]) -> None:
    if not wanted and found:
        issues.append(
            SchemaIssue(
                "nullability",
                path,
                f"{path!r} may hold NULLs in the data's schema but not in the contract",
                Level.WARNING,
                expected="NOT NULL",
                actual="nullable",
            )
        )
