"""An imported contract as the YAML reader reads it back, without writing the YAML text.

`contractkit import odcs` writes each object's contract as YAML; `lint`, `diff` and the rest
read an ODCS file's contracts straight from the mapping the importer built. Writing that text
and parsing it again took most of the time of reading a large ODCS file (the 68-object
adventureworks example, say). `read_back` gives what `parse_yaml(dump_yaml(data))` gives:
the same values of the same types (numbers that remember their text as the dumper writes it,
dates as dates) and a source map with the same paths, whose positions the caller places in
the ODCS file anyway. tests/odcs/test_generated.py holds the two equal on every object of the
official examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from contractkit.scalars import YamlFloat, YamlInt
from contractkit.yamlout import plain
from contractkit.yamlsource import Path, Position, SourceMap, YamlDocument

__all__ = ["read_back"]

_REPRESENTER = yaml.representer.SafeRepresenter()
_NOWHERE = Position(1, 1)
"""Every node's position: the caller maps each path to the ODCS node it came from."""


def read_back(data: Mapping[str, Any], file: str) -> YamlDocument:
    """`data` (a contract mapping the importer built) as `parse_yaml(dump_yaml(data), file)`
    reads it, positions aside."""
    source = SourceMap(file)
    value = _build(plain(data), (), source)
    assert isinstance(value, dict)
    return YamlDocument(value, source)


def _build(value: Any, path: Path, source: SourceMap) -> Any:
    source.values[path] = _NOWHERE
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            child = (*path, key)
            source.keys[child] = _NOWHERE
            out[key] = _build(item, child, source)
        return out
    if isinstance(value, list):
        return [_build(item, (*path, index), source) for index, item in enumerate(value)]
    text, scalar = _scalar(value)
    source.texts[path] = text
    return scalar


def _scalar(value: Any) -> tuple[str, Any]:
    """(the text the dumper writes, the value the reader builds from it)."""
    if value is None:
        return "null", None
    if isinstance(value, bool):
        return ("true" if value else "false"), value
    if isinstance(value, str):
        return value, str(value)
    if isinstance(value, int):
        number = YamlInt(value)
        number.yaml_text = str(value)
        return number.yaml_text, number
    if isinstance(value, float):
        text = str(_REPRESENTER.represent_float(value).value)
        real = YamlFloat(value)
        real.yaml_text = text
        return text, real
    if isinstance(value, dt.datetime):
        return str(_REPRESENTER.represent_datetime(value).value), value
    if isinstance(value, dt.date):
        return value.isoformat(), value
    raise TypeError(f"an imported contract holds a {type(value).__name__}, which YAML cannot")
