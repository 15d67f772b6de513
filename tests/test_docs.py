"""The YAML examples in the docs are real contracts: they lint clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractkit.loader import analyze_text

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"```yaml\n(contract:.*?)```", re.S)
EXAMPLES = [
    (path.name, index, match.group(1))
    for path in sorted(DOCS.glob("*.md"))
    for index, match in enumerate(BLOCK.finditer(path.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize(("doc", "index", "text"), EXAMPLES, ids=lambda v: str(v)[:30])
def test_documented_contracts_are_valid(doc: str, index: int, text: str) -> None:
    analysis = analyze_text(text, f"{doc}#{index}")
    assert analysis.ok, [d.message for d in analysis.diagnostics if d.is_error]


def test_there_are_examples_to_check() -> None:
    assert any(doc == "contract-format.md" for doc, _, _ in EXAMPLES)
