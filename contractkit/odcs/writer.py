"""contractkit contract -> ODCS v3.1.0 document (`contractkit export odcs`).

One contract is one ODCS document with one schema object. What ODCS has a place for goes
there (docs/odcs.md has the table); what it lacks (the producer pipeline, consumers and their
`uses`, the changelog, compatibility, expectation actions, `allowed_values` as such, reader
options, exact table names) goes into `customProperties` named `contractkit.<key>`, which
`contractkit import odcs` reads back: a contract survives the round trip unchanged.
The result is validated against the official v3.1.0 JSON Schema before it is returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from contractkit.model import Contract, Field
from contractkit.odcs.common import API_VERSION, OdcsError, custom
from contractkit.odcs.dataset import dataset_check_rule, shorthand, unique_key_rule
from contractkit.odcs.quality import expectation_rule, values_rule
from contractkit.odcs.schema import bundled_schema, schema_problems
from contractkit.odcs.servers import write_server
from contractkit.odcs.sla import write_sla
from contractkit.odcs.types import items_node, logical_type
from contractkit.types import ArrayType
from contractkit.yamlout import dump_yaml, plain_json

__all__ = ["Exported", "export_contract"]


@dataclass(frozen=True)
class Exported:
    document: dict[str, Any]
    text: str


def export_contract(contract: Contract, *, validate: bool = True) -> Exported:
    """The contract as an ODCS v3.1.0 document; `validate=False` skips checking it against
    the bundled schema (for callers that validate it themselves)."""
    info = contract.info
    document: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": "DataContract",
        "id": info.id or contract.name,
        "name": info.title or contract.name,
        "version": contract.version,
        "status": info.status or "active",
    }
    if info.domain:
        document["domain"] = info.domain
    if info.tags:
        document["tags"] = list(info.tags)
    if info.description:
        document["description"] = {"purpose": info.description}
    key = [name.lower() for name in contract.schema_.primary_key or ()]
    obj: dict[str, Any] = {
        "name": contract.name,
        "logicalType": "object",
        "physicalType": "table",
        "properties": [_property(f, key) for f in contract.fields],
    }
    rules = [expectation_rule(e) for e in contract.expectations]
    rules += [dataset_check_rule(c) for c in contract.quality.dataset]
    rules += [unique_key_rule(k) for k in contract.quality.unique]
    if rules:
        obj["quality"] = rules
    document["schema"] = [obj]
    if contract.servers:
        document["servers"] = [write_server(s) for s in contract.servers]
    document["team"] = {"name": info.owner}
    sla, sla_extras = write_sla(contract, contract.name)
    if sla:
        document["slaProperties"] = sla
    extras = [custom("compatibility", info.compatibility)]
    if info.producer_pipeline:
        extras.insert(0, custom("producer_pipeline", info.producer_pipeline))
    if contract.quality.constraint_action != "warn":
        extras.append(custom("constraint_action", contract.quality.constraint_action))
    if contract.consumers:
        consumers = [
            c.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            for c in contract.consumers
        ]
        extras.append(custom("consumers", consumers))
    if contract.changelog:
        changelog = [e.model_dump(mode="json", exclude_defaults=True) for e in contract.changelog]
        extras.append(custom("changelog", changelog))
    document["customProperties"] = [*extras, *sla_extras]

    problems = schema_problems(document, bundled_schema()) if validate else []
    if problems:  # a bug in this module: never hand out ODCS the standard rejects
        raise OdcsError(
            f"the ODCS written for {contract.name!r} breaks the v3.1.0 schema:", problems
        )
    source = f" from {contract.source_file}" if contract.source_file else ""
    header = f"# Exported by `contractkit export odcs`{source}.\n"
    return Exported(document, header + dump_yaml(document))


def _property(field: Field, primary_key: list[str] | None) -> dict[str, Any]:
    prop: dict[str, Any] = {"name": field.name}
    family = logical_type(field.data_type)
    options: dict[str, Any] = dict(family.get("logicalTypeOptions", {}))
    if "logicalType" in family:
        prop["logicalType"] = family["logicalType"]
    prop["physicalType"] = field.type_string
    extras: list[dict[str, Any]] = []
    if field.min is not None:
        options["minimum"] = _bound(field.min)
    if field.max is not None:
        options["maximum"] = _bound(field.max)
    if field.pattern is not None:  # lint allows patterns on string columns only
        options["pattern"] = field.pattern
    if options:
        prop["logicalTypeOptions"] = options
    if not field.nullable:
        prop["required"] = True
    if field.unique:
        prop["unique"] = True
    if primary_key is not None and field.name.lower() in primary_key:
        prop["primaryKey"] = True
        prop["primaryKeyPosition"] = primary_key.index(field.name.lower()) + 1
    if field.business_name is not None:
        prop["businessName"] = field.business_name
    if field.description:
        prop["description"] = field.description
    if field.classification is not None:
        prop["classification"] = field.classification
    if field.tags:
        prop["tags"] = list(field.tags)
    if field.examples:
        prop["examples"] = plain_json(list(field.examples))
    if isinstance(field.data_type, ArrayType):
        prop["items"] = items_node(field.data_type.element)
    if field.fields:
        prop["properties"] = [_property(sub, None) for sub in field.fields]
    if field.allowed_values is not None:
        prop["quality"] = [values_rule([_bound(v) for v in field.allowed_values])]
    if field.references is not None and shorthand(field.references):
        prop["relationships"] = [{"to": field.references}]
    elif field.references is not None:  # beyond `table.column`: a dotted name, a nested field
        extras.append(custom("references", field.references))
    if field.renamed_from:
        extras.append(custom("renamed_from", field.renamed_from))
    if field.constraint_action:
        extras.append(custom("constraint_action", field.constraint_action))
    if field.pii:  # ODCS has no personal-data flag of its own
        extras.append(custom("pii", True))
    if extras:
        prop["customProperties"] = extras
    return prop


def _bound(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
