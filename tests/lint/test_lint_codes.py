"""The registry is the one list of lint codes: sorted, unique, and the only source of codes."""

from __future__ import annotations

import ast
from pathlib import Path

from contractkit.lint import codes
from contractkit.lint.codes import BY_ID, CODES, FAMILIES, LintCode

PACKAGE = Path(codes.__file__).resolve().parents[1]


def test_codes_are_sorted_and_unique() -> None:
    ids = [code.id for code in CODES]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_every_record_is_registered_and_complete() -> None:
    defined = [v for v in vars(codes).values() if isinstance(v, LintCode)]
    assert {c.id for c in defined} == set(BY_ID), "a LintCode is defined but not in CODES"
    for code in CODES:
        assert code.family in FAMILIES, code.id
        assert code.summary.endswith("."), code.id
        assert code.fix.endswith("."), code.id


def _string_codes_in_diagnostics() -> list[str]:
    """`Diagnostic(..., "some-code", ...)` written with a literal anywhere in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name != "Diagnostic":
                continue
            args = [*node.args, *(k.value for k in node.keywords if k.arg == "code")]
            for arg in args:
                if isinstance(arg, ast.Constant) and arg.value in BY_ID:
                    found.append(f"{path.name}:{node.lineno}: {arg.value}")
    return found


def test_codes_are_named_through_the_registry() -> None:
    assert _string_codes_in_diagnostics() == []
