"""The literal writer: values read back exactly, and the layout is a ruff fixed point."""

from __future__ import annotations

import ast
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractkit.codegen.literals import (
    Call,
    Code,
    assignment,
    python_literal,
    python_string,
    text_width,
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_literals_read_back_exactly(value: object) -> None:
    text = python_literal(value)  # type: ignore[arg-type]
    assert "\n" not in text
    assert ast.literal_eval(text) == value
    assert repr(ast.literal_eval(text)) == repr(value)  # -0.0, 1e16 and friends too


@given(values, st.integers(min_value=20, max_value=120))
def test_layout_reads_back_exactly_at_any_width(value: object, width: int) -> None:
    text = assignment("VALUE", value, width)  # type: ignore[arg-type]
    assert text.endswith("\n")
    assert ast.literal_eval(text.split(" = ", 1)[1]) == value


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_are_written_exactly(value: Decimal) -> None:
    text = python_literal(value)
    assert eval(text, {"Decimal": Decimal}) == value
    assert str(eval(text, {"Decimal": Decimal})) == str(value)


def test_strings_show_what_they_hold_on_one_line() -> None:
    assert python_string("plain") == '"plain"'
    assert python_string('say "hi"') == "'say \"hi\"'"  # fewer escapes in single quotes
    assert python_string("it's") == '"it\'s"'
    assert python_string("both ' and \"") == '"both \' and \\""'  # a tie: double quotes
    assert python_string('"""') == '\'"""\''
    assert python_string("a\\b\nc\x00\x1b") == '"a\\\\b\\nc\\x00\\x1b"'
    # Line separators and bidirectional overrides are escaped: what you see is what it holds.
    assert python_string("\u2028\u202e\ufeff") == '"\\u2028\\u202e\\ufeff"'
    assert python_string("日本語 é") == '"日本語 é"'


def test_non_finite_numbers_have_no_literal() -> None:
    with pytest.raises(ValueError, match="finite"):
        python_literal(float("inf"))
    with pytest.raises(ValueError, match="finite"):
        python_literal(Decimal("NaN"))
    with pytest.raises(TypeError):
        python_literal({1, 2})  # type: ignore[arg-type]


def test_calls_and_code_are_checked_identifiers() -> None:
    call = Call("StructField", ("a", Call("StringType")), (("nullable", False),))
    assert python_literal(call) == 'StructField("a", StringType(), nullable=False)'
    assert python_literal(Code("DayTimeIntervalType.DAY")) == "DayTimeIntervalType.DAY"
    with pytest.raises(ValueError, match="identifier"):
        Call("os.system('x') or print")
    with pytest.raises(ValueError, match="keyword argument"):
        Call("f", (), (("a=1, b", 2),))
    with pytest.raises(ValueError, match="code atom"):
        Code("__import__('os')")


def test_layout_splits_what_does_not_fit_with_trailing_commas() -> None:
    value = {"short": "x", "long": ["a" * 30, "b" * 30, "c" * 30]}
    assert assignment("V", value, 60) == (
        "V = {\n"
        '    "short": "x",\n'
        '    "long": [\n'
        f'        "{"a" * 30}",\n'
        f'        "{"b" * 30}",\n'
        f'        "{"c" * 30}",\n'
        "    ],\n"
        "}\n"
    )
    assert assignment("V", {"a": 1}, 60) == 'V = {"a": 1}\n'


def test_long_atoms_are_parenthesised_when_that_makes_them_fit() -> None:
    name = "n" * 75
    assert assignment("CONTRACT_NAME", name, 88) == f'CONTRACT_NAME = (\n    "{name}"\n)\n'
    assert assignment("X", "n" * 90, 88) == f'X = "{"n" * 90}"\n'  # nothing helps: as is


def test_wide_characters_count_twice() -> None:
    assert text_width("abc") == 3
    assert text_width("日本") == 4
    assert text_width("e\u0301") == 1  # a combining accent takes no column


TRICKY = [
    "",
    "plain",
    "it's",
    'say "hi"',
    "both ' and \"",
    "'''",
    '"""',
    "\\",
    "\\'",
    '\\"',
    "trailing backslash \\",
    "a\nb\rc\td\x00\x07\x1b\x7f",
    "\u2028\u2029\u0085\u202e\ufeff\u200b",
    "日本語のテキストはここにあります、幅が二倍です",
    "emoji \U0001f600 and astral \U00010000",
    '"); import os; os.system("echo pwned") #',
    "__import__('os').system('echo pwned')",
    "{0} %s {name}",
]


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_written_source_is_a_ruff_fixed_point(tmp_path: Path) -> None:
    """One file of many assignments, at 88 and at 100 columns, needs no reformatting."""
    rng = random.Random(4)
    alphabet = "ab '\"\\\n\t\x01日é\u2028"
    texts = TRICKY + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(200)
    ]
    for width in (88, 100):
        blocks = []
        for index, text in enumerate(texts):
            blocks.append(assignment(f"S{index}", text, width))
            nested = {text: [text, (text,), {"comment": text * 3}], "n": [1, 2.5, None, True]}
            blocks.append(assignment(f"D{index}", nested, width))
        path = tmp_path / f"width_{width}.py"
        path.write_text("\n".join(blocks), encoding="utf-8")
        result = subprocess.run(
            ["ruff", "format", "--isolated", "--line-length", str(width), "--diff", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[:3000] + result.stderr
