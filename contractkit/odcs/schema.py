"""The official ODCS JSON Schema, from the `open-data-contract-standard` package (the Bitol
project's schema as datacontract-cli ships it), and validation against it.

contractkit writes ODCS v3.1.0, so it depends on the package's 3.1 line, whose `schema.json`
is the published v3.1.0 schema. Reading a newer version (v3.2.0) takes that version's schema
file, passed by path.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jsonschema

from contractkit.errors import OdcsError
from contractkit.yamlout import plain_json
from contractkit.yamlsource import SourceMap

__all__ = ["accepted_api_versions", "bundled_schema", "load_schema", "schema_problems"]


@lru_cache(maxsize=1)
def bundled_schema() -> dict[str, Any]:
    """The ODCS v3.1.0 JSON Schema shipped by `open-data-contract-standard`."""
    text = files("open_data_contract_standard").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


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
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    found: list[tuple[tuple[Any, ...], str, str]] = []
    for error in validator.iter_errors(plain_json(document)):
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
