"""Governance metadata: a classification on the ordered scale, and example values that are
values of their field (its type first, then its own constraints), since documents and
generated modules show them as what the column holds."""

from __future__ import annotations

import operator
import re
from typing import Any, cast

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.fields import comparable, shown, value_problem
from contractkit.model import CLASSIFICATIONS, Field, classification_rank
from contractkit.types import ArrayType, DataType, MapType, StructType, format_type
from contractkit.yamlsource import Path


def check_governance(checker: Checker, fields: list[Field], path: Path, prefix: str) -> None:
    for index, item in enumerate(fields):
        item_path = (*path, index)
        _check_field(checker, item, item_path, f"{prefix}{item.name}")
        if item.fields:
            check_governance(checker, item.fields, (*item_path, "fields"), f"{prefix}{item.name}.")


def _check_field(checker: Checker, item: Field, path: Path, name: str) -> None:
    if item.classification is not None and classification_rank(item.classification) is None:
        checker.report(
            codes.CLASSIFICATION_UNKNOWN,
            (*path, "classification"),
            f"classification {item.classification!r} of field {name!r} is not on the ordered "
            f"scale ({' < '.join(CLASSIFICATIONS)}), so diff cannot tell whether a change to it "
            "is stricter",
            f"use one of {', '.join(CLASSIFICATIONS)}",
        )
    for index, example in enumerate(item.examples or ()):
        where = (*path, "examples", index)
        written = checker.source.text(where) or shown(example)
        problem = example_problem(example, item.data_type)
        if problem:
            checker.report(
                codes.EXAMPLE_TYPE,
                where,
                f"example {written} of field {name!r} {problem}",
                f"write the example as a value of {item.type_string}",
            )
            continue
        broken = _broken_constraint(example, item)
        if broken:
            checker.report(
                codes.EXAMPLE_CONSTRAINT,
                where,
                f"example {written} of field {name!r} {broken}",
                "change the example, or the constraint if the example is right",
            )


def example_problem(value: Any, data_type: DataType) -> str | None:
    """Why `value` cannot be a value of `data_type` (also nested: arrays, maps, structs)."""
    if value is None:
        return "is null; examples show values (NULL is governed by `nullable`)"
    if isinstance(data_type, ArrayType):
        if not isinstance(value, list):
            return f"is not a list, but the field is {format_type(data_type)}"
        return _first(value, data_type.element, "element")
    if isinstance(data_type, MapType):
        if not isinstance(value, dict):
            return f"is not a mapping, but the field is {format_type(data_type)}"
        return next((p for v in value.values() if (p := example_problem(v, data_type.value))), None)
    if isinstance(data_type, StructType):
        if not isinstance(value, dict):
            return f"is not a mapping, but the field is {format_type(data_type)}"
        members = {f.name.casefold(): f.type for f in data_type.fields}
        for key, member in value.items():
            if str(key).casefold() not in members:
                return f"has member {key!r}, which {format_type(data_type)} lacks"
            if member is not None and (problem := example_problem(member, members[key])):
                return f"has member {key}: {shown(member)} that {problem}"
        return None
    if isinstance(value, list | dict):
        return f"is not a single value, but the field is {format_type(data_type)}"
    return value_problem(value, data_type)


def _first(values: list[Any], data_type: DataType, what: str) -> str | None:
    """The first element (or map value) that is not a value of `data_type`, said so."""
    for value in values:
        if value is not None and (problem := example_problem(value, data_type)):
            return f"has {what} {shown(value)} that {problem}"
    return None


def _broken_constraint(value: Any, item: Field) -> str | None:
    if item.allowed_values is not None and value not in item.allowed_values:
        return "is not one of its allowed_values"
    if item.pattern is not None and isinstance(value, str):
        try:
            if not re.search(item.pattern, value):
                return f"does not match its pattern {item.pattern!r}"
        except re.error:
            pass  # Java-only syntax or an invalid pattern (reported on its own)
    for key, outside in (("min", operator.lt), ("max", operator.gt)):
        bound = getattr(item, key)
        if bound is None:
            continue
        try:
            if outside(cast(Any, comparable(value)), cast(Any, comparable(bound))):
                return f"is outside its `{key}` {shown(bound)}"
        except TypeError:
            pass  # a bound of another type (reported as bound-type)
    return None
