"""ODCS document -> contractkit contract (`contractkit import odcs`).

The document is validated against the official JSON Schema first; then one schema object
becomes the contract's dataset. Everything the contract can hold is mapped (docs/odcs.md has
the table); everything else is reported by path, never dropped silently. The contract is
written as YAML and read back through the loader, so what comes out lints as any contract.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from contractkit.errors import ContractLoadError, ObjectChoiceError
from contractkit.model import Contract
from contractkit.odcs.common import NotMapped, OdcsError, Report, custom_properties
from contractkit.odcs.platforms import platform_of
from contractkit.odcs.properties import read_property
from contractkit.odcs.relationships import object_relationship
from contractkit.odcs.rules import Context, name_expectations, read_rule
from contractkit.odcs.schema import schema_for, schema_problems
from contractkit.odcs.servers import read_servers
from contractkit.odcs.sla import read_sla
from contractkit.sqlnames import referenced_columns
from contractkit.values import parse_version
from contractkit.yamlout import dump_yaml
from contractkit.yamlsource import YamlDocument, parse_yaml

__all__ = [
    "Built",
    "Imported",
    "ObjectChoiceError",
    "build_contract",
    "import_document",
    "parse_odcs",
    "read_odcs",
    "validate_document",
]

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
}


@dataclass(frozen=True)
class Imported:
    contract: Contract
    text: str
    report: tuple[NotMapped, ...]
    object_name: str
    api_version: str


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
    return validate_document(document, schema_path)


def validate_document(
    document: YamlDocument, schema_path: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """The parsed document's data, once the schema of its declared version accepts it."""
    file = document.source.file
    api_version = document.data.get("apiVersion")
    try:
        choice = schema_for(api_version, schema_path)
    except OdcsError as exc:
        position = document.source.value(("apiVersion",))
        raise OdcsError(
            f"{file}:{position.line}:{position.column}: {exc.summary}",
            exc.problems,
        ) from None
    problems = schema_problems(document.data, choice.schema, document.source)
    if problems:
        raise OdcsError(
            f"{file} is not valid ODCS {api_version} (validated against {choice.label}):",
            problems,
        )
    return document.data


def import_document(
    document: dict[str, Any],
    file: str = "<odcs>",
    *,
    object_name: str | None = None,
    owner: str | None = None,
    producer_pipeline: str | None = None,
    report_others: bool = True,
) -> Imported:
    """Map a (valid) ODCS document to a contract; OdcsError when it describes no dataset.
    `report_others=False` when the caller imports every object, so none is reported as left."""
    built = build_contract(
        document,
        file,
        object_name=object_name,
        owner=owner,
        producer_pipeline=producer_pipeline,
        report_others=report_others,
    )
    from contractkit.loader import analyze_text

    analysis = analyze_text(built.text, f"<contract imported from {file}>")
    if not analysis.ok or analysis.contract is None:
        raise OdcsError(
            f"{file}: the contract built from object {built.object_name!r} is not valid:",
            [f"{d.location()}: {d.message}" for d in analysis.diagnostics if d.is_error],
        )
    return Imported(
        analysis.contract, built.text, built.report, built.object_name, built.api_version
    )


@dataclass(frozen=True)
class Built:
    """The contract built for one object: the mapping, and the header its YAML file gets."""

    contract: dict[str, Any]
    header: str
    report: tuple[NotMapped, ...]
    object_name: str
    object_index: int
    api_version: str

    @property
    def text(self) -> str:
        """The contract file `import odcs` writes (lint and diff read `contract` directly)."""
        return self.header + "\n" + dump_yaml(self.contract)


def build_contract(
    document: dict[str, Any],
    file: str = "<odcs>",
    *,
    object_name: str | None = None,
    owner: str | None = None,
    producer_pipeline: str | None = None,
    report_others: bool = True,
) -> Built:
    """The contract for one object of a valid document (what import_document reads)."""
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
    if others and report_others:
        report.add(
            "schema",
            f"the other object{'s' if len(others) > 1 else ''} ({', '.join(others)}): a "
            "contractkit contract describes one dataset; import each with --object NAME",
        )
    name = _contract_name(str(chosen["name"]), report, object_path)
    known_names = {str(chosen["name"]), name}
    if chosen.get("physicalName"):
        known_names.add(str(chosen["physicalName"]).split(".")[-1])
    context = Context(report, known_names, platform=platform_of(document))

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
            "freshness_warn",
        ),
    )
    info = _info(document, chosen, name, extras, report, owner, producer_pipeline)
    fields = [
        read_property(
            prop, f"{object_path}.properties[{prop['name']}]", (str(prop["name"]),), context
        )
        for prop in chosen["properties"]
    ]
    context.fields = fields
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
    expectations = name_expectations(contract, context)
    if expectations:
        quality["expectations"] = expectations
    dataset = _checkable(context, fields)
    if dataset:
        quality["dataset"] = dataset
    if context.unique:
        quality["unique"] = context.unique
    if quality:
        contract["quality"] = quality
    sla = read_sla(document, chosen, fields, extras.get("freshness"), report)
    if extras.get("freshness_warn") is not None:
        if "freshness" in sla:
            sla["freshness"] = {"fail": sla["freshness"], "warn": extras["freshness_warn"]}
        else:
            report.add("customProperties", "contractkit.freshness_warn without a latency")
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
    index = next(i for i, o in enumerate(objects) if o is chosen)
    return Built(contract, header, tuple(report.items), str(chosen["name"]), index, api_version)


def _checkable(context: Context, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dataset checks whose columns the object has; the others are reported."""
    columns = {str(f["name"]).lower() for f in fields}
    kept = []
    for path, check in zip(context.dataset_paths, context.dataset, strict=True):
        unknown = sorted(referenced_columns(check["expression"]) - columns)
        if unknown:
            context.report.add(
                path,
                f"the check {check['expression']!r} reads {', '.join(map(repr, unknown))}, "
                "not a property of this object",
            )
        else:
            kept.append(check)
    return kept


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
    if pipeline:
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

    # Export writes the contract's name as `id` and `name` and `active` as `status` when
    # the contract says nothing else, so those values need no key of their own.
    identity: dict[str, str] = {}
    if document.get("id") not in (None, "", name):
        identity["id"] = str(document["id"])
    if document.get("name") not in (None, "", name, chosen.get("name")):
        identity["title"] = str(document["name"])
    if document.get("status") not in (None, "", "active"):
        identity["status"] = str(document["status"])
    info = {"name": info.pop("name"), **identity, **info}  # in the model's order
    handled = {
        "apiVersion",
        "kind",
        "id",
        "name",
        "version",
        "status",
        "domain",
        "tags",
        "description",
        "schema",
        "servers",
        "team",
        "slaProperties",
        "slaDefaultElement",
        "customProperties",
    }
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
    context: Context,
    info: dict[str, Any],
) -> None:
    report = context.report
    for index, rule in enumerate(chosen.get("quality") or ()):
        read_rule(rule, f"{path}.quality[{index}]", None, None, context)
    for index, relationship in enumerate(chosen.get("relationships") or ()):
        object_relationship(relationship, f"{path}.relationships[{index}]", context)
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
    handled = {
        "name",
        "physicalType",
        "physicalName",
        "logicalType",
        "description",
        "tags",
        "properties",
        "quality",
        "relationships",
        "customProperties",
    }
    for key, value in chosen.items():
        if key not in handled and value not in (None, [], {}):
            report.add(f"{path}.{key}", OBJECT_REASONS.get(key, "not known to contractkit"))
