"""The YAML reader: positions, refusals, and no silent surprises."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractkit.errors import ContractLoadError
from contractkit.yamlsource import MAX_BYTES, parse_yaml, read_file


def _codes(text: str | bytes) -> list[tuple[int, int, str]]:
    with pytest.raises(ContractLoadError) as caught:
        parse_yaml(text, "t.yaml")
    return [(d.line, d.column, d.code) for d in caught.value.diagnostics]


def test_positions_of_keys_and_values() -> None:
    doc = parse_yaml("a:\n  b: [1, 2]\n  c: x\n", "t.yaml")
    assert doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert doc.source.key(("a", "c")) == doc.source.key(("a", "c"))
    assert (doc.source.key(("a", "c")).line, doc.source.key(("a", "c")).column) == (3, 3)
    assert (doc.source.value(("a", "b", 1)).line, doc.source.value(("a", "b", 1)).column) == (2, 10)
    # Missing paths fall back to the nearest ancestor.
    assert doc.source.value(("a", "zz")).line == 2  # the mapping under "a" starts there


def test_keys_stay_text() -> None:
    assert parse_yaml("on: 1\n1: 2\nnull: 3\n", "t.yaml").data == {"on": 1, "1": 2, "null": 3}


def test_duplicate_keys_are_refused_not_overwritten() -> None:
    assert _codes("a: 1\nb: 2\na: 3\n") == [(3, 1, "duplicate-key")]


def test_alias_bomb_is_refused_fast() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    assert {code for *_, code in _codes(bomb)} == {"yaml-alias"}


def test_tabs_get_a_hint() -> None:
    with pytest.raises(ContractLoadError) as caught:
        parse_yaml("a:\n\tb: 1\n", "t.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.code) == (2, "yaml-syntax")
    assert diagnostic.hint == "YAML indentation must use spaces, not tabs"


def test_unsafe_tags_are_refused() -> None:
    assert _codes("a: !!python/object/apply:os.system [echo]\n") == [(1, 4, "yaml-tag")]


def test_binary_and_non_utf8() -> None:
    assert _codes(b"a: 1\n\x00\x01") == [(2, 1, "not-text")]
    assert _codes(b"a: caf\xe9\n") == [(1, 7, "not-text")]


def test_utf8_bom_is_fine() -> None:
    assert parse_yaml("\ufeffa: 1\n".encode(), "t.yaml").data == {"a": 1}


def test_oversize_file_is_refused_before_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10))
    with pytest.raises(ContractLoadError) as caught:
        read_file(str(big))
    assert caught.value.diagnostics[0].code == "file-too-large"


def test_deep_nesting_is_refused() -> None:
    assert {code for *_, code in _codes("a: " + "[" * 200 + "]" * 200 + "\n")} == {"too-deep"}


def test_directory_and_missing_file(tmp_path: Path) -> None:
    for path, words in ((tmp_path, "is a directory"), (tmp_path / "nope.yaml", "cannot read")):
        with pytest.raises(ContractLoadError, match=words):
            read_file(str(path))
