"""The official ODCS JSON Schemas, and validation of a document against the one of the version
it declares.

contractkit writes ODCS v3.1.0, so it depends on the `open-data-contract-standard` package's 3.1
line, whose `schema.json` is the published v3.1.0 schema. The v3.0.x schemas that package line
no longer ships are vendored from its earlier releases, and the in-progress v3.2.0 schema from
the Bitol repository's dev branch (odcs/schemas/SOURCE.md). A document is judged by its own
version's schema, because each version's schema rejects what the others allow (v3.1.0 requires
`metric` in SLA properties, v3.0.x has no `metric`). v3.2.0 is still a draft: files written
for it exist (datacontract-cli's `init` writes them), so they are read, and every message that
names the schema says it is a draft. Any other version takes its schema's file, passed by
path; v2.x is refused with what to do, since its layout (`dataset`, `columns`) is not v3's.

Validity is decided by jsonschema-rs, a compiled validator (0.5 ms for a small document where
the `jsonschema` package takes 15 ms and 40 ms more to import): it reads every file a
contractkit command is given. Only a document it refuses goes through `jsonschema`, whose
messages (and `best_match` choice among them) are the ones users see; the two agree on
validity over every official example and thousands of mutations of them
(tests/odcs/test_schema_validators.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from contractkit.errors import OdcsError
from contractkit.yamlout import plain_json
from contractkit.yamlsource import SourceMap

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "BUNDLED_SCHEMAS",
    "DRAFT_SCHEMAS",
    "SchemaChoice",
    "accepted_api_versions",
    "bundled_schema",
    "load_schema",
    "schema_for",
    "schema_problems",
]

BUNDLED_SCHEMAS: dict[str, str] = {
    "v3.0.0": "v3.0.1",
    "v3.0.1": "v3.0.1",
    "v3.0.2": "v3.0.2",
    "v3.1.0": "v3.1.0",
    "v3.2.0": "v3.2.0",
}
"""Each readable apiVersion -> the official schema that judges it. No release ships the v3.0.0
schema file on its own; the v3.0.1 schema lists v3.0.0 in its apiVersion enum and differs
from it only by four optional keys (docs/odcs.md, "Versions")."""

DRAFT_SCHEMAS: dict[str, str] = {
    "v3.2.0": "in progress, not yet approved: the Bitol repository's dev branch at 699d801",
}
"""Bundled schemas of versions the standard has not approved yet -> where the file is from.
A message that names one says so, since a later draft may accept or refuse more."""


@dataclass(frozen=True)
class SchemaChoice:
    """The schema a document is validated against, and how messages name it."""

    schema: dict[str, Any]
    label: str


@cache
def bundled_schema(version: str = "v3.1.0") -> dict[str, Any]:
    """The official JSON Schema of ODCS `version` (a key of the BUNDLED_SCHEMAS values)."""
    if version == "v3.1.0":
        source = files("open_data_contract_standard").joinpath("schema.json")
    else:
        source = files("contractkit.odcs").joinpath("schemas", f"odcs-{version}.schema.json")
    schema: dict[str, Any] = json.loads(source.read_text("utf-8"))
    return schema


def schema_for(api_version: object, schema_path: str | os.PathLike[str] | None) -> SchemaChoice:
    """The schema that judges a document declaring `api_version`; OdcsError when none does."""
    if schema_path is not None:
        schema = load_schema(schema_path)
        versions = accepted_api_versions(schema)
        if versions and api_version not in versions:
            raise OdcsError(
                f"apiVersion {api_version!r} is not one the schema {os.fspath(schema_path)} "
                f"accepts ({', '.join(versions)})"
            )
        return SchemaChoice(schema, f"the JSON Schema {os.fspath(schema_path)}")
    version = str(api_version) if isinstance(api_version, str) else ""
    if version in BUNDLED_SCHEMAS:
        used = BUNDLED_SCHEMAS[version]
        label = f"the official ODCS {used} JSON Schema"
        if used in DRAFT_SCHEMAS:
            label = f"the draft ODCS {used} JSON Schema ({DRAFT_SCHEMAS[used]})"
        if used != version:
            label += f" (the schema that accepts {version})"
        return SchemaChoice(bundled_schema(used), label)
    readable = ", ".join(BUNDLED_SCHEMAS)
    if version.startswith("v2."):
        raise OdcsError(
            f"apiVersion {version!r}: ODCS v2 documents are not read (their layout, `dataset` "
            f"and `columns`, is not v3's); contractkit reads {readable}",
            [
                "upgrade the document to ODCS v3 first (the Bitol project's v2 -> v3 migration "
                "notes list each renamed key), then import it"
            ],
        )
    raise OdcsError(
        f"apiVersion {api_version!r} has no bundled schema; contractkit reads {readable}",
        ["pass the JSON Schema of that ODCS version with --schema"],
    )


def load_schema(path: str | os.PathLike[str] | None) -> dict[str, Any]:
    if path is None:
        return bundled_schema()
    with open(path, encoding="utf-8") as handle:
        try:
            schema: Any = json.load(handle)
        except ValueError as exc:  # a YAML file, say
            where = str(path)
            if isinstance(exc, json.JSONDecodeError):
                where = f"{path}:{exc.lineno}:{exc.colno}"
            reason = getattr(exc, "msg", str(exc))
            raise OdcsError(
                f"{where}: --schema is not JSON ({reason}); pass the ODCS JSON Schema file "
                "(odcs-json-schema-v3.x.x.json), not a YAML document"
            ) from None
    if not isinstance(schema, dict):
        raise OdcsError(f"{path}: --schema holds a JSON {type(schema).__name__}, not a schema")
    return schema


def accepted_api_versions(schema: dict[str, Any]) -> list[str]:
    enum = schema.get("properties", {}).get("apiVersion", {}).get("enum", [])
    return [str(v) for v in enum]


def schema_problems(
    document: Any, schema: dict[str, Any], source: SourceMap | None = None
) -> list[str]:
    """Each way `document` breaks `schema`, as `file:line:col: path: message`, sorted by place.

    Only the most specific error of each branch is kept (jsonschema's `best_match` rules), so
    a wrong server type reads as one problem, not one per server kind it failed to be.
    """
    instance = _json_ready(document)
    fast = _compiled(schema)
    if fast is not None and fast.is_valid(instance):
        return []
    import jsonschema  # the messages: only for a document that has problems

    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    found: list[tuple[tuple[Any, ...], str, str]] = []
    for error in validator.iter_errors(instance):
        best = jsonschema.exceptions.best_match([error])
        found.append((tuple(best.absolute_path), str(best.validator), _message(best)))
    problems: dict[str, tuple[int, int]] = {}
    for location, kind, message in found:
        if kind == "unevaluatedProperties" and any(
            other[: len(location)] == location and (other != location or k != kind)
            for other, k, _ in found
        ):
            continue  # a consequence of the more precise error reported there
        where = _describe(location) or "the document"
        position = (0, 0)
        prefix = ""
        if source is not None:
            place = source.value(tuple(p for p in location if isinstance(p, str | int)))
            position = (place.line, place.column)
            prefix = f"{source.file}:{place.line}:{place.column}: "
        problems.setdefault(f"{prefix}{where}: {message}", position)
    return sorted(problems, key=lambda text: (problems[text], text))


def _json_ready(value: Any) -> Any:
    """`plain_json(value)`, quicker on what the YAML reader builds (plain dicts, lists and
    strings hold most of a document): the rest goes through plain_json itself."""
    kind = type(value)
    if kind is dict:
        return {str(k): _json_ready(v) for k, v in value.items()}
    if kind is list:
        return [_json_ready(v) for v in value]
    if kind is str or kind is bool or value is None:
        return value
    return plain_json(value)


_COMPILED: dict[int, tuple[dict[str, Any], jsonschema_rs.Validator | None]] = {}


def _compiled(schema: dict[str, Any]) -> jsonschema_rs.Validator | None:
    """The compiled validator of `schema` (built once per schema object); None when
    jsonschema-rs cannot compile it (a --schema file it does not read), and `jsonschema`
    alone judges. Formats are annotations only, as for `jsonschema` without a format checker;
    no reference is fetched over the network."""
    key = id(schema)
    if key not in _COMPILED or _COMPILED[key][0] is not schema:
        try:
            validator: jsonschema_rs.Validator | None = jsonschema_rs.validator_for(
                schema, validate_formats=False, offline=True
            )
        except Exception:  # any schema it cannot compile: jsonschema alone judges it
            validator = None
        _COMPILED[key] = (schema, validator)
    return _COMPILED[key][1]


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf" and "is valid under each of" in error.message:
        return "matches more than one of the forms allowed here (set only one of them)"
    message = error.message
    return message if len(message) <= 300 else message[:297] + "..."


def _describe(location: tuple[Any, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
