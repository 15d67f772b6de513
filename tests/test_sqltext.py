"""Spark SQL text written by contractkit reads back exactly (checked against Spark's own
unescaping rules here, and against a live Spark in tests/codegen/test_generated_on_spark.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlglot import tokens

from contractkit.expressions import check_expression
from contractkit.sqltext import (
    QUOTED_WORDS,
    column_reference,
    number_literal,
    quote_name,
    string_literal,
    temporal_literal,
)
from contractkit.types import PrimitiveType, _unescape


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("amount", "amount"),
        ("_ingested_at", "_ingested_at"),
        ("Order", "`Order`"),  # reserved in any case
        ("select", "`select`"),
        ("true", "`true`"),
        ("current_path", "`current_path`"),
        ("values", "`values`"),  # sqlglot only
        ("display name", "`display name`"),
        ("a`b", "`a``b`"),
        ("1st", "`1st`"),
        ("café", "`café`"),
        ("status", "status"),
        ("date", "date"),
    ],
)
def test_quote_name(name: str, expected: str) -> None:
    assert quote_name(name) == expected


def test_column_reference_quotes_each_part() -> None:
    assert column_reference(["address", "city"]) == "address.city"
    assert column_reference(["order", "a b"]) == "`order`.`a b`"


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("PENDING", "'PENDING'"),
        ("O'Brien", "'O\\'Brien'"),
        (r"^\+?[0-9]{10,15}$", r"r'^\+?[0-9]{10,15}$'"),  # raw: reads as written
        (r"^O'\w+$", r"'^O\'\\w+$'"),  # a quote and a backslash: escaped
        ("50% off_", "'50% off_'"),
        ("two\nlines\t\x01", "'two\\nlines\\t\\u0001'"),
        ("tab\\\t", "'tab\\\\\\t'"),  # backslash and a control character: escaped
        ("", "''"),
    ],
)
def test_string_literal(text: str, literal: str) -> None:
    assert string_literal(text) == literal
    assert _unescape(literal) == text


@given(st.text())
def test_string_literals_unescape_to_the_text(text: str) -> None:
    """`types._unescape` is Spark's SparkParserUtils.unescapeSQLString, step for step."""
    assert _unescape(string_literal(text)) == text


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00")))
def test_string_literals_parse_as_one_string(text: str) -> None:
    """sqlglot (the lint parser) reads a literal as one string token, whatever it holds."""
    found = check_expression(f"c = {string_literal(text)}", {"c": PrimitiveType("string")})
    assert found.problems == ()


def test_every_word_spark_or_sqlglot_might_misread_is_quoted() -> None:
    """Each keyword of sqlglot's Spark tokenizer, as a column, passes the lint parser once
    quoted by quote_name; the Spark side is checked live in the Spark tests."""
    from sqlglot.dialects.databricks import Databricks

    words = {w.lower() for w in Databricks.Tokenizer.KEYWORDS if w.replace("_", "").isalpha()}
    words |= {w.lower() for w in tokens.Tokenizer.KEYWORDS if w.replace("_", "").isalpha()}
    problems = {}
    for word in sorted(words | QUOTED_WORDS):
        columns = {word: PrimitiveType("int")}
        for template in ("{} IS NOT NULL", "{} IN (1, 2)", "{} >= 1", "{} <= 2"):
            result = check_expression(template.format(quote_name(word)), columns)
            if result.problems:
                problems[word] = result.problems[0].message
    assert problems == {}


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (0, "0"),
        (-5, "-5"),
        ("0.10", "0.10"),
        ("1.5e+3", "1500"),
        ("1e-7", "0.0000001"),
        (Decimal("99999999.99"), "99999999.99"),
        ("1e300", "1E+300"),  # past decimal(38): a double literal
    ],
)
def test_number_literal_is_exact(value: object, literal: str) -> None:
    assert number_literal(value) == literal  # type: ignore[arg-type]


def test_number_literal_refuses_what_is_not_a_finite_number() -> None:
    with pytest.raises(ValueError, match="finite"):
        number_literal("inf")
    with pytest.raises(TypeError):
        number_literal(True)


def test_temporal_literals() -> None:
    assert temporal_literal(dt.date(2025, 1, 15), "date") == "DATE'2025-01-15'"
    assert temporal_literal("2025-01-15", "timestamp") == "TIMESTAMP'2025-01-15'"
    moment = dt.datetime(2025, 1, 15, 10, 30, tzinfo=dt.UTC)
    assert temporal_literal(moment, "timestamp") == "TIMESTAMP'2025-01-15 10:30:00+00:00'"
    assert temporal_literal(moment, "date") == "DATE'2025-01-15'"
    assert temporal_literal(" 2025-01-15 00:00 ", "timestamp_ntz") == (
        "TIMESTAMP_NTZ'2025-01-15 00:00'"
    )
