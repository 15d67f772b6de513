"""The result of validating data against a contract, as plain values (no Spark needed).

`contractkit.spark.validate` fills a `ValidationReport`; the pytest plugin, the `check`
command and `enforce` read it. Keeping it pure means reports can be rendered, compared
and serialised anywhere, and the structural schema comparison is testable without a JVM.

Semantics (docs/validation.md):
- a row violates an expectation only when its expression is FALSE (NULL is not a
  violation); `passed = row_count - failed`;
- an expectation holds when `passed >= threshold * row_count`, compared exactly;
- on empty data nothing is violated: `pass_rate` is 1.0 and every expectation holds.

Every result has a `level` (`Severity`): "ok", "warn" (a miss the contract asks only to
report: a warn threshold or freshness level, a dataset check with `action: warn`) or
"fail". A result's `ok` is False only at the fail level, and so is the report's: warnings
are listed by `ValidationReport.warnings()`, failures by `violations()`.

The sentences that describe a result (`expectation_outcome`, `dataset_outcome`,
`unique_key_outcome`, `freshness_problem`, `uniqueness_outcome`, `format_age`,
`sample_text`) live here too, so that the `check` command, the pytest plugin and
`ContractViolationError` say the same thing the same way.
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
    """How serious a schema issue is (schema issues keep their own words)."""

    ERROR = "error"
    WARNING = "warning"


class Severity(enum.StrEnum):
    """The level of a check's result: it held, it missed a warn level, it failed."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


def _level(failed: bool, warned: bool) -> Severity:
    return Severity.FAIL if failed else Severity.WARN if warned else Severity.OK


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
    warn_threshold: Decimal | None = None  # below it (and at or above threshold): a warning

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
    def level(self) -> Severity:
        warn = self.warn_threshold
        return _level(
            not self.ok, warn is not None and Decimal(self.passed) < warn * self.row_count
        )

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
            "warn_threshold": _percent(self.warn_threshold),
            "action": self.action,
            "derived": self.derived,
            "passed": self.passed,
            "failed": self.failed,
            "pass_rate": self.pass_rate,
            "ok": self.ok,
            "level": self.level.value,
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
    warn_limit: Duration | None = None  # older than this (within `limit`): a warning

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

    @property
    def level(self) -> Severity:
        age, warn = self.age, self.warn_limit
        return _level(not self.ok, warn is not None and age is not None and not warn.allows(age))

    def to_dict(self) -> dict[str, Any]:
        age = self.age
        return {
            "limit": str(self.limit),
            "warn_limit": str(self.warn_limit) if self.warn_limit is not None else None,
            "column": self.column,
            "source": self.source,
            "latest": self.latest.isoformat() if self.latest else None,
            "now": self.now.isoformat(),
            "age_seconds": age.total_seconds() if age is not None else None,
            "clock_skew_seconds": self.clock_skew.total_seconds(),
            "in_future": self.in_future,
            "error": self.error,
            "ok": self.ok,
            "level": self.level.value,
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

    @property
    def level(self) -> Severity:
        return _level(not self.ok, False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "kind": self.kind,
            "duplicates": self.duplicates,
            "null_keys": self.null_keys,
            "ok": self.ok,
            "level": self.level.value,
        }


@dataclass(frozen=True)
class DatasetResult:
    """A dataset check: an aggregate expression over all rows that must be TRUE. FALSE,
    NULL (an aggregate over no rows) and an error all miss; `action` says whether a miss
    fails (`fail`) or is reported as a warning (`warn`)."""

    name: str
    expression: str
    action: str  # "warn" | "fail"
    holds: bool | None  # the expression's result (None: NULL, or not evaluated)
    aggregate: str | None = None  # `count(*)` of `count(*) >= 1000`: the side compared
    aggregate_value: Any = None  # its value on this data
    error: str | None = None  # the expression could not be evaluated on this data

    @property
    def value(self) -> Any:
        """The aggregate's value where the expression compares one to a literal (873 for
        `count(*) >= 1000`), else the expression's own result."""
        return self.aggregate_value if self.aggregate is not None else self.holds

    @property
    def met(self) -> bool:
        return self.error is None and self.holds is True

    @property
    def level(self) -> Severity:
        if self.met:
            return Severity.OK
        return Severity.WARN if self.action == "warn" else Severity.FAIL

    @property
    def ok(self) -> bool:
        return self.level is not Severity.FAIL

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expression": self.expression,
            "action": self.action,
            "value": _json_number(self.value),
            "aggregate": self.aggregate,
            "ok": self.ok,
            "level": self.level.value,
            "error": self.error,
        }


@dataclass(frozen=True)
class UniqueKeyResult:
    """A composite key of `quality.unique`: `duplicates` counts every row that shares its
    key with another row (all rows of each group of two or more, not the extra ones
    alone); rows with a NULL in any key column never collide."""

    label: str
    columns: tuple[str, ...]
    duplicates: int
    rows: int
    threshold: Decimal
    warn_threshold: Decimal | None = None
    error: str | None = None  # the key could not be counted on this data

    @property
    def unique_rows(self) -> int:
        return self.rows - self.duplicates

    @property
    def unique_rate(self) -> float:
        return 1.0 if self.rows == 0 else self.unique_rows / self.rows

    @property
    def ok(self) -> bool:
        if self.error is not None:
            return False
        return Decimal(self.unique_rows) >= self.threshold * self.rows

    @property
    def level(self) -> Severity:
        warn = self.warn_threshold
        return _level(
            not self.ok, warn is not None and Decimal(self.unique_rows) < warn * self.rows
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "columns": list(self.columns),
            "duplicates": self.duplicates,
            "rows": self.rows,
            "unique_rate": self.unique_rate,
            "threshold": format_percent(self.threshold),
            "warn_threshold": _percent(self.warn_threshold),
            "ok": self.ok,
            "level": self.level.value,
            "error": self.error,
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
    def level(self) -> Severity:
        """The severity vocabulary every result shares: an orphan fails the reference."""
        return Severity.OK if self.ok else Severity.FAIL

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
    dataset: tuple[DatasetResult, ...] = ()

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results())

    def results(self) -> list[Leveled]:
        """Every result of this consumer's own checks."""
        found: list[Leveled] = [*self.expectations, *self.dataset]
        return found if self.freshness is None else [*found, self.freshness]

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "ok": self.ok,
            "expectations": [e.to_dict() for e in self.expectations],
            "dataset": [d.to_dict() for d in self.dataset],
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
    dataset: tuple[DatasetResult, ...] = ()
    unique: tuple[UniqueKeyResult, ...] = ()
    references: tuple[ReferenceResult, ...] = ()  # checked only when asked (see validate)

    @property
    def schema_ok(self) -> bool:
        return not any(i.level is Level.ERROR for i in self.schema_issues)

    @property
    def ok(self) -> bool:
        """False only when a result is at the fail level (or the schema does not match):
        warnings do not fail a report."""
        return self.schema_ok and all(r.ok for r in self.results())

    @property
    def level(self) -> Severity:
        """The worst level of any result (a schema error counts as fail)."""
        levels = {r.level for r in self.results()}
        if not self.schema_ok or Severity.FAIL in levels:
            return Severity.FAIL
        return Severity.WARN if Severity.WARN in levels else Severity.OK

    def results(self) -> list[Leveled]:
        """Every result that has a level: the contract's, then each consumer's."""
        found: list[Leveled] = [*self.expectations, *self.dataset, *self.unique]
        found += self.uniqueness
        found += self.references
        if self.freshness is not None:
            found.append(self.freshness)
        for consumer in self.consumers:
            found += consumer.results()
        return found

    def dataset_check(self, name: str) -> DatasetResult:
        """The result of dataset check `name`; KeyError naming the known ones otherwise."""
        for result in self.dataset:
            if result.name == name:
                return result
        raise KeyError(_unknown("dataset check", name, [d.name for d in self.dataset]))

    def unique_key(self, label: str) -> UniqueKeyResult:
        """The result of the unique key labelled `label` (`unique(a, b)` or its name)."""
        for result in self.unique:
            if result.label == label:
                return result
        raise KeyError(_unknown("unique key", label, [u.label for u in self.unique]))

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
        head = f"{self.contract} {self.version}: {verdict(self)}, {self.row_count:,} rows"
        lines = [f"  - {line}" for line in self.violations()]
        lines += [f"  - warning: {line}" for line in self.warnings()]
        return "\n".join([head, *lines])

    def violations(self) -> list[str]:
        """One line per broken promise (fail level), for an exception message or a log."""
        lines = [f"schema: {i.message}" for i in self.schema_issues if i.level is Level.ERROR]
        return lines + self._lines(Severity.FAIL)

    def warnings(self) -> list[str]:
        """One line per warn-level miss: reported, but the report still passes."""
        return self._lines(Severity.WARN)

    def _lines(self, level: Severity) -> list[str]:
        lines = _result_lines(self.expectations, self.dataset, self.freshness, "", level)
        lines += [uniqueness_outcome(u) for u in self.uniqueness if u.level is level]
        lines += [f"unique: {unique_key_outcome(u)}" for u in self.unique if u.level is level]
        lines += [
            f"references: {r.field}: {r.outcome()}" for r in self.references if r.level is level
        ]
        for c in self.consumers:
            label = f"consumer {c.pipeline} "
            lines += _result_lines(c.expectations, c.dataset, c.freshness, label, level)
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "version": self.version,
            "ok": self.ok,
            "level": self.level.value,
            "row_count": self.row_count,
            "schema_issues": [i.to_dict() for i in self.schema_issues],
            "expectations": [e.to_dict() for e in self.expectations],
            "dataset": [d.to_dict() for d in self.dataset],
            "unique": [u.to_dict() for u in self.unique],
            "freshness": self.freshness.to_dict() if self.freshness else None,
            "uniqueness": [u.to_dict() for u in self.uniqueness],
            "consumers": [c.to_dict() for c in self.consumers],
            "warnings": self.warnings(),
            "references": [r.to_dict() for r in self.references],
        }


Leveled = (
    ExpectationResult
    | DatasetResult
    | UniqueKeyResult
    | UniquenessResult
    | FreshnessResult
    | ReferenceResult
)


def verdict(report: ValidationReport) -> str:
    """`PASSED`, `PASSED with 2 warnings` or `FAILED`."""
    if not report.ok:
        return "FAILED"
    count = len(report.warnings())
    return "PASSED" if count == 0 else f"PASSED with {count} warning{'s' * (count != 1)}"


def _unknown(what: str, name: str, known: list[str]) -> str:
    return f"no {what} {name!r} in this report; known: {', '.join(known) or 'none'}"


def _result_lines(
    expectations: tuple[ExpectationResult, ...],
    dataset: tuple[DatasetResult, ...],
    freshness: FreshnessResult | None,
    label: str,
    level: Severity,
) -> list[str]:
    lines = [
        f"{label}quality: {e.name} ({e.expression}): {expectation_outcome(e)}"
        for e in expectations
        if e.level is level
    ]
    lines += [
        f"{label}dataset: {d.name} ({d.expression}): {dataset_outcome(d)}"
        for d in dataset
        if d.level is level
    ]
    problem = freshness_problem(freshness)
    if freshness is not None and problem is not None and freshness.level is level:
        lines.append(f"{label}freshness: {problem}")
    return lines


def _json_number(value: Any) -> Any:
    """An aggregate's value as a JSON number (a Decimal too: tools compare numbers)."""
    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    return _json_value(value)


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else format_percent(value)


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
        f"{_thresholds(result.threshold, result.warn_threshold)}: {result.failed:,} failed, "
        f"{max(result.allowed_failures, 0):,} allowed"
    )


def _thresholds(fail: Decimal, warn: Decimal | None) -> str:
    """`99%`, or `99% (warn below 99.9%)` when there is a warn level."""
    text = format_percent(fail)
    return text if warn is None else f"{text} (warn below {format_percent(warn)})"


def dataset_outcome(result: DatasetResult) -> str:
    """`does not hold (count(*) is 873)`, `holds`, or why it was not evaluated; a NULL
    result (an aggregate over no rows) does not hold."""
    if result.error is not None:
        return f"not evaluated: {result.error}"
    held = "holds" if result.holds else "does not hold"
    if result.aggregate is not None:
        value = result.aggregate_value
        shown = "NULL" if value is None else _number(value)
        return f"{held} ({result.aggregate} is {shown})"
    if result.holds is None:
        return "does not hold (the result is NULL)"
    return held if result.holds else "does not hold (the result is FALSE)"


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,.6g}"


def unique_key_outcome(result: UniqueKeyResult) -> str:
    """`unique(order_id, line_no): 4 of 1,000 rows share their key (99.600% unique),
    threshold 99.9%`."""
    if result.error is not None:
        return f"{result.label}: not evaluated: {result.error}"
    return (
        f"{result.label}: {result.duplicates:,} of {result.rows:,} rows share their key "
        f"({result.unique_rate:.3%} unique), threshold "
        f"{_thresholds(result.threshold, result.warn_threshold)}"
    )


def uniqueness_outcome(result: UniquenessResult) -> str:
    """`primary key (order_id): 1 duplicate rows, 1 rows with a NULL key`."""
    what = "primary key" if result.kind == "primary_key" else "unique"
    extra = f", {result.null_keys:,} rows with a NULL key" if result.null_keys else ""
    return f"{what} ({', '.join(result.columns)}): {result.duplicates:,} duplicate rows{extra}"


def freshness_problem(result: FreshnessResult | None) -> str | None:
    """Why freshness failed or warned, in one sentence; None when it holds at every level
    (or is not checked)."""
    if result is None or result.level is Severity.OK:
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
    return f"data is {format_age(age)} old, the limit is {_limits(result)}"


def _limits(result: FreshnessResult) -> str:
    warn = result.warn_limit
    return str(result.limit) if warn is None else f"{result.limit} (warn after {warn})"


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
    return f"data is {format_age(age)} old, the limit is {_limits(result)}"


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
