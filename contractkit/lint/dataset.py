"""Dataset-level quality: dataset checks (aggregate SQL over the whole dataset), composite
keys (`quality.unique`) and the warn levels of thresholds and freshness.

A dataset check is read as a SELECT without GROUP BY reads it: every column inside an
aggregate. Dataset checks and composite keys share one namespace, since both are reported
(and become test items) under their names; a consumer's dataset checks have their own.
"""

from __future__ import annotations

from decimal import Decimal

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.names import check_name
from contractkit.lint.references import unknown_field
from contractkit.model import DatasetCheck
from contractkit.types import DataType, MapType
from contractkit.values import format_percent
from contractkit.yamlsource import Path


def check_dataset(checker: Checker, expressions: bool = True) -> None:
    """The contract's dataset checks and composite keys, then each consumer's checks."""
    quality = checker.contract.quality
    seen: dict[str, Path] = {}
    _check_list(checker, quality.dataset, ("quality", "dataset"), seen, expressions)
    for index, key in enumerate(quality.unique):
        if key.name is not None:
            path = ("quality", "unique", index, "name")
            check_name(checker, path, "composite key", key.name)
            _claim(checker, seen, key.name, path, "composite key")
    for index, consumer in enumerate(checker.contract.consumers):
        base = ("consumers", index, "dataset")
        _check_list(checker, consumer.dataset, base, {}, expressions)


def _claim(checker: Checker, seen: dict[str, Path], name: str, path: Path, what: str) -> None:
    folded = name.casefold()
    if folded in seen:
        checker.report(
            codes.DUPLICATE_DATASET_CHECK,
            path,
            f"{what} name {name!r} is already the name of an earlier dataset check or "
            "composite key; reports and test items would show two results under one name",
            "give each dataset check and composite key its own name",
        )
    seen.setdefault(folded, path)


def _check_list(
    checker: Checker,
    checks: list[DatasetCheck],
    base: Path,
    seen: dict[str, Path],
    expressions: bool,
) -> None:
    columns = _columns(checker) if expressions and checks else {}
    for index, check in enumerate(checks):
        path = (*base, index)
        check_name(checker, (*path, "name"), "dataset check", check.name)
        _claim(checker, seen, check.name, (*path, "name"), "dataset check")
        if not expressions:
            continue
        from contractkit.expressions import check_dataset_expression

        result = check_dataset_expression(check.expression, columns)
        for problem in result.problems:
            where = checker.source.text_position((*path, "expression"), problem.offset)
            checker.report(
                codes.INVALID_DATASET_EXPRESSION,
                (*path, "expression"),
                f"dataset check {check.name!r}: {problem.message}",
                position=where,
            )


def _columns(checker: Checker) -> dict[str, DataType | None]:
    """Declared top-level columns; those whose entries did not validate have no known type."""
    columns: dict[str, DataType | None] = dict.fromkeys(checker.unresolved)
    for f in checker.contract.fields:
        columns[f.name] = None if checker.is_unresolved(f.name) else f.data_type
    return columns


def check_unique_keys(checker: Checker) -> None:
    """Each key's columns exist, once each, in a type Spark can group; a key that repeats a
    promise already made (the primary key, a field's `unique: true`, another key) is noise."""
    contract = checker.contract
    primary = frozenset(c.casefold() for c in contract.schema_.primary_key or ())
    earlier: dict[frozenset[str], str] = {}
    for index, key in enumerate(contract.quality.unique):
        path = ("quality", "unique", index)
        folded: list[str] = []
        complete = True
        for position, column in enumerate(key.columns):
            where = (*path, "columns", position)
            if column.casefold() in folded:
                checker.report(
                    codes.INVALID_UNIQUE_KEY,
                    where,
                    f"composite key {key.label!r} lists {column!r} twice",
                    "name each column of the key once",
                )
                continue
            folded.append(column.casefold())
            field_ = contract.field(column)
            if field_ is None:
                complete = False
                unknown_field(checker, where, column, f"composite key {key.label!r}")
            elif isinstance(field_.data_type, MapType):
                checker.report(
                    codes.INVALID_UNIQUE_KEY,
                    where,
                    f"composite key {key.label!r}: column {column!r} has type "
                    f"{field_.type_string}, and Spark cannot compare maps to find duplicates",
                    "key on the map's identifying fields instead, or drop the column from the key",
                )
                complete = False
        if not complete:
            continue
        columns = frozenset(folded)
        _redundant_key(checker, path, key.label, columns, primary, earlier)
        earlier.setdefault(columns, key.label)


def _redundant_key(
    checker: Checker,
    path: Path,
    label: str,
    columns: frozenset[str],
    primary: frozenset[str],
    earlier: dict[frozenset[str], str],
) -> None:
    """Rows unique on some columns are unique on any columns that include them, at 100%: so
    the primary key or a `unique: true` field among a key's columns already promise it."""
    said = None
    if columns in earlier:
        said = f"composite key {earlier[columns]!r} already keys on the same columns"
    elif primary and primary <= columns:
        said = "its columns include the primary key, which is unique already"
    else:
        for column in sorted(columns):
            field_ = checker.contract.field(column)
            if field_ is not None and field_.unique:
                said = f"field {field_.name!r} is declared `unique: true` already"
                break
    if said is not None:
        checker.report(
            codes.REDUNDANT_UNIQUE_KEY,
            (*path, "columns"),
            f"composite key {label!r} repeats a promise: {said}",
            "remove this key (or the other declaration)",
        )


def check_warn_levels(checker: Checker) -> None:
    """A warn level equal to its fail level never shows a warning: the two alarms ring at
    once, so the pair says less than it seems to."""
    contract = checker.contract
    levels: list[tuple[Path, str, Decimal, Decimal | None]] = []
    base: Path
    for index, expectation in enumerate(contract.quality.expectations):
        base = ("quality", "expectations", index, "threshold")
        name = f"expectation {expectation.name!r}"
        levels.append((base, name, expectation.threshold, expectation.warn_threshold))
    for index, consumer in enumerate(contract.consumers):
        for position, expectation in enumerate(consumer.expectations):
            base = ("consumers", index, "expectations", position, "threshold")
            name = f"expectation {expectation.name!r} of consumer {consumer.pipeline!r}"
            levels.append((base, name, expectation.threshold, expectation.warn_threshold))
    for index, key in enumerate(contract.quality.unique):
        base = ("quality", "unique", index, "threshold")
        levels.append((base, f"composite key {key.label!r}", key.threshold, key.warn_threshold))
    for base, name, fail, warn in levels:
        if warn is not None and warn == fail:
            _report_equal(checker, base, f"the threshold of {name}", format_percent(fail))
    sla = contract.sla
    fail_age = sla.freshness if sla is not None else None
    warn_age = sla.freshness_warn if sla is not None else None
    if fail_age is not None and warn_age is not None and warn_age.seconds == fail_age.seconds:
        _report_equal(checker, ("sla", "freshness"), "sla.freshness", str(fail_age))


def _report_equal(checker: Checker, base: Path, what: str, level: str) -> None:
    checker.report(
        codes.WARN_LEVEL_EQUAL,
        (*base, "warn"),
        f"{what} warns at {level}, the same level at which it fails, so no result is ever "
        "a warning",
        "set `warn` to an earlier alarm than `fail` (a higher share, a shorter age), or write "
        "the fail level alone",
    )
