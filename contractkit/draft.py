"""A first contract for an existing dataset, written from its schema (`contractkit infer`).

The draft says what the data's schema says (types, nullability, column comments as
descriptions) and nothing it cannot know: owner, pipeline, constraints and expectations are
for a person to fill in. It lints clean as written, so the first review is about meaning.
Struct columns are written with `fields:` (each subfield with its own nullability and
description); structs inside arrays or maps keep their type string.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from contractkit.types import StructField, StructType, format_type

__all__ = ["DraftSource", "contract_name", "draft_contract"]

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_PLAIN_TYPE = re.compile(r"[a-z_][a-z0-9_(),<>:]*")
# Words YAML 1.1 reads as booleans or null: always quoted.
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


@dataclass(frozen=True)
class DraftSource:
    """Where the data was read: a table, or files at a path in a format."""

    table: str | None = None
    path: str | None = None
    format: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        if self.table is not None:
            return f"table {json.dumps(self.table, ensure_ascii=False)}"
        return f"{self.format} files at {json.dumps(self.path, ensure_ascii=False)}"


def contract_name(source: str, *, table: bool = False) -> str:
    """A valid contract name from a table name or a path: `main.sales.orders` -> `orders`,
    `data/silver/orders.parquet` -> `orders`."""
    if table:
        base = source.replace("`", "").split(".")[-1]
    else:
        base = os.path.basename(os.path.normpath(source))
        base = re.sub(r"\.(parquet|csv|json|jsonl|orc|avro)$", "", base, flags=re.IGNORECASE)
    name = re.sub(r"[^A-Za-z0-9_]+", "_", base).strip("_") or "dataset"
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def draft_contract(
    name: str,
    schema: StructType,
    source: DraftSource | None = None,
    *,
    description: str | None = None,
    version: str = "0.1.0",
) -> str:
    """The YAML text of a draft contract for data with `schema`."""
    what = source.describe() if source is not None else "a schema"
    lines = [
        f"# Drafted by `contractkit infer` from {_comment(what)}. Review every line:",
        "# owner and pipeline, descriptions, and nullability (files written by Spark declare",
        "# every column nullable), then add constraints and expectations.",
        "contract:",
        f"  name: {_text(name)}",
        f"  version: {_quoted(version)}",
        f"  owner: {_quoted('TODO: the owning team')}",
        f"  producer_pipeline: {_quoted(f'TODO: the pipeline that writes {name}')}",
    ]
    if description:
        lines.append(f"  description: {_quoted(description)}")
    lines += ["", "schema:", "  fields:"]
    for item in schema.fields:
        lines += _field(item, "    ")
    lines += [
        "",
        "changelog:",
        f"  - version: {_quoted(version)}",
        f"    changes: {_quoted('Drafted by contractkit infer')}",
    ]
    if source is not None:
        lines += ["", "servers:", *_server(source)]
    return "\n".join(lines) + "\n"


def _field(item: StructField, indent: str) -> list[str]:
    lines = [f"{indent}- name: {_text(item.name)}"]
    inner = indent + "  "
    if isinstance(item.type, StructType) and item.type.fields:
        lines.append(f"{inner}fields:")
        for sub in item.type.fields:
            lines += _field(sub, inner + "  ")
    else:
        lines.append(f"{inner}type: {_type(format_type(item.type))}")
    if not item.nullable:
        lines.append(f"{inner}nullable: false")
    if item.comment:
        lines.append(f"{inner}description: {_quoted(item.comment)}")
    return lines


def _server(source: DraftSource) -> list[str]:
    if source.table is not None:
        lines = ["  - server: source", "    type: table", f"    table: {_text(source.table)}"]
    else:
        lines = [
            "  - server: source",
            "    type: local",
            f"    path: {_quoted(source.path or '')}",
            f"    format: {_text(source.format or 'parquet')}",
        ]
    if source.options:
        lines.append("    options:")
        lines += [f"      {_text(k)}: {_quoted(v)}" for k, v in sorted(source.options.items())]
    return lines


def _text(value: str) -> str:
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return _quoted(value)


def _type(value: str) -> str:
    return value if _PLAIN_TYPE.fullmatch(value) else _quoted(value)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar, escapes and all, on one line."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=2**31 - 1)
    return dumped.rstrip("\n").removesuffix("\n...")


def _comment(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]", "?", text)
