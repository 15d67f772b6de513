"""Names with control, line-break or invisible characters are refused wherever they are."""

from __future__ import annotations

import pytest

from contractkit.loader import analyze_text

CONTRACT = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - name: {field}
      type: string
quality:
  expectations:
    - name: {expectation}
      expression: id IS NOT NULL
consumers:
  - pipeline: {consumer}
servers:
  - server: {server}
    type: table
    table: a.b.c
changelog:
  - version: "1.0.0"
    date: 2025-01-15
    changes: ["First"]
"""
PLAIN = {"field": "id", "expectation": "present", "consumer": "gold", "server": "prod"}


def _invalid_names(**names: str) -> list[tuple[int, str]]:
    text = CONTRACT.format(**{**PLAIN, **names})
    analysis = analyze_text(text, "c.yaml")
    return [(d.line, d.message) for d in analysis.diagnostics if d.code == "invalid-name"]


def test_plain_and_non_ascii_names_pass() -> None:
    assert _invalid_names() == []
    assert _invalid_names(expectation='"prüfung_café"', consumer='"équipe"') == []


@pytest.mark.parametrize(
    ("key", "line", "written", "shown"),
    [
        ("expectation", 12, '"a\\nb"', "the line break U+000A"),
        ("consumer", 15, '"gold\\tteam"', "the control character U+0009"),
        ("server", 17, '"prod\\u202e"', "the invisible formatting character U+202E"),
        ("field", 8, '"id\\u2028x"', "the line separator U+2028"),
    ],
)
def test_each_kind_of_name_is_checked(key: str, line: int, written: str, shown: str) -> None:
    found = _invalid_names(**{key: written})
    assert len(found) == 1, found
    assert found[0][0] == line
    assert found[0][1].startswith(f"{key} name ")
    assert shown in found[0][1]
