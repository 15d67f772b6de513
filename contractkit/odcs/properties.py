"""ODCS properties read into contractkit fields: type, nullability, constraints from
`logicalTypeOptions`, quality rules, and a report line for each key with no place."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from contractkit.lint.governance import example_problem
from contractkit.odcs.common import Report, custom_properties
from contractkit.odcs.relationships import property_relationship
from contractkit.odcs.rules import Context, Pending, read_rule
from contractkit.odcs.types import resolve_type
from contractkit.scalars import source_text
from contractkit.sqltext import column_reference, number_literal, string_literal, temporal_literal
from contractkit.types import (
    ArrayType,
    DataType,
    MapType,
    PrimitiveType,
    StructType,
    format_type,
    is_numeric,
    is_string_like,
    is_temporal,
)
from contractkit.yamlout import plain_json

__all__ = ["PROPERTY_REASONS", "read_property"]

_LINEAGE = "lineage (how a column is computed) is not part of a contractkit contract"
PROPERTY_REASONS = {
    "id": "contractkit refers to fields by name",
    "encryptedName": "contractkit does not model encrypted copies of a column",
    "transformSourceObjects": _LINEAGE,
    "transformLogic": _LINEAGE,
    "transformDescription": _LINEAGE,
    "authoritativeDefinitions": "links to external definitions have no contractkit equivalent",
    "partitioned": "partitioning is a storage choice contractkit does not model",
    "partitionKeyPosition": "partitioning is a storage choice contractkit does not model",
    "criticalDataElement": "contractkit has no critical-data-element flag",
    "semanticType": "contractkit has no semantic types (measure, dimension)",
    "synonyms": "contractkit fields have no synonyms",
    "deprecated": "contractkit has no deprecation flag (use the changelog)",
}
# Values that say nothing (the standard's defaults): not worth a report line.
_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "partitioned": (False,),
    "partitionKeyPosition": (-1,),
    "criticalDataElement": (False,),
    "primaryKey": (False,),
    "primaryKeyPosition": (-1,),
    "required": (False,),
    "unique": (False,),
    "deprecated": (False,),
}
_OPTION_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "minItems": (0,),
    "minLength": (0,),
    "minProperties": (0,),
    "uniqueItems": (False,),
}
_TYPE_KEYS = {"physicalType", "logicalType", "logicalTypeOptions", "items", "properties", "map"}


def read_property(
    prop: dict[str, Any], path: str, parts: tuple[str, ...], context: Context
) -> dict[str, Any]:
    report = context.report
    resolved = resolve_type(prop, path, report, platform=context.platform)
    item: dict[str, Any] = {"name": str(prop["name"])}
    if resolved.properties is not None:
        item["fields"] = [
            read_property(
                sub, f"{path}.properties[{sub['name']}]", (*parts, str(sub["name"])), context
            )
            for sub in resolved.properties
        ]
    else:
        item["type"] = format_type(resolved.data_type)
    if prop.get("required"):
        item["nullable"] = False
    if prop.get("unique"):
        item["unique"] = True
    if prop.get("description"):
        item["description"] = prop["description"]
    column = column_reference(parts)
    _options(prop, path, item, resolved.data_type, column, context)
    if prop.get("enum"):  # ODCS v3.2
        item["allowed_values"] = [entry["value"] for entry in prop["enum"]]
        if any(set(entry) - {"value"} for entry in prop["enum"]):
            report.add(f"{path}.enum", "labels and descriptions of enum values are not kept")
    if prop.get("tags"):
        item["tags"] = list(prop["tags"])
    for key, name in (("businessName", "business_name"), ("classification", "classification")):
        if prop.get(key) not in (None, ""):
            item[name] = str(prop[key])
    if prop.get("examples") and isinstance(prop["examples"], list):
        examples = _examples(prop["examples"], resolved.data_type, f"{path}.examples", report)
        if examples:
            item["examples"] = examples
    if prop.get("primaryKey"):
        if len(parts) == 1:
            position = prop.get("primaryKeyPosition", -1)
            order = position if isinstance(position, int) and position > 0 else 10**9
            context.primary_key.append((order, len(context.primary_key), parts[0]))
        else:
            report.add(f"{path}.primaryKey", "a primary key is made of top-level columns")
    for index, rule in enumerate(prop.get("quality") or ()):
        read_rule(rule, f"{path}.quality[{index}]", item, column, context)
    extras = custom_properties(
        prop, path, report, known=("constraint_action", "renamed_from", "pii", "references")
    )
    for key in ("renamed_from", "constraint_action", "references"):
        if extras.get(key):
            item[key] = extras[key]
    for index, relationship in enumerate(prop.get("relationships") or ()):
        property_relationship(relationship, f"{path}.relationships[{index}]", item, report)
    if extras.get("pii") is True:
        item["pii"] = True
    if isinstance(resolved.data_type, ArrayType | MapType | StructType):
        for key in ("unique", "allowed_values", "pattern", "min", "max"):
            if item.pop(key, None) not in (None, False):
                report.add(
                    f"{path}",
                    f"{key} on a {format_type(resolved.data_type)} property: "
                    "contractkit constrains scalar columns",
                )
    handled = {
        "name",
        "required",
        "unique",
        "description",
        "tags",
        "businessName",
        "classification",
        "examples",
        "primaryKey",
        "primaryKeyPosition",
        "quality",
        "relationships",
        "customProperties",
        "enum",
        *_TYPE_KEYS,
    }
    for key, value in prop.items():
        if key in handled or value in (None, [], {}) or value in _DEFAULTS.get(key, ()):
            continue
        if key == "physicalName" and value == prop["name"]:
            continue
        reason = PROPERTY_REASONS.get(key, "not known to contractkit")
        if key == "physicalName":
            reason = f"{value!r}: the field is named {prop['name']!r} (one name per field)"
        report.add(f"{path}.{key}", reason)
    return item


def _examples(values: list[Any], data_type: DataType, path: str, report: Report) -> list[Any]:
    """Examples as values of the field's type, as lint wants them: JSON first (ODCS is JSON,
    so an unquoted YAML date is ISO text), then numbers and booleans written as text read as
    such; one that still is no value of the type is reported, not kept."""
    kept = []
    for index, value in enumerate(plain_json(values)):
        value = _typed_text(value, data_type)
        problem = example_problem(value, data_type)
        if problem:
            report.add(f"{path}[{index}]", f"{value!r} {problem}")
        else:
            kept.append(value)
    return kept


def _typed_text(value: Any, data_type: DataType) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if isinstance(data_type, PrimitiveType) and data_type.name == "boolean":
        return {"true": True, "false": False}.get(text.casefold(), value)
    if is_numeric(data_type):
        try:
            number = Decimal(text)
        except ArithmeticError:
            return value
        if not number.is_finite():
            return value
        return (
            int(number) if number == number.to_integral_value() and "." not in text else float(text)
        )
    return value


def _options(
    prop: dict[str, Any],
    path: str,
    item: dict[str, Any],
    data_type: DataType,
    column: str,
    context: Context,
) -> None:
    """logicalTypeOptions: bounds and patterns as field constraints, the rest as
    expectations where one row can say it; formats and the like are reported."""
    options = prop.get("logicalTypeOptions")
    if not isinstance(options, dict):
        return
    report = context.report
    here = f"{path}.logicalTypeOptions"
    bounded = is_numeric(data_type) or is_temporal(data_type)

    def expect(key: str, suffix: str, expression: str) -> None:
        shown = json.dumps(plain_json(options[key]))
        context.expectations.append(
            Pending(
                f"{here}.{key}",
                None,
                f"{item['name']}_{suffix}",
                expression,
                Decimal(1),
                f"From ODCS logicalTypeOptions {key}: {shown}.",
                None,
            )
        )

    for key, value in options.items():
        if value in _OPTION_DEFAULTS.get(key, ()):
            continue
        if key in ("minimum", "maximum") and bounded:
            item["min" if key == "minimum" else "max"] = _bound(value, data_type)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and bounded:
            operator = ">" if key == "exclusiveMinimum" else "<"
            literal = _sql_literal(_bound(value, data_type), data_type)
            expect(
                key,
                key.lower().replace("exclusive", "exclusive_"),
                f"{column} {operator} {literal}",
            )
        elif key == "multipleOf" and is_numeric(data_type):
            expect(key, "multiple_of", f"{column} % {number_literal(source_text(value))} = 0")
        elif key == "pattern" and is_string_like(data_type):
            item["pattern"] = str(value)
        elif key in ("minLength", "maxLength") and is_string_like(data_type):
            operator = ">=" if key == "minLength" else "<="
            expect(
                key,
                key.lower().replace("length", "_length"),
                f"length({column}) {operator} {int(value)}",
            )
        elif key in ("minItems", "maxItems") and isinstance(data_type, ArrayType):
            operator = ">=" if key == "minItems" else "<="
            expect(
                key,
                key.lower().replace("items", "_items"),
                f"size({column}) {operator} {int(value)}",
            )
        elif key == "uniqueItems" and isinstance(data_type, ArrayType):
            if value:
                expect(key, "unique_items", f"size({column}) = size(array_distinct({column}))")
        elif key == "required" and item.get("fields"):
            wanted = {str(name) for name in value}
            for sub in item["fields"]:
                if sub["name"] in wanted:
                    sub["nullable"] = False
        elif key == "timezone" and prop.get("logicalType") == "timestamp":
            zone = isinstance(data_type, PrimitiveType) and data_type.name == "timestamp"
            if bool(value) != zone:
                report.add(
                    f"{here}.timezone",
                    f"{value!r} disagrees with the type {format_type(data_type)} from physicalType",
                )
        elif key == "format" and prop.get("logicalType") in ("integer", "number"):
            continue  # the width: part of the type
        else:
            why = {
                "format": "contractkit types are Spark types; a text format has no place",
                "defaultTimezone": "Spark timestamps carry no time zone of their own",
            }.get(key, f"does not apply to a {format_type(data_type)} field in contractkit")
            report.add(f"{here}.{key}", why)


def _bound(value: Any, data_type: DataType) -> Any:
    """Dates and timestamps as YAML dates when they are ISO text, so they read back typed."""
    if isinstance(value, str) and isinstance(data_type, PrimitiveType):
        try:
            if data_type.name == "date":
                return dt.date.fromisoformat(value)
            if data_type.name in ("timestamp", "timestamp_ntz"):
                return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _sql_literal(value: Any, data_type: DataType) -> str:

    if isinstance(data_type, PrimitiveType) and data_type.name in (
        "date",
        "timestamp",
        "timestamp_ntz",
    ):
        return temporal_literal(value, data_type.name)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_literal(source_text(value) if isinstance(value, float) else value)
    return string_literal(str(value))
