"""ODCS document -> contractkit contract (`contractkit import odcs`).

The document is validated against the official JSON Schema first; then one schema object
becomes the contract's dataset. Everything the contract can hold is mapped (docs/odcs.md has
the table); everything else is reported by path, never dropped silently. The contract is
written as YAML and read back through the loader, so what comes out lints as any contract.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from contractkit.errors import ContractLoadError
from contractkit.model import Contract
from contractkit.odcs.common import NotMapped, OdcsError, Report, custom_properties
from contractkit.odcs.quality import (
    OPERATORS,
    Unmappable,
    metric_condition,
    sql_condition,
    threshold_of,
)
from contractkit.odcs.schema import accepted_api_versions, load_schema, schema_problems
from contractkit.odcs.servers import read_servers
from contractkit.odcs.sla import read_sla
from contractkit.odcs.types import resolve_type
from contractkit.sqltext import column_reference, number_literal, string_literal
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
from contractkit.values import format_percent, parse_version
from contractkit.yamlout import dump_yaml, plain_json
from contractkit.yamlsource import parse_yaml, source_text

__all__ = ["Imported", "ObjectChoiceError", "import_document", "parse_odcs", "read_odcs"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")

TOP_LEVEL_REASONS = {
    "tenant": "contractkit has no tenant",
    "dataProduct": "contractkit does not group contracts into data products",
    "price": "pricing has no contractkit equivalent",
    "roles": "access roles have no contractkit equivalent",
    "support": "support channels have no contractkit equivalent (consumers carry contacts)",
    "authoritativeDefinitions": "links to external definitions have no contractkit equivalent",
    "contractCreatedTs": "contractkit keeps a changelog, not a creation time",
}
OBJECT_REASONS = {
    "id": "contractkit refers to the dataset by contract.name",
    "businessName": "contractkit names the dataset once (contract.name)",
    "authoritativeDefinitions": "links to external definitions have no contractkit equivalent",
    "dataGranularityDescription": "contractkit has no granularity description",
    "relationships": "contractkit does not model relationships (foreign keys)",
}
_LINEAGE = "lineage (how a column is computed) is not part of a contractkit contract"
PROPERTY_REASONS = {
    "id": "contractkit refers to fields by name",
    "businessName": "a contractkit field has a name and a description only",
    "classification": "contractkit has no data classification",
    "encryptedName": "contractkit does not model encrypted copies of a column",
    "transformSourceObjects": _LINEAGE,
    "transformLogic": _LINEAGE,
    "transformDescription": _LINEAGE,
    "examples": "contractkit keeps no example values",
    "authoritativeDefinitions": "links to external definitions have no contractkit equivalent",
    "relationships": "contractkit does not model relationships (foreign keys)",
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
_RULE_KEYS_KEPT = {"type", "metric", "rule", "arguments", "query", "unit", "name", "description"}
_TYPE_KEYS = {"physicalType", "logicalType", "logicalTypeOptions", "items", "properties", "map"}


class ObjectChoiceError(OdcsError):
    """The document has several objects and none was chosen, or the chosen one is absent."""

    def __init__(self, message: str, names: list[str]) -> None:
        self.names = names
        super().__init__(message)


@dataclass(frozen=True)
class Imported:
    contract: Contract
    text: str
    report: tuple[NotMapped, ...]
    object_name: str
    api_version: str


@dataclass
class _Expectation:
    path: str
    name: str | None
    fallback: str
    expression: str
    threshold: Decimal
    description: str | None
    action: str | None


@dataclass
class _Context:
    report: Report
    objects: set[str]
    expectations: list[_Expectation] = field(default_factory=list)
    primary_key: list[tuple[int, int, str]] = field(default_factory=list)


def read_odcs(
    text: str | bytes,
    file: str = "<odcs>",
    *,
    object_name: str | None = None,
    schema_path: str | os.PathLike[str] | None = None,
    owner: str | None = None,
    producer_pipeline: str | None = None,
) -> Imported:
    """Validate an ODCS YAML document against the official schema, then import it."""
    return import_document(
        parse_odcs(text, file, schema_path=schema_path),
        file,
        object_name=object_name,
        owner=owner,
        producer_pipeline=producer_pipeline,
    )


def parse_odcs(
    text: str | bytes,
    file: str = "<odcs>",
    *,
    schema_path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """The document, once it is YAML that the ODCS JSON Schema accepts; OdcsError otherwise,
    with each problem at its file:line:col. (Validating takes most of an import's time: read a
    document once to import several of its objects.)"""
    try:
        document = parse_yaml(text, file)
    except ContractLoadError as exc:
        raise OdcsError(
            f"{file} is not a YAML mapping ODCS can be read from:",
            [f"{d.location()}: {d.message}" for d in exc.diagnostics],
        ) from None
    schema = load_schema(schema_path)
    versions = accepted_api_versions(schema)
    api_version = document.data.get("apiVersion")
    if versions and api_version not in versions:
        which = "the bundled ODCS v3.1.0 schema" if schema_path is None else str(schema_path)
        raise OdcsError(
            f"{file}: apiVersion {api_version!r} is not one {which} accepts "
            f"({', '.join(versions)})",
            ["pass the JSON Schema of that ODCS version with --schema"]
            if schema_path is None
            else [],
        )
    problems = schema_problems(document.data, schema, document.source)
    if problems:
        raise OdcsError(f"{file} is not valid ODCS {api_version}:", problems)
    return document.data


def import_document(
    document: dict[str, Any],
    file: str = "<odcs>",
    *,
    object_name: str | None = None,
    owner: str | None = None,
    producer_pipeline: str | None = None,
) -> Imported:
    """Map a (valid) ODCS document to a contract; OdcsError when it describes no dataset."""
    report = Report()
    objects: list[dict[str, Any]] = list(document.get("schema") or [])
    chosen = _choose(objects, object_name, file)
    object_path = f"schema[{chosen['name']}]"
    if not chosen.get("properties"):
        raise OdcsError(
            f"{file}: object {chosen['name']!r} lists no properties, so there is no schema to "
            "import (its schema may live elsewhere, such as a schema registry named in "
            "authoritativeDefinitions)"
        )
    others = [str(o["name"]) for o in objects if o is not chosen]
    if others:
        report.add(
            "schema",
            f"the other object{'s' if len(others) > 1 else ''} ({', '.join(others)}): a "
            "contractkit contract describes one dataset; import each with --object NAME",
        )
    name = _contract_name(str(chosen["name"]), report, object_path)
    known_names = {str(chosen["name"]), name}
    if chosen.get("physicalName"):
        known_names.add(str(chosen["physicalName"]).split(".")[-1])
    context = _Context(report, known_names)

    extras = custom_properties(
        document,
        "",
        report,
        known=(
            "producer_pipeline",
            "compatibility",
            "constraint_action",
            "consumers",
            "changelog",
            "freshness",
            "freshness_column",
        ),
    )
    info = _info(document, chosen, name, extras, report, owner, producer_pipeline)
    fields = [
        _field(prop, f"{object_path}.properties[{prop['name']}]", (str(prop["name"]),), context)
        for prop in chosen["properties"]
    ]
    schema: dict[str, Any] = {}
    primary_key = [column for _, _, column in sorted(context.primary_key)]
    if primary_key:
        schema["primary_key"] = primary_key
    schema["fields"] = fields
    _object_keys(chosen, object_path, document, context, info)

    contract: dict[str, Any] = {"contract": info, "schema": schema}
    quality: dict[str, Any] = {}
    if extras.get("constraint_action") is not None:
        quality["constraint_action"] = extras["constraint_action"]
    expectations = _expectations(contract, context)
    if expectations:
        quality["expectations"] = expectations
    if quality:
        contract["quality"] = quality
    sla = read_sla(document, chosen, fields, extras.get("freshness"), report)
    if extras.get("freshness_column") and "freshness_column" not in sla:
        sla["freshness_column"] = extras["freshness_column"]
    if sla:
        contract["sla"] = sla
    if extras.get("consumers"):
        contract["consumers"] = extras["consumers"]
    if extras.get("changelog"):
        contract["changelog"] = extras["changelog"]
    servers, named_by_object = read_servers(document.get("servers") or [], chosen, report)
    if chosen.get("physicalName") not in (None, chosen["name"]) and not named_by_object:
        report.add(
            f"{object_path}.physicalName",
            f"{chosen['physicalName']!r}: the dataset is named {name!r}; table names live in "
            "servers",
        )
    if servers:
        contract["servers"] = servers

    api_version = str(document.get("apiVersion", ""))
    header = (
        f"# Imported by `contractkit import odcs` from {os.path.basename(file)} "
        f"(ODCS {api_version}, object {chosen['name']!r})."
    )
    if report.items:
        header += f"\n# {len(report.items)} item(s) of the source were not mapped: see the report."
    text = header + "\n" + dump_yaml(contract)
    from contractkit.loader import analyze_text

    analysis = analyze_text(text, f"<contract imported from {file}>")
    if not analysis.ok or analysis.contract is None:
        raise OdcsError(
            f"{file}: the contract built from object {chosen['name']!r} is not valid:",
            [f"{d.location()}: {d.message}" for d in analysis.diagnostics if d.is_error],
        )
    return Imported(analysis.contract, text, tuple(report.items), str(chosen["name"]), api_version)


def _choose(objects: list[dict[str, Any]], wanted: str | None, file: str) -> dict[str, Any]:
    names = [str(o.get("name")) for o in objects]
    if not objects:
        raise OdcsError(
            f"{file}: the document describes no dataset (`schema` lists no objects); a "
            "contractkit contract describes one dataset"
        )
    if wanted is not None:
        for obj in objects:
            if obj.get("name") == wanted:
                return obj
        raise ObjectChoiceError(
            f"{file} has no object named {wanted!r}; its objects: {', '.join(names)}", names
        )
    if len(objects) > 1:
        raise ObjectChoiceError(
            f"{file} describes {len(objects)} objects ({', '.join(names)}); a contractkit "
            "contract describes one: choose it with --object NAME",
            names,
        )
    return objects[0]


def _contract_name(raw: str, report: Report, path: str) -> str:
    if _NAME.fullmatch(raw):
        return raw
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", raw).strip("_") or "dataset"
    if not re.match(r"[A-Za-z_]", name):
        name = f"_{name}"
    report.add(f"{path}.name", f"{raw!r} is not a contract name; the contract is named {name!r}")
    return name


def _info(
    document: dict[str, Any],
    chosen: dict[str, Any],
    name: str,
    extras: dict[str, Any],
    report: Report,
    owner: str | None,
    producer_pipeline: str | None,
) -> dict[str, Any]:
    try:
        version = parse_version(document.get("version"))
    except ValueError as exc:
        raise OdcsError(f"version: {exc}") from None
    info: dict[str, Any] = {"name": name, "version": version}
    info["owner"] = owner or _owner(document.get("team"), report)
    pipeline = producer_pipeline or extras.get("producer_pipeline")
    if not pipeline:
        pipeline = "unknown"
        report.missing(
            "contract.producer_pipeline",
            "ODCS does not name the pipeline that writes the data; written as 'unknown' "
            "(pass --producer-pipeline)",
        )
    info["producer_pipeline"] = pipeline
    description = document.get("description") or {}
    purpose = description.get("purpose") if isinstance(description, dict) else None
    if purpose:
        info["description"] = purpose
    elif chosen.get("description"):
        info["description"] = chosen["description"]
    if isinstance(description, dict):
        for key in sorted(set(description) - {"purpose"}):
            if description[key]:
                report.add(
                    f"description.{key}",
                    "contractkit keeps one description (description.purpose)",
                )
    if document.get("domain"):
        info["domain"] = document["domain"]
    if document.get("tags"):
        info["tags"] = list(document["tags"])
    if extras.get("compatibility"):
        info["compatibility"] = extras["compatibility"]

    if document.get("id") not in (None, name):
        report.add("id", f"{document['id']!r}: contractkit identifies a contract by its name")
    if document.get("name") not in (None, name, chosen.get("name")):
        report.add(
            "name",
            f"{document['name']!r}: the contract is named after its dataset, "
            f"object {chosen['name']!r}",
        )
    if document.get("status") not in (None, "active"):
        report.add("status", f"{document['status']!r}: contractkit contracts have no status")
    handled = {
        "apiVersion", "kind", "id", "name", "version", "status", "domain", "tags",
        "description", "schema", "servers", "team", "slaProperties", "slaDefaultElement",
        "customProperties",
    }  # fmt: skip
    for key in document:
        if key in handled or document[key] in (None, [], {}):
            continue
        reason = TOP_LEVEL_REASONS.get(key, "not known to contractkit")
        report.add(key, reason)
    return info


def _owner(team: Any, report: Report) -> str:
    if isinstance(team, dict):
        for key in ("members", "tags", "customProperties", "authoritativeDefinitions", "id"):
            if team.get(key):
                what = "members" if key == "members" else key
                report.add(
                    f"team.{key}",
                    f"contractkit records the owning team's name, not its {what}",
                )
        if team.get("description"):
            report.add("team.description", "contractkit records the owning team's name only")
        if team.get("name"):
            return str(team["name"])
        members: list[Any] = list(team.get("members") or [])
    elif isinstance(team, list):
        members = team
        report.add("team", "the deprecated list of members: contractkit records one owner")
    else:
        members = []
    for member in members:
        if str(member.get("role", "")).lower() == "owner":
            return str(member.get("name") or member.get("username"))
    report.missing(
        "contract.owner",
        "the document names no team (team.name) or owner; written as 'unknown' (pass --owner)",
    )
    return "unknown"


def _object_keys(
    chosen: dict[str, Any],
    path: str,
    document: dict[str, Any],
    context: _Context,
    info: dict[str, Any],
) -> None:
    report = context.report
    for index, rule in enumerate(chosen.get("quality") or ()):
        _rule(rule, f"{path}.quality[{index}]", None, None, context)
    physical_type = chosen.get("physicalType")
    if physical_type and str(physical_type).lower() != "table":
        report.add(
            f"{path}.physicalType",
            f"{physical_type!r}: contractkit contracts describe tables (Spark datasets)",
        )
    if chosen.get("description") and info.get("description") != chosen["description"]:
        report.add(f"{path}.description", "the contract description is description.purpose")
    if chosen.get("tags"):
        if document.get("tags"):
            report.add(f"{path}.tags", "contract tags come from the document's tags")
        else:
            info["tags"] = list(chosen["tags"])
    custom_properties(chosen, path, report)
    handled = {"name", "physicalType", "physicalName", "logicalType", "description", "tags",
               "properties", "quality", "customProperties"}  # fmt: skip
    for key, value in chosen.items():
        if key not in handled and value not in (None, [], {}):
            report.add(f"{path}.{key}", OBJECT_REASONS.get(key, "not known to contractkit"))


# ----------------------------------------------------------------------------------- fields


def _field(
    prop: dict[str, Any], path: str, parts: tuple[str, ...], context: _Context
) -> dict[str, Any]:
    report = context.report
    resolved = resolve_type(prop, path, report)
    item: dict[str, Any] = {"name": str(prop["name"])}
    if resolved.properties is not None:
        item["fields"] = [
            _field(sub, f"{path}.properties[{sub['name']}]", (*parts, str(sub["name"])), context)
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
    if prop.get("primaryKey"):
        if len(parts) == 1:
            position = prop.get("primaryKeyPosition", -1)
            order = position if isinstance(position, int) and position > 0 else 10**9
            context.primary_key.append((order, len(context.primary_key), parts[0]))
        else:
            report.add(f"{path}.primaryKey", "a primary key is made of top-level columns")
    for index, rule in enumerate(prop.get("quality") or ()):
        _rule(rule, f"{path}.quality[{index}]", item, column, context)
    extras = custom_properties(prop, path, report, known=("constraint_action", "renamed_from"))
    for key in ("renamed_from", "constraint_action"):
        if extras.get(key):
            item[key] = extras[key]
    if isinstance(resolved.data_type, ArrayType | MapType | StructType):
        for key in ("unique", "allowed_values", "pattern", "min", "max"):
            if item.pop(key, None) not in (None, False):
                report.add(f"{path}", f"{key} on a {format_type(resolved.data_type)} property: "
                           "contractkit constrains scalar columns")  # fmt: skip
    handled = {
        "name", "required", "unique", "description", "tags", "primaryKey",
        "primaryKeyPosition", "quality", "customProperties", "enum", *_TYPE_KEYS,
    }  # fmt: skip
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


def _options(
    prop: dict[str, Any],
    path: str,
    item: dict[str, Any],
    data_type: DataType,
    column: str,
    context: _Context,
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
            _Expectation(f"{here}.{key}", None, f"{item['name']}_{suffix}", expression,
                         Decimal(1), f"From ODCS logicalTypeOptions {key}: {shown}.", None)
        )  # fmt: skip

    for key, value in options.items():
        if value in _OPTION_DEFAULTS.get(key, ()):
            continue
        if key in ("minimum", "maximum") and bounded:
            item["min" if key == "minimum" else "max"] = _bound(value, data_type)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and bounded:
            operator = ">" if key == "exclusiveMinimum" else "<"
            literal = _sql_literal(_bound(value, data_type), data_type)
            expect(key, key.lower().replace("exclusive", "exclusive_"),
                   f"{column} {operator} {literal}")  # fmt: skip
        elif key == "multipleOf" and is_numeric(data_type):
            expect(key, "multiple_of", f"{column} % {number_literal(source_text(value))} = 0")
        elif key == "pattern" and is_string_like(data_type):
            item["pattern"] = str(value)
        elif key in ("minLength", "maxLength") and is_string_like(data_type):
            operator = ">=" if key == "minLength" else "<="
            expect(key, key.lower().replace("length", "_length"),
                   f"length({column}) {operator} {int(value)}")  # fmt: skip
        elif key in ("minItems", "maxItems") and isinstance(data_type, ArrayType):
            operator = ">=" if key == "minItems" else "<="
            expect(key, key.lower().replace("items", "_items"),
                   f"size({column}) {operator} {int(value)}")  # fmt: skip
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
                report.add(f"{here}.timezone", f"{value!r} disagrees with the type "
                           f"{format_type(data_type)} from physicalType")  # fmt: skip
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
    from contractkit.sqltext import temporal_literal

    if isinstance(data_type, PrimitiveType) and data_type.name in (
        "date",
        "timestamp",
        "timestamp_ntz",
    ):
        return temporal_literal(value, data_type.name)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_literal(source_text(value) if isinstance(value, float) else value)
    return string_literal(str(value))


# ---------------------------------------------------------------------------------- quality


def _rule(
    rule: dict[str, Any],
    path: str,
    item: dict[str, Any] | None,
    column: str | None,
    context: _Context,
) -> None:
    report = context.report
    kind = rule.get("type") or "library"
    metric = rule.get("metric") or rule.get("rule")
    if kind == "text":
        report.add(path, "a text rule describes quality in words; contractkit checks are SQL")
        return
    if kind == "custom":
        report.add(
            path,
            f"a rule for the {rule.get('engine')!r} engine, in its own language, not Spark SQL",
        )
        return
    extras = custom_properties(rule, path, report, known=("action", "constraint"))
    try:
        if (
            kind == "library"
            and metric == "invalidValues"
            and item is not None
            and (extras.get("constraint") == "allowed_values")
        ):
            threshold_of(rule)
            item["allowed_values"] = [
                v for v in (rule.get("arguments") or {}).get("validValues", []) if v is not None
            ]
            return
        if kind == "library" and metric == "duplicateValues":
            _duplicates(rule, path, item, context)
            return
        if kind == "library":
            if column is None and metric in ("nullValues", "missingValues", "invalidValues"):
                raise Unmappable(f"{metric} applies to a property, not to the whole object")
            condition = metric_condition(str(metric), rule.get("arguments") or {}, column or "")
            fallback = f"{item['name'] if item else 'check'}_{_snake(str(metric))}"
        else:
            condition = sql_condition(str(rule.get("query", "")), context.objects, column)
            fallback = f"{item['name']}_check" if item else "check"
        threshold = threshold_of(rule)
    except Unmappable as exc:
        report.add(path, str(exc))
        return
    name = rule.get("name") or rule.get("id")
    context.expectations.append(
        _Expectation(path, name, fallback, condition, threshold, rule.get("description"),
                     extras.get("action"))
    )  # fmt: skip
    _unkept(rule, path, report, also={"id"} if rule.get("name") else set())


def _unkept(rule: dict[str, Any], path: str, report: Report, also: set[str]) -> None:
    kept = _RULE_KEYS_KEPT | set(OPERATORS) | {"customProperties", "id"}
    for key in sorted((set(rule) - kept) | (also & set(rule))):
        if rule[key] not in (None, [], {}):
            report.add(f"{path}.{key}", "contractkit expectations have no " + key)


def _duplicates(
    rule: dict[str, Any], path: str, item: dict[str, Any] | None, context: _Context
) -> None:
    if threshold_of(rule) != 1:
        raise Unmappable("allows some duplicates; contractkit's unique allows none")
    if item is not None:
        item["unique"] = True
    else:
        columns = [str(c) for c in (rule.get("arguments") or {}).get("properties") or ()]
        key = [column for _, _, column in sorted(context.primary_key)]
        if len(columns) == 1:
            context.report.add(
                path, f"uniqueness of {columns[0]!r}: declare `unique: true` on the property"
            )
            return
        if not columns or {c.lower() for c in columns} != {c.lower() for c in key}:
            raise Unmappable(
                f"uniqueness of the combination {columns!r}: contractkit has unique columns "
                "and one primary key, not other unique combinations"
            )
    _unkept(rule, path, context.report, also=set())


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _expectations(contract: dict[str, Any], context: _Context) -> list[dict[str, Any]]:
    """Name the expectations (the rule's name, else `<field>_<metric>`), unique among
    themselves and the derived ones, and keep those whose SQL contractkit can check."""
    from contractkit.derived import derive
    from contractkit.expressions import check_expression

    model = Contract.model_validate(contract)
    taken = {d.expectation.name.lower() for d in derive(model)}
    columns = {f.name: f.data_type for f in model.fields}
    out: list[dict[str, Any]] = []
    for found in context.expectations:
        problems = check_expression(found.expression, columns).problems
        if problems:
            context.report.add(
                found.path,
                f"the condition {found.expression!r} is not one contractkit can check: "
                f"{problems[0].message}",
            )
            continue
        name = base = str(found.name or found.fallback)
        number = 2
        while name.lower() in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name.lower())
        expectation: dict[str, Any] = {"name": name, "expression": found.expression}
        if found.threshold != 1:
            expectation["threshold"] = format_percent(found.threshold)
        if found.action:
            expectation["action"] = found.action
        if found.description:
            expectation["description"] = found.description
        out.append(expectation)
    return out
