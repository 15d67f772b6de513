"""References: `primary_key`, consumers' `uses` and `sla.freshness_column` name declared
fields; consumers are listed once."""

from __future__ import annotations

import difflib

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.names import check_name
from contractkit.model import Contract, Field
from contractkit.types import is_temporal
from contractkit.yamlsource import Path


def check_primary_key(checker: Checker) -> None:
    key = checker.contract.schema_.primary_key
    if key is None:
        return
    path = ("schema", "primary_key")
    if not key:
        checker.report(codes.INVALID_KEY, path, "primary_key must name at least one field")
    seen: set[str] = set()
    for index, column in enumerate(key):
        field_ = _top_level(checker.contract, column)
        if column.lower() in seen:
            checker.report(
                codes.INVALID_KEY,
                (*path, index),
                f"primary_key lists {column!r} twice",
                "remove one",
            )
        seen.add(column.lower())
        if field_ is None:
            unknown_field(checker, (*path, index), column, "primary_key")
        elif field_.nullable:
            checker.report(
                codes.NULLABLE_KEY,
                (*path, index),
                f"primary key column {column!r} is nullable; a NULL cannot identify a row",
                f"add `nullable: false` to field {field_.name!r}",
            )


def _top_level(contract: Contract, name: str) -> Field | None:
    wanted = name.lower()
    return next((f for f in contract.fields if f.name.lower() == wanted), None)


def unknown_field(checker: Checker, path: Path, name: str, what: str) -> None:
    if checker.is_unresolved(name):
        return  # the field is in the file, but its entry did not validate: reported there
    options = [p for p, _ in checker.contract.walk_fields()]
    match = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    hint = f"did you mean {match[0]!r}?" if match else "name a field declared under schema.fields"
    checker.report(codes.UNKNOWN_FIELD, path, f"{what} names {name!r}, which is not a field", hint)


def check_sla(checker: Checker) -> None:
    sla = checker.contract.sla
    if sla is None or sla.freshness_column is None:
        return
    path = ("sla", "freshness_column")
    column = checker.contract.field(sla.freshness_column)
    if column is None:
        unknown_field(checker, path, sla.freshness_column, "sla.freshness_column")
        return
    if not is_temporal(column.data_type):
        checker.report(
            codes.FRESHNESS_COLUMN_TYPE,
            path,
            f"freshness_column {sla.freshness_column!r} has type {column.type_string}, "
            "but freshness is measured on a date or timestamp",
            "name a timestamp column",
        )
    if sla.freshness is None:
        checker.report(
            codes.FRESHNESS_MISSING,
            path,
            "sla.freshness_column is set but sla.freshness is not, so nothing is checked",
            'add `freshness: "< 1 hour"` (or remove freshness_column)',
        )


def check_consumers(checker: Checker) -> None:
    seen: set[str] = set()
    for index, consumer in enumerate(checker.contract.consumers):
        path = ("consumers", index)
        if consumer.pipeline in seen:
            checker.report(
                codes.DUPLICATE_CONSUMER,
                (*path, "pipeline"),
                f"consumer {consumer.pipeline!r} is listed twice",
                "merge the two entries",
            )
        seen.add(consumer.pipeline)
        check_name(checker, (*path, "pipeline"), "consumer", consumer.pipeline)
        for position, used in enumerate(consumer.uses or ()):
            if checker.contract.field(used) is None:
                unknown_field(
                    checker, (*path, "uses", position), used, f"consumer {consumer.pipeline!r}"
                )
