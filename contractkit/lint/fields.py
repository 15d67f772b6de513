"""Fields, types and constraints: names unique as Spark resolves them, constraints that fit
their column's type, allowed values and bounds written as values of that type."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.names import check_name
from contractkit.model import Field
from contractkit.scalars import source_text
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
from contractkit.yamlsource import Path


def check_fields(checker: Checker, fields: list[Field], path: Path, prefix: str) -> None:
    seen: dict[str, str] = {}
    current = {f.name.lower() for f in fields}
    for index, item in enumerate(fields):
        item_path = (*path, index)
        folded = item.name.lower()
        if folded in seen:
            checker.report(
                codes.DUPLICATE_FIELD,
                (*item_path, "name"),
                f"field {prefix}{item.name!r} is declared twice "
                f"(Spark resolves names case-insensitively: {seen[folded]!r})",
                "rename or remove one of them",
            )
        seen.setdefault(folded, item.name)
        check_name(checker, (*item_path, "name"), "field", item.name)
        if item.name != item.name.strip(" "):
            checker.report(
                codes.INVALID_NAME,
                (*item_path, "name"),
                f"field name {item.name!r} has leading or trailing spaces",
                "remove the spaces",
            )
        if item.renamed_from is not None and item.renamed_from.lower() in current:
            checker.report(
                codes.INVALID_RENAME,
                (*item_path, "renamed_from"),
                f"field {prefix}{item.name!r} is renamed_from {item.renamed_from!r}, "
                "but a field of that name still exists",
                "remove `renamed_from`, or remove the old field",
            )
        _check_constraints(checker, item, item_path, f"{prefix}{item.name}")
        if item.fields:
            check_fields(checker, item.fields, (*item_path, "fields"), f"{prefix}{item.name}.")


def _check_constraints(checker: Checker, item: Field, path: Path, name: str) -> None:
    data_type = item.data_type
    scalar = not _is_complex(data_type)
    for key in ("unique", "allowed_values", "pattern", "min", "max"):
        value = getattr(item, key)
        if value in (None, False) or scalar:
            continue
        checker.report(
            codes.CONSTRAINT_TYPE,
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
            problem = value_problem(value, data_type)
            if problem:
                written = checker.source.text(value_path) or str(value)
                checker.report(
                    codes.ALLOWED_VALUE_TYPE,
                    value_path,
                    f"allowed value {written} of field {name!r} {problem}",
                    _quote_hint(value, written, data_type),
                )
            identity = (type(value).__name__, str(value))
            if identity in seen:
                checker.report(
                    codes.DUPLICATE_VALUE,
                    (*path, "allowed_values", index),
                    f"allowed value {shown(value)} of field {name!r} is listed twice",
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
            checker.report(
                codes.BOUND_TYPE,
                (*path, key),
                f"`{key}` {shown(value)} of field {name!r} {problem}",
            )
        else:
            bounds[key] = comparable(value)
    if "min" in bounds and "max" in bounds:
        try:
            inverted = bounds["min"] > bounds["max"]
        except TypeError:
            inverted = False
        if inverted:
            checker.report(
                codes.BOUND_ORDER,
                (*path, "max"),
                f"field {name!r} has min {shown(item.min)} greater than max {shown(item.max)}",
                "swap them",
            )


def _is_complex(data_type: DataType) -> bool:
    return isinstance(data_type, ArrayType | MapType | StructType)


def shown(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return source_text(value)
    return repr(value)


def value_problem(value: object, data_type: DataType) -> str | None:
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
        return value_problem(value, data_type)
    return f"cannot bound a field of type {_t(data_type)}; min and max apply to numbers and dates"


def comparable(value: object) -> object:
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


def _check_pattern(checker: Checker, item: Field, path: Path, name: str) -> None:
    pattern = item.pattern or ""
    if not is_string_like(item.data_type):
        checker.report(
            codes.CONSTRAINT_TYPE,
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
        checker.report(
            codes.INVALID_PATTERN,
            (*path, "pattern"),
            f"pattern {pattern!r} of field {name!r} is not a valid regular expression: {exc.msg}",
            "fix the expression (Spark uses Java regex syntax)",
        )
