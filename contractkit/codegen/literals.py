"""Python source for values: literals that read back exactly, laid out as ruff formats them.

Generated modules hold text from contracts (names, descriptions, expressions) that anyone
can write, so no text is ever pasted into source: every value becomes a literal here, and
`ast.literal_eval(python_literal(v)) == v` holds for every value this module accepts.
Strings escape backslashes, their quote, and every non-printable character (line breaks,
control and bidirectional-override characters), so a literal is always one line and shows
what it holds.

The layout is ruff's (and black's) at a given line length (their default is 88): a value
that fits on its line stays on it; one that does not is split one item per line with a
trailing comma, which ruff keeps as it is (the "magic trailing comma"). Quotes follow ruff's
rule: double, unless single quotes need fewer escapes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

__all__ = [
    "LINE_LENGTH",
    "Call",
    "Code",
    "Value",
    "assignment",
    "python_literal",
    "python_string",
    "text_width",
]

LINE_LENGTH = 88
_INDENT = "    "
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class Code:
    """Trusted source text written by contractkit itself (`StringType()`), never user text."""

    text: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.()]+", self.text):
            raise ValueError(f"not a simple code atom: {self.text!r}")


@dataclass(frozen=True)
class Call:
    """`name(arg, ..., key=value, ...)`, whose arguments are values like any other."""

    name: str
    args: tuple[Value, ...] = ()
    kwargs: tuple[tuple[str, Value], ...] = ()

    def __post_init__(self) -> None:
        if not _IDENTIFIER.fullmatch(self.name):
            raise ValueError(f"not a dotted identifier: {self.name!r}")
        for key, _ in self.kwargs:
            if not _IDENTIFIER.fullmatch(key) or "." in key:
                raise ValueError(f"not a keyword argument name: {key!r}")


Value: TypeAlias = (
    bool
    | int
    | float
    | str
    | Decimal
    | list["Value"]
    | tuple["Value", ...]
    | dict["Value", "Value"]
    | Call
    | Code
    | None
)


def python_string(text: str) -> str:
    """A one-line str literal, quoted as ruff would leave it."""
    doubles, singles = text.count('"'), text.count("'")
    quote = "'" if doubles > singles else '"'
    out = []
    for char in text:
        if char == quote:
            out.append("\\" + char)
        elif char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif not char.isprintable():
            out.append(repr(char)[1:-1])  # \x07, \u2028, \U000e0001: what repr writes
        else:
            out.append(char)
    return quote + "".join(out) + quote


def python_literal(value: Value) -> str:
    """The value on one line, as ruff formats it."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Python literal; use a finite number")
        return repr(float(value))
    if isinstance(value, str):
        return python_string(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} has no exact literal; use a finite number")
        return f"Decimal({python_string(str(value))})"
    if isinstance(value, Code):
        return value.text
    if isinstance(value, Call):
        items = [python_literal(a) for a in value.args]
        items += [f"{key}={python_literal(v)}" for key, v in value.kwargs]
        return f"{value.name}({', '.join(items)})"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({python_literal(value[0])},)"
        return "(" + ", ".join(python_literal(v) for v in value) + ")"
    if isinstance(value, dict):
        pairs = (f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"no literal for a {type(value).__name__}: {value!r}")


def assignment(name: str, value: Value, width: int = LINE_LENGTH) -> str:
    """`NAME = value` laid out as ruff formats it at `width`, ending in a newline."""
    if not _IDENTIFIER.fullmatch(name) or "." in name:
        raise ValueError(f"not an identifier: {name!r}")
    one_line = f"{name} = {python_literal(value)}"
    if _children(value) is None and text_width(one_line) > width:
        inner = f"{_INDENT}{python_literal(value)}"
        if text_width(inner) <= width:  # ruff wraps a long atom in parentheses if that helps
            return f"{name} = (\n{inner}\n)\n"
    return "\n".join(_lines(value, 0, f"{name} = ", "", width)) + "\n"


def text_width(line: str) -> int:
    """Columns a line takes as ruff counts them: wide East Asian characters count two."""
    if line.isascii():
        return len(line)
    total = 0
    for char in line:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _children(value: Value) -> tuple[str, str, Sequence[tuple[str, Value]]] | None:
    """(opener, closer, [(prefix, item)]) of a value that can be split over lines."""
    if isinstance(value, list) and value:
        return "[", "]", [("", v) for v in value]
    if isinstance(value, tuple) and value:
        return "(", ")", [("", v) for v in value]
    if isinstance(value, dict) and value:
        return "{", "}", [(f"{python_literal(k)}: ", v) for k, v in value.items()]
    if isinstance(value, Call) and (value.args or value.kwargs):
        items = [("", v) for v in value.args] + [(f"{k}=", v) for k, v in value.kwargs]
        return f"{value.name}(", ")", items
    return None


def _lines(value: Value, depth: int, prefix: str, suffix: str, width: int) -> list[str]:
    indent = _INDENT * depth
    one_line = f"{indent}{prefix}{python_literal(value)}{suffix}"
    parts = _children(value)
    if text_width(one_line) <= width or parts is None:
        return [one_line]
    opener, closer, items = parts
    lines = [f"{indent}{prefix}{opener}"]
    for item_prefix, item in items:
        lines.extend(_lines(item, depth + 1, item_prefix, ",", width))
    lines.append(f"{indent}{closer}{suffix}")
    return lines
