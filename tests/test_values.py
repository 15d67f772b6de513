"""Percentages, durations and versions: what people write, read exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contractkit.values import format_percent, parse_duration, parse_percent, parse_version
from contractkit.yamlsource import parse_yaml


@pytest.mark.parametrize(
    ("text", "fraction"),
    [
        ("100%", Decimal(1)),
        ("99.9%", Decimal("0.999")),
        (" 0% ", Decimal(0)),
        ("12.5 %", Decimal("0.125")),
    ],
)
def test_percent_strings(text: str, fraction: Decimal) -> None:
    assert parse_percent(text) == fraction


def test_bare_numbers_are_fractions_and_keep_their_spelling() -> None:
    data = parse_yaml("a: 0.999\nb: 1\nc: 99.9\n", "t.yaml").data
    assert parse_percent(data["a"]) == Decimal("0.999")
    assert parse_percent(data["b"]) == Decimal(1)
    with pytest.raises(ValueError, match=r"did you mean '99.9%'"):
        parse_percent(data["c"])


@pytest.mark.parametrize("bad", ["120%", "-1%", "abc%", "99.9", True, None, "nan%"])
def test_bad_percentages(bad: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        parse_percent(bad)


def test_threshold_is_exact() -> None:
    """99.9% of 1,000 rows allows exactly one failure: no float rounding."""
    fraction = parse_percent("99.9%")
    assert fraction * 1000 == 999
    assert format_percent(fraction) == "99.9%"
    assert format_percent(Decimal(1)) == "100%"


@pytest.mark.parametrize(
    ("text", "seconds", "strict"),
    [
        ("< 15 minutes", 900, True),
        ("<= 15 minutes", 900, False),
        ("15m", 900, False),
        ("1 hour", 3600, False),
        ("1h30m", 5400, False),
        ("1 day, 2 hours", 93600, False),
        ("PT15M", 900, False),
        ("P1DT2H", 93600, False),
        ("p1w", 604800, False),
        ("1.5 hours", 5400, False),
        ("30 s", 30, False),
    ],
)
def test_durations(text: str, seconds: int, strict: bool) -> None:
    duration = parse_duration(text)
    assert duration.seconds == seconds
    assert duration.strict is strict
    assert duration.timedelta == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("15", "not understood"),
        ("3 months", "whose length varies"),
        ("5 parsecs", "unknown unit 'parsecs'"),
        ("PT", "not understood"),
        ("0 minutes", "longer than zero"),
        ("", "not understood"),
    ],
)
def test_bad_durations(bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(bad)


def test_duration_without_unit_says_how_to_fix() -> None:
    number = parse_yaml("f: 15\n", "t.yaml").data["f"]
    with pytest.raises(ValueError, match="has no unit; write it like '15 minutes'"):
        parse_duration(number)


def test_strictness_at_the_limit() -> None:
    limit = dt.timedelta(minutes=15)
    assert not parse_duration("< 15 minutes").allows(limit)
    assert parse_duration("<= 15 minutes").allows(limit)
    assert parse_duration("< 15 minutes").allows(limit - dt.timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("yaml_value", "version"),
    [
        ('"2.0"', "2.0.0"),
        ("2.0", "2.0.0"),
        ("2.10", "2.10.0"),
        ("2", "2.0.0"),
        ("1.2.3-rc.1", "1.2.3-rc.1"),
    ],
)
def test_versions(yaml_value: str, version: str) -> None:
    value = parse_yaml(f"v: {yaml_value}\n", "t.yaml").data["v"]
    assert parse_version(value) == version


@pytest.mark.parametrize("bad", ["v1.0.0", "two", "1.0.0.0", True])
def test_bad_versions(bad: object) -> None:
    with pytest.raises(ValueError, match="version"):
        parse_version(bad)
