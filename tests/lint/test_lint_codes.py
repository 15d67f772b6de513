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
    """`Diagnostic(file, line, column, severity, "some-code", ...)` written with a literal code
    anywhere in the package: registered or not, a code must come from its record."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name != "Diagnostic":
                continue
            code = [k.value for k in node.keywords if k.arg == "code"] + node.args[4:5]
            if any(isinstance(arg, ast.Constant) for arg in code):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_diagnostic_is_built_somewhere_we_look() -> None:
    """The scan above sees the places that build findings (so it can fail)."""
    sources = " ".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert sources.count("Diagnostic(") >= 5


def test_codes_are_named_through_the_registry() -> None:
    assert _string_codes_in_diagnostics() == []
