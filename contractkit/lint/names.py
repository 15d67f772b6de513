"""Names people and tools read back: no control characters, line breaks or invisible marks.

A field, expectation, consumer or server name reaches generated code, Spark column
references, log lines and reports; a newline or a bidi mark in one forges or hides text
there, and nobody can type it back. Leading and trailing spaces are a field-only rule
(fields.py), since Spark keeps them in column names.
"""

from __future__ import annotations

import unicodedata

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.yamlsource import Path

# Cc: control characters (newline, tab, NUL...); Cf: invisible format marks (zero-width
# space, bidi overrides); Zl / Zp: the Unicode line and paragraph separators.
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def check_name(checker: Checker, path: Path, what: str, name: str) -> None:
    """Report `name` (a `what`, e.g. "field") when it holds a character no one can see."""
    bad = next((ch for ch in name if unicodedata.category(ch) in _UNPRINTABLE), None)
    if bad is None:
        return
    checker.report(
        codes.INVALID_NAME,
        path,
        f"{what} name {name!r} contains {_describe(bad)} U+{ord(bad):04X} ({bad!r})",
        "remove it; for columns, ASCII letters, digits and '_' are the safest names",
    )


def _describe(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return "the line break" if char in "\n\r" else "the control character"
    if category == "Cf":
        return "the invisible formatting character"
    return "the line separator"
