"""Semantic checks on a structurally valid contract, each finding placed in the file.

These are the rules a schema cannot express: names unique as Spark resolves them,
expressions that parse and reference declared columns, constraints that fit their
column's type, references (`uses`, `primary_key`, `freshness_column`) that resolve.
They need no JVM: expressions are parsed with a Spark SQL grammar (see expressions.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from contractkit.diagnostics import Diagnostic, Severity
from contractkit.model import Contract, Expectation, Field
from contractkit.types import (
    ArrayType,
    DataType,
    DecimalType,
    MapType,
    PrimitiveType,
    StructType,
    format_type,
    integral_range,
    is_integral,
    is_numeric,
    is_string_like,
    is_temporal,
)
from contractkit.values import version_key
from contractkit.yamlsource import Path, Position, SourceMap, source_text


@dataclass
class _Checker:
    contract: Contract
    source: SourceMap
    found: list[Diagnostic] = field(default_factory=list)

    def report(
        self,
        severity: Severity,
        code: str,
        path: Path,
        message: str,
        hint: str | None = None,
        *,
        position: Position | None = None,
        at_key: bool = False,
    ) -> None:
        where = position or (self.source.key(path) if at_key else self.source.value(path))
        self.found.append(
            Diagnostic(self.source.file, where.line, where.column, severity, code, message, hint)
        )

    def error(
        self, code: str, path: Path, message: str, hint: str | None = None, **kw: Any
    ) -> None:
        self.report(Severity.ERROR, code, path, message, hint, **kw)

    def warning(
        self, code: str, path: Path, message: str, hint: str | None = None, **kw: Any
    ) -> None:
        self.report(Severity.WARNING, code, path, message, hint, **kw)


def check_contract(
    contract: Contract, source: SourceMap, base_dir: str | None = None, expressions: bool = True
) -> list[Diagnostic]:
    """Every semantic finding for `contract` (errors and warnings), unsorted.

    `expressions=False` skips parsing expectations (and loading the SQL parser), for
    callers such as `diff` that only compare contracts `lint` has already checked.
    """
    checker = _Checker(contract, source)
    _check_fields(checker, contract.fields, ("schema", "fields"), prefix="")
    _check_primary_key(checker)
    _check_expectations(checker, expressions)
    _check_derived_names(checker)
    _check_sla(checker)
    _check_consumers(checker)
    _check_changelog(checker)
    _check_servers(checker)
    return checker.found


# -- fields -------------------------------------------------------------------------------


def _check_fields(checker: _Checker, fields: list[Field], path: Path, prefix: str) -> None:
    seen: dict[str, str] = {}
    current = {f.name.lower() for f in fields}
    for index, item in enumerate(fields):
        item_path = (*path, index)
        folded = item.name.lower()
        if folded in seen:
            checker.error(
                "duplicate-field",
                (*item_path, "name"),
                f"field {prefix}{item.name!r} is declared twice "
                f"(Spark resolves names case-insensitively: {seen[folded]!r})",
                "rename or remove one of them",
            )
        seen.setdefault(folded, item.name)
        if item.name != item.name.strip():
            checker.error(
                "invalid-name",
                (*item_path, "name"),
                f"field name {item.name!r} has leading or trailing spaces",
                "remove the spaces",
            )
        if item.renamed_from is not None and item.renamed_from.lower() in current:
            checker.error(
                "invalid-rename",
                (*item_path, "renamed_from"),
                f"field {prefix}{item.name!r} is renamed_from {item.renamed_from!r}, "
                "but a field of that name still exists",
                "remove `renamed_from`, or remove the old field",
            )
        _check_constraints(checker, item, item_path, f"{prefix}{item.name}")
        if item.fields:
            _check_fields(checker, item.fields, (*item_path, "fields"), f"{prefix}{item.name}.")


def _check_constraints(checker: _Checker, item: Field, path: Path, name: str) -> None:
    data_type = item.data_type
    scalar = not _is_complex(data_type)
    for key in ("unique", "allowed_values", "pattern", "min", "max"):
        value = getattr(item, key)
        if value in (None, False) or scalar:
            continue
        checker.error(
            "constraint-type",
            (*path, key),
            f"`{key}` on field {name!r} of type {item.type_string} is not supported",
            "constraints apply to scalar columns; constrain the subfields instead",
        )
    if not scalar:
        return
    if item.allowed_values is not None:
        seen: set[object] = set()
        for index, value in enumerate(item.allowed_values):
            value_path = (*path, "allowed_values", index)
            problem = _value_problem(value, data_type)
            if problem:
                written = checker.source.texts.get(value_path, str(value))
                checker.error(
                    "allowed-value-type",
                    value_path,
                    f"allowed value {written} of field {name!r} {problem}",
                    _quote_hint(value, written, data_type),
                )
            identity = (type(value).__name__, str(value))
            if identity in seen:
                checker.warning(
                    "duplicate-value",
                    (*path, "allowed_values", index),
                    f"allowed value {_shown(value)} of field {name!r} is listed twice",
                    "remove the repetition",
                )
            seen.add(identity)
    if item.pattern is not None:
        _check_pattern(checker, item, path, name)
    bounds: dict[str, Any] = {}
    for key in ("min", "max"):
        value = getattr(item, key)
        if value is None:
            continue
        problem = _bound_problem(value, data_type)
        if problem:
            checker.error(
                "bound-type", (*path, key), f"`{key}` {_shown(value)} of field {name!r} {problem}"
            )
        else:
            bounds[key] = _comparable(value)
    if "min" in bounds and "max" in bounds:
        try:
            inverted = bounds["min"] > bounds["max"]
        except TypeError:
            inverted = False
        if inverted:
            checker.error(
                "bound-order",
                (*path, "max"),
                f"field {name!r} has min {_shown(item.min)} greater than max {_shown(item.max)}",
                "swap them",
            )


def _is_complex(data_type: DataType) -> bool:
    return isinstance(data_type, ArrayType | MapType | StructType)


def _shown(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return source_text(value)
    return repr(value)


def _value_problem(value: object, data_type: DataType) -> str | None:
    """Why `value` cannot be a value of `data_type`, or None when it can."""
    if is_string_like(data_type):
        return None if isinstance(value, str) else f"is not text, but the field is {_t(data_type)}"
    if isinstance(data_type, PrimitiveType) and data_type.name == "boolean":
        return None if isinstance(value, bool) else "is not true or false"
    if is_numeric(data_type):
        return _number_problem(value, data_type)
    if is_temporal(data_type):
        return _temporal_problem(value, data_type)
    return None


def _t(data_type: DataType) -> str:
    return format_type(data_type)


def _number_problem(value: object, data_type: DataType) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"is not a number, but the field is {_t(data_type)}"
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    if is_integral(data_type):
        if not isinstance(value, int):
            return f"is not a whole number, but the field is {_t(data_type)}"
        low, high = integral_range(data_type)
        if not low <= value <= high:
            return f"is outside the range of {_t(data_type)} ({low}..{high})"
    if isinstance(data_type, DecimalType):
        try:
            number = Decimal(source_text(value))
        except InvalidOperation:
            return "is not a decimal number"
        _, digits, exponent = number.as_tuple()
        scale = max(0, -int(exponent))
        integer_digits = max(0, len(digits) + int(exponent))
        if scale > data_type.scale or integer_digits > data_type.precision - data_type.scale:
            return f"does not fit {_t(data_type)}"
    return None


def _temporal_problem(value: object, data_type: DataType) -> str | None:
    name = data_type.name if isinstance(data_type, PrimitiveType) else ""
    if name == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return "is not a date like 2025-01-15"
            return None
        return "is not a date like 2025-01-15"
    if isinstance(value, dt.date):
        return None
    if isinstance(value, str):
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return "is not a timestamp like 2025-01-15T10:00:00"
        return None
    return "is not a timestamp like 2025-01-15T10:00:00"


def _bound_problem(value: object, data_type: DataType) -> str | None:
    if is_numeric(data_type) or is_temporal(data_type):
        return _value_problem(value, data_type)
    return f"cannot bound a field of type {_t(data_type)}; min and max apply to numbers and dates"


def _comparable(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(source_text(value))
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _quote_hint(value: object, written: str, data_type: DataType) -> str | None:
    if not is_string_like(data_type) or isinstance(value, str):
        return None
    if isinstance(value, bool):
        kind = "a boolean"
    elif isinstance(value, int | float):
        kind = "a number"
    else:
        kind = "a date"
    return f"YAML reads {written} as {kind}; put it in quotes: '{written}'"


_JAVA_ONLY_REGEX = re.compile(r"\\[pP]\{|\\[QEGZ]|\(\?<[a-zA-Z]|\\h|\\R|\+\+|\*\+|\?\+")


def _check_pattern(checker: _Checker, item: Field, path: Path, name: str) -> None:
    pattern = item.pattern or ""
    if not is_string_like(item.data_type):
        checker.error(
            "constraint-type",
            (*path, "pattern"),
            f"`pattern` on field {name!r} of type {item.type_string} is not supported",
            "patterns apply to string columns",
        )
        return
    if _JAVA_ONLY_REGEX.search(pattern):
        return  # Java-only syntax: Spark may accept what Python cannot check here.
    try:
        re.compile(pattern)
    except re.error as exc:
        checker.error(
            "invalid-pattern",
            (*path, "pattern"),
            f"pattern {pattern!r} of field {name!r} is not a valid regular expression: {exc.msg}",
            "fix the expression (Spark uses Java regex syntax)",
        )


# -- dataset-level --------------------------------------------------------------------------


def _check_primary_key(checker: _Checker) -> None:
    key = checker.contract.schema_.primary_key
    if key is None:
        return
    path = ("schema", "primary_key")
    if not key:
        checker.error("invalid-key", path, "primary_key must name at least one field")
    seen: set[str] = set()
    for index, column in enumerate(key):
        field_ = _top_level(checker.contract, column)
        if column.lower() in seen:
            checker.error(
                "invalid-key", (*path, index), f"primary_key lists {column!r} twice", "remove one"
            )
        seen.add(column.lower())
        if field_ is None:
            _unknown_field(checker, (*path, index), column, "primary_key")
        elif field_.nullable:
            checker.warning(
                "nullable-key",
                (*path, index),
                f"primary key column {column!r} is nullable; a NULL cannot identify a row",
                f"add `nullable: false` to field {field_.name!r}",
            )


def _top_level(contract: Contract, name: str) -> Field | None:
    wanted = name.lower()
    return next((f for f in contract.fields if f.name.lower() == wanted), None)


def _unknown_field(checker: _Checker, path: Path, name: str, what: str) -> None:
    options = [p for p, _ in checker.contract.walk_fields()]
    match = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    hint = f"did you mean {match[0]!r}?" if match else "name a field declared under schema.fields"
    checker.error("unknown-field", path, f"{what} names {name!r}, which is not a field", hint)


def _check_expectations(checker: _Checker, expressions: bool = True) -> None:
    columns = {f.name: f.data_type for f in checker.contract.fields} if expressions else {}
    _check_expectation_list(
        checker, checker.contract.expectations, ("quality", "expectations"), columns, expressions
    )
    for index, consumer in enumerate(checker.contract.consumers):
        base = ("consumers", index, "expectations")
        _check_expectation_list(checker, consumer.expectations, base, columns, expressions)


def _check_expectation_list(
    checker: _Checker,
    expectations: list[Expectation],
    base: Path,
    columns: dict[str, DataType],
    expressions: bool,
) -> None:
    seen: dict[str, str] = {}
    for index, expectation in enumerate(expectations):
        path = (*base, index)
        folded = expectation.name.lower()
        if folded in seen:
            checker.error(
                "duplicate-expectation",
                (*path, "name"),
                f"expectation name {expectation.name!r} is used twice",
                "give each expectation its own name",
            )
        seen.setdefault(folded, expectation.name)
        if not expressions:
            continue
        from contractkit.expressions import check_expression

        result = check_expression(expectation.expression, columns)
        for problem in result.problems:
            where = checker.source.text_position((*path, "expression"), problem.offset)
            checker.error(
                "invalid-expression",
                (*path, "expression"),
                f"expectation {expectation.name!r}: {problem.message}",
                position=where,
            )
        if expectation.action == "fail" and expectation.threshold < 1:
            checker.warning(
                "threshold-ignored",
                (*path, "threshold"),
                f"expectation {expectation.name!r} has action 'fail', which stops the pipeline "
                f"on the first violating row, so its threshold below 100% is never used",
                "use action 'warn' with a threshold, or remove the threshold",
            )


def _check_derived_names(checker: _Checker) -> None:
    """Expectations derived from field constraints share one namespace with declared ones
    (generated modules and DLT take them as one dict), so a clash would hide one of them."""
    from contractkit.derived import Derived, derive

    declared = {e.name.lower(): i for i, e in enumerate(checker.contract.expectations)}
    derived_seen: dict[str, Derived] = {}
    for derived in derive(checker.contract):
        name = derived.expectation.name
        folded = name.lower()
        index = declared.get(folded)
        if index is not None:
            checker.error(
                "duplicate-expectation",
                ("quality", "expectations", index, "name"),
                f"expectation name {checker.contract.expectations[index].name!r} is also the "
                f"name of the expectation derived from the {derived.kind} constraint of field "
                f"{derived.field_path!r}",
                "rename this expectation (or drop it, if it says the same as the constraint)",
            )
        elif folded in derived_seen and derived_seen[folded].location != derived.location:
            other = derived_seen[folded]
            checker.error(
                "duplicate-expectation",
                (*derived.location, "name"),
                f"field {derived.field_path!r} derives an expectation named {name!r}, and so "
                f"does an earlier field ({other.field_path!r}, {other.kind})",
                "rename one of the fields",
            )
        derived_seen.setdefault(folded, derived)


def _check_sla(checker: _Checker) -> None:
    sla = checker.contract.sla
    if sla is None or sla.freshness_column is None:
        return
    path = ("sla", "freshness_column")
    column = checker.contract.field(sla.freshness_column)
    if column is None:
        _unknown_field(checker, path, sla.freshness_column, "sla.freshness_column")
        return
    if not is_temporal(column.data_type):
        checker.error(
            "freshness-column-type",
            path,
            f"freshness_column {sla.freshness_column!r} has type {column.type_string}, "
            "but freshness is measured on a date or timestamp",
            "name a timestamp column",
        )
    if sla.freshness is None:
        checker.warning(
            "freshness-missing",
            path,
            "sla.freshness_column is set but sla.freshness is not, so nothing is checked",
            'add `freshness: "< 1 hour"` (or remove freshness_column)',
        )


def _check_consumers(checker: _Checker) -> None:
    seen: set[str] = set()
    for index, consumer in enumerate(checker.contract.consumers):
        path = ("consumers", index)
        if consumer.pipeline in seen:
            checker.error(
                "duplicate-consumer",
                (*path, "pipeline"),
                f"consumer {consumer.pipeline!r} is listed twice",
                "merge the two entries",
            )
        seen.add(consumer.pipeline)
        for position, used in enumerate(consumer.uses or ()):
            if checker.contract.field(used) is None:
                _unknown_field(
                    checker, (*path, "uses", position), used, f"consumer {consumer.pipeline!r}"
                )


def _check_changelog(checker: _Checker) -> None:
    contract = checker.contract
    versions = [entry.version for entry in contract.changelog]
    current = version_key(contract.version)
    for index, entry in enumerate(contract.changelog):
        path = ("changelog", index, "version")
        if versions.index(entry.version) != index:
            checker.error(
                "duplicate-version",
                path,
                f"changelog has two entries for version {entry.version}",
                "merge them into one",
            )
        if version_key(entry.version) > current:
            checker.error(
                "future-version",
                path,
                f"changelog entry {entry.version} is newer than the contract version "
                f"{contract.version}",
                f"raise contract.version to {entry.version}, or fix the entry",
            )
    if contract.changelog and contract.version not in versions:
        checker.warning(
            "changelog-missing",
            ("changelog",),
            f"the changelog has no entry for the current version {contract.version}",
            f'add `- version: "{contract.version}"` with the date and what changed',
        )
    elif not contract.changelog:
        checker.warning(
            "changelog-missing",
            ("contract", "version"),
            f"the contract has no changelog (version {contract.version})",
            "add a `changelog:` list so consumers can see what changed",
        )


def _check_servers(checker: _Checker) -> None:
    seen: set[str] = set()
    for index, server in enumerate(checker.contract.servers):
        if server.server in seen:
            checker.error(
                "duplicate-server",
                ("servers", index, "server"),
                f"server {server.server!r} is defined twice",
                "give each server its own name",
            )
        seen.add(server.server)
