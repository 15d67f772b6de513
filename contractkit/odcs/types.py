"""Types between ODCS properties and Spark SQL.

Reading, a property's type comes from, in order:
1. nested `properties` (an object): a struct whose subfields keep their own `required` and
   `description`, which a type string would flatten;
2. `physicalType`, when it parses as a Spark SQL type (`decimal(18,2)`, `varchar(18)`,
   `array<string>`), except a bare `numeric`/`decimal`, which Spark reads as decimal(10,0),
   dropping the fraction most databases keep;
3. `logicalType` with `logicalTypeOptions.format` (`integer` + `i64` -> bigint, `number` + `f32`
   -> float), `items` for arrays and v3.2's `map` for maps.

Writing, `physicalType` is the canonical Spark type and `logicalType` its ODCS family, so an
ODCS reader without Spark still knows what it holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from contractkit.odcs.common import Report
from contractkit.odcs.platforms import PlatformType, platform_type
from contractkit.types import (
    ArrayType,
    CharType,
    CollatedStringType,
    DataType,
    DecimalType,
    MapType,
    PrimitiveType,
    StructField,
    StructType,
    TimeType,
    TypeSyntaxError,
    VarcharType,
    format_type,
    parse_type,
)

__all__ = ["Resolved", "items_node", "logical_type", "resolve_type"]

_INTEGER_FORMATS = {
    "i8": "tinyint",
    "i16": "smallint",
    "i32": "int",
    "i64": "bigint",
    "u8": "smallint",
    "u16": "int",
    "u32": "bigint",
    "u64": "decimal(20,0)",
}
_NUMBER_FORMATS = {"f32": "float", "f64": "double"}
_WIDTHS = {"tinyint": "i8", "smallint": "i16", "int": "i32", "bigint": "i64"}
_BARE_DECIMALS = frozenset({"numeric", "decimal", "dec"})


@dataclass(frozen=True)
class Resolved:
    """A property's type: a Spark type, and for a struct read from `properties` its subfields
    (ODCS property dicts), so the caller can write them as contractkit `fields:`."""

    data_type: DataType
    properties: list[dict[str, Any]] | None = None


_TYPE_KEYS = frozenset({"logicalType", "physicalType", "items", "properties", "map"})
_TYPE_OPTIONS = frozenset({"format", "timezone"})


def resolve_type(
    node: dict[str, Any],
    path: str,
    report: Report,
    *,
    inline: bool = False,
    platform: str | None = None,
) -> Resolved:
    """The Spark type of an ODCS property, or of an `items` / map key or value node.

    `inline` marks a node that becomes part of a type string (an array element, a map value,
    a struct inside them): only its type survives, so anything else it says is reported.
    """
    if inline:
        _report_beyond_type(node, path, report)
    properties = node.get("properties")
    if properties:
        fields = tuple(
            StructField(
                str(sub.get("name", "")),
                resolve_type(
                    sub,
                    f"{path}.properties[{sub.get('name')}]",
                    report,
                    inline=inline,
                    platform=platform,
                ).data_type,
                not sub.get("required", False),
                sub.get("description"),
            )
            for sub in properties
        )
        return Resolved(StructType(fields), list(properties))
    physical = node.get("physicalType")
    logical = node.get("logicalType")
    if isinstance(physical, str) and physical.strip():
        own = platform_type(physical, platform, generic=False) if platform else None
        if own is not None:
            return Resolved(_platform(physical, platform, own, path, report))
        parsed, problem = _parse(physical)
        if parsed is not None and physical.strip().lower() not in _BARE_DECIMALS:
            _nested_beyond_type(node, path, report)
            return Resolved(parsed)
        known = platform_type(physical, None)
        if known is not None:
            return Resolved(_platform(physical, None, known, path, report))
        from_logical = _from_logical(node, path, report, platform)
        if from_logical is not None:
            why = (
                "a bare numeric/decimal is decimal(10,0) in Spark, which drops the fraction"
                if parsed is not None
                else f"it is not a Spark SQL type ({problem})"
            )
            report.add(
                f"{path}.physicalType",
                f"{physical!r} not kept: {why}; typed from logicalType {logical!r} "
                f"as {format_type(from_logical)}",
            )
            return Resolved(from_logical)
        report.add(
            f"{path}.physicalType",
            f"{physical!r} is not a Spark SQL type ({problem}) and there is no logicalType; "
            "typed as string",
        )
        return Resolved(PrimitiveType("string"))
    from_logical = _from_logical(node, path, report, platform)
    if from_logical is not None:
        return Resolved(from_logical)
    report.add(path, "no physicalType or logicalType; typed as string")
    return Resolved(PrimitiveType("string"))


def _platform(
    physical: str, platform: str | None, known: PlatformType, path: str, report: Report
) -> DataType:
    """A platform's type read as the Spark type holding every value (odcs/platforms.py)."""
    on = f" ({platform})" if platform else ""
    if known.note:
        reason = f"{physical!r}{on} is read as {known.spark}, the widest Spark fit: {known.note}"
    else:
        reason = (
            f"{physical!r}{on} is read as {known.spark}, which holds every value; the "
            "platform's type name is not kept"
        )
    report.add(f"{path}.physicalType", reason)
    return parse_type(known.spark)


def _report_beyond_type(node: dict[str, Any], path: str, report: Report) -> None:
    # In a struct inside a type string, name, required and description have a place.
    kept = _TYPE_KEYS | ({"name", "required", "description"} if "name" in node else set())
    for key, value in node.items():
        if key in kept or value in (None, [], {}, False):
            continue
        if key == "logicalTypeOptions" and isinstance(value, dict):
            for option in sorted(set(value) - _TYPE_OPTIONS):
                report.add(
                    f"{path}.logicalTypeOptions.{option}",
                    "constraints inside array elements and map values are not kept "
                    "(contractkit constrains columns and struct subfields)",
                )
            continue
        report.add(f"{path}.{key}", "inside a type string only the type is kept")


def _nested_beyond_type(node: dict[str, Any], path: str, report: Report) -> None:
    """`items` and `map` under a physicalType that already says the type: only what they say
    beyond the type needs reporting."""
    nested = [("items", node.get("items"))]
    block = node.get("map")
    if isinstance(block, dict):
        nested += [("map.key", block.get("key")), ("map.value", block.get("value"))]
    for where, child in nested:
        if isinstance(child, dict):
            _report_beyond_type(child, f"{path}.{where}", report)
            _nested_beyond_type(child, f"{path}.{where}", report)
            for sub in child.get("properties") or ():
                sub_path = f"{path}.{where}.properties[{sub.get('name')}]"
                _report_beyond_type(sub, sub_path, report)
                _nested_beyond_type(sub, sub_path, report)


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> tuple[DataType | None, str]:
    """Types are immutable, and a document repeats a few dozen names hundreds of times (an
    unknown name's "did you mean" search alone took a tenth of reading a 68-object file)."""
    try:
        return parse_type(text), ""
    except TypeSyntaxError as exc:
        return None, exc.message
    except ValueError as exc:
        return None, str(exc)


def _from_logical(
    node: dict[str, Any], path: str, report: Report, platform: str | None = None
) -> DataType | None:
    logical = node.get("logicalType")
    options = node.get("logicalTypeOptions") or {}
    fmt = options.get("format") if isinstance(options, dict) else None
    if logical == "string":
        return PrimitiveType("string")
    if logical == "integer":
        name = _INTEGER_FORMATS.get(str(fmt), "int") if fmt else "int"
        if fmt in ("i128", "u128"):
            report.add(
                f"{path}.logicalTypeOptions.format",
                f"{fmt} integers exceed Spark's decimal(38,0); typed as decimal(38,0)",
            )
            name = "decimal(38,0)"
        return parse_type(name)
    if logical == "number":
        return PrimitiveType(_NUMBER_FORMATS.get(str(fmt), "double"))
    if logical == "boolean":
        return PrimitiveType("boolean")
    if logical == "date":
        return PrimitiveType("date")
    if logical == "timestamp":
        with_zone = options.get("timezone", True) if isinstance(options, dict) else True
        return PrimitiveType("timestamp" if with_zone is not False else "timestamp_ntz")
    if logical == "time":
        return TimeType()
    if logical == "array":
        items = node.get("items")
        if not isinstance(items, dict):
            report.add(path, "an array without `items`: element type unknown, typed as variant")
            return ArrayType(PrimitiveType("variant"))
        element = resolve_type(
            items, f"{path}.items", report, inline=True, platform=platform
        ).data_type
        return ArrayType(element)
    if logical == "map":
        block = node.get("map") or {}
        key = resolve_type(
            block.get("key") or {}, f"{path}.map.key", report, inline=True, platform=platform
        )
        value = resolve_type(
            block.get("value") or {}, f"{path}.map.value", report, inline=True, platform=platform
        )
        return MapType(key.data_type, value.data_type)
    if logical == "object":
        report.add(
            path,
            "an object without `properties`: its fields are unknown, typed as variant "
            "(Spark's type for semi-structured values)",
        )
        return PrimitiveType("variant")
    return None


def logical_type(data_type: DataType) -> dict[str, Any]:
    """`logicalType` (and its `format`) for a Spark type; empty when ODCS v3.1 has no family
    for it (binary, map, interval, variant): `physicalType` alone then says what it is."""
    if isinstance(data_type, CharType | VarcharType | CollatedStringType):
        return {"logicalType": "string"}
    if isinstance(data_type, DecimalType):
        return {"logicalType": "number"}
    if isinstance(data_type, TimeType):
        return {"logicalType": "time"}
    if isinstance(data_type, ArrayType):
        return {"logicalType": "array"}
    if isinstance(data_type, StructType):
        return {"logicalType": "object"}
    if isinstance(data_type, PrimitiveType):
        name = data_type.name
        if name == "string":
            return {"logicalType": "string"}
        if name in _WIDTHS:
            return {"logicalType": "integer", "logicalTypeOptions": {"format": _WIDTHS[name]}}
        if name in ("float", "double"):
            fmt = "f32" if name == "float" else "f64"
            return {"logicalType": "number", "logicalTypeOptions": {"format": fmt}}
        if name in ("boolean", "date"):
            return {"logicalType": name}
        if name == "timestamp":
            return {"logicalType": "timestamp", "logicalTypeOptions": {"timezone": True}}
        if name == "timestamp_ntz":
            return {"logicalType": "timestamp", "logicalTypeOptions": {"timezone": False}}
    return {}


def items_node(element: DataType) -> dict[str, Any]:
    """The `items` of an array property: the element's logical and physical type."""
    family = logical_type(element)
    node: dict[str, Any] = {}
    if "logicalType" in family:
        node["logicalType"] = family["logicalType"]
    node["physicalType"] = format_type(element)
    if "logicalTypeOptions" in family:
        node["logicalTypeOptions"] = family["logicalTypeOptions"]
    if isinstance(element, ArrayType):
        node["items"] = items_node(element.element)
    return node
