"""YAML text for people: keys in the order given, lists indented under their key, long text on
one line, multi-line text as a block. Used for files contractkit writes (imported contracts,
ODCS exports); `contractkit.yamlsource` reads them back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

__all__ = ["dump_yaml", "plain", "plain_json"]


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists under a key are indented, as in every contract of this repository.
        super().increase_indent(flow, False)


_STR = "tag:yaml.org,2002:str"
_VERSION_LIKE = re.compile(r"\d+(\.\d+)+")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and value == value.strip() + ("\n" if value.endswith("\n") else ""):
        return dumper.represent_scalar(_STR, value, style="|")
    # Text YAML would read as something else (a number, a date, a boolean) is double-quoted,
    # as are versions, which people quote by habit so `2.10` stays 2.10.
    implicit = dumper.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if implicit != _STR or _VERSION_LIKE.fullmatch(value):
        return dumper.represent_scalar(_STR, value, style='"')
    return dumper.represent_scalar(_STR, value)


def _sequence(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Short lists of plain values on one line (`uses: [order_id, amount]`)."""
    flow = bool(value) and all(
        isinstance(v, str | int | float | bool) and "\n" not in str(v) for v in value
    )
    flow = flow and sum(len(str(v)) + 2 for v in value) <= 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _sequence)


def plain(value: Any) -> Any:
    """Plain YAML/JSON values: Decimals as int or float, tuples as lists, mapping order kept.
    Dates stay dates (YAML has them; `plain_json` below turns them into text)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def plain_json(value: Any) -> Any:
    """As `plain`, with dates and timestamps as ISO text: what a JSON Schema validator expects."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    return plain(value)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """`data` as block-style YAML, keys in insertion order, a blank line between sections."""
    text: str = yaml.dump(
        plain(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    lines = text.splitlines()
    spaced = [
        f"\n{line}" if index and line[:1] not in (" ", "-", "#") and line.endswith(":") else line
        for index, line in enumerate(lines)
    ]
    return "\n".join(spaced) + "\n"
