"""`lint` and `diff` read an ODCS file's contracts from the mappings the importer builds, without
writing their YAML and parsing it again: read_back must give exactly what that round trip gave
(values, their types, the text numbers remember, every path of the source map), on every object
of the official examples and this repository's ODCS files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from contractkit.odcs import OdcsError, parse_odcs
from contractkit.odcs.generated import read_back
from contractkit.odcs.reader import Built, build_contract
from contractkit.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "odcs-examples"


def _files() -> list[Path]:
    found = sorted(ROOT.glob("tests/odcs/*.yaml")) + sorted(
        ROOT.glob("benchmarks/fixtures/*.odcs.yaml")
    )
    for branch in ("bitol-main", "bitol-dev"):
        found += sorted((SHARED / branch / "docs" / "examples").glob("**/*.odcs.yaml"))
    return found


def _same(left: Any, right: Any, where: str = "") -> None:
    assert type(left) is type(right), f"{where}: {type(left)} != {type(right)}"
    assert left == right or (left != left and right != right), f"{where}: {left!r} != {right!r}"
    assert getattr(left, "yaml_text", None) == getattr(right, "yaml_text", None), where
    if isinstance(left, dict):
        assert list(left) == list(right), where
        for key in left:
            _same(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            _same(a, b, f"{where}[{index}]")


def _assert_read_back(contract: dict[str, Any], text: str) -> None:
    direct = read_back(contract, "x.odcs.yaml")
    parsed = parse_yaml(text, "x.odcs.yaml")
    _same(direct.data, parsed.data)
    assert set(direct.source.values) == set(parsed.source.values)
    assert set(direct.source.keys) == set(parsed.source.keys)
    assert direct.source.texts == parsed.source.texts


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_read_back_is_the_yaml_round_trip(path: Path) -> None:
    try:
        document = parse_odcs(path.read_bytes(), str(path))
    except OdcsError:
        pytest.skip("not valid for its declared version")
    objects = [o for o in document.get("schema") or [] if o.get("properties")]
    if not objects:
        pytest.skip("no object with properties")
    for obj in objects:
        try:
            built = build_contract(
                document, str(path), object_name=obj["name"], report_others=False
            )
        except OdcsError:
            continue
        _assert_read_back(built.contract, built.text)


def test_read_back_of_scalars_yaml_would_read_otherwise() -> None:
    """Text that looks like another type, numbers whose text the dumper chooses, dates."""
    strings = ["yes", "1.0", "2.10", "2024-01-01", "null", " x ", "a: b", "# c", "1e3", "~", ""]
    contract = {
        "contract": {"name": "t", "version": "1.0.0", "description": "two\nlines\n"},
        "values": {
            "strings": strings,
            "numbers": [0.1, 1e20, 2.5e-7, -0.0, 3.0, 10**20, True, False, None],
            "dates": [dt.date(2024, 2, 29), dt.datetime(2024, 1, 2, 3, 4, 5, 123)],
            "inf": float("inf"),
            "block": "no trailing newline\nsecond",
            "tab": "a\tb",
        },
    }
    built = Built(contract, "# header", (), "t", 0, "v3.1.0")
    _assert_read_back(built.contract, built.text)


def test_read_back_refuses_what_yaml_cannot_hold() -> None:
    with pytest.raises(TypeError, match="set"):
        read_back({"a": {1, 2}}, "x")
