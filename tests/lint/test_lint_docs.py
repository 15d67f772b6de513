"""docs/lint/ is generated from the registry and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from contractkit.lint.docs import pages

DOCS = Path(__file__).resolve().parents[2] / "docs" / "lint"


def test_lint_docs_are_current() -> None:
    expected = pages()
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in expected if committed.get(name) != expected[name])
    extra = sorted(set(committed) - set(expected))
    fix = "run `python -m contractkit.lint.docs docs/lint`"
    assert not stale, f"docs/lint is out of date ({stale}); {fix}"
    assert not extra, f"docs/lint has pages of no code ({extra}); {fix}"
