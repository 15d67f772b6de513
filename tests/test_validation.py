"""contractkit.validation without a JVM: the sentences every renderer shares, lookups, and
the freshness verdict (future values, the clock-skew allowance)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from contractkit.errors import ContractViolationError
from contractkit.loader import load_string
from contractkit.report.validation import render_text
from contractkit.validation import (
    SAMPLE_WIDTH,
    ConsumerResult,
    ExpectationResult,
    FreshnessResult,
    UniquenessResult,
    ValidationReport,
    format_age,
    freshness_problem,
)
from contractkit.values import parse_duration
from pytest_contractkit import failures

NOW = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)
HOUR = parse_duration("< 1 hour")

CONTRACT = load_string(
    """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string}
    - {name: updated_at, type: timestamp}
quality:
  expectations:
    - {name: positive, expression: order_id <> ''}
sla: {freshness: "< 1 hour", freshness_column: updated_at}
changelog: [{version: "1.0.0"}]
""",
    "orders.yaml",
)


def _freshness(age: dt.timedelta, skew: dt.timedelta = dt.timedelta(minutes=5)) -> FreshnessResult:
    return FreshnessResult(HOUR, "updated_at", NOW - age, NOW, "column", skew)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (119, "119 s"),
        (31 * 60 + 5, "31 min"),
        (3 * 3600 + 2 * 60, "3 h 2 min"),
        (47 * 3600 + 59 * 60, "47 h 59 min"),
        (1122 * 86400 + 55_000, "1,122 days"),
        (-(1122 * 86400 + 55_000), "1,122 days"),
    ],
)
def test_ages_read_as_people_say_them(seconds: int, text: str) -> None:
    assert format_age(dt.timedelta(seconds=seconds)) == text


def test_a_future_newest_value_fails_beyond_the_clock_skew_allowance() -> None:
    within = _freshness(-dt.timedelta(minutes=4))
    assert within.ok
    assert not within.in_future
    beyond = _freshness(-dt.timedelta(days=1122, hours=15))
    assert not beyond.ok
    assert beyond.in_future
    assert freshness_problem(beyond) == (
        "the newest value is 1,122 days in the future, beyond the 5 min clock-skew "
        "allowance (limit < 1 hour)"
    )
    strict = _freshness(-dt.timedelta(seconds=30), skew=dt.timedelta(0))
    assert not strict.ok
    assert beyond.to_dict()["in_future"] is True


def test_old_data_says_how_old_in_human_units() -> None:
    stale = _freshness(dt.timedelta(hours=3, minutes=2, seconds=9))
    assert freshness_problem(stale) == "data is 3 h 2 min old, the limit is < 1 hour"
    unmeasured = FreshnessResult(HOUR, "updated_at", None, NOW, "column")
    assert freshness_problem(unmeasured) == "no data found to measure (column)"
    broken = FreshnessResult(HOUR, "updated_at", None, NOW, "column", error="CAST_INVALID_INPUT: x")
    assert freshness_problem(broken) == "not measured: CAST_INVALID_INPUT: x"


def _report() -> ValidationReport:
    failing = ExpectationResult(
        "positive",
        "order_id <> ''",
        Decimal("0.999"),
        "warn",
        1000,
        2,
        samples=({"order_id": "", "note": "x" * 300},),
    )
    broken = ExpectationResult(
        "parsed", "CAST(order_id AS INT) > 0", Decimal(1), "warn", 1000, 0, error="E: bad 'abc'"
    )
    return ValidationReport(
        "orders",
        "1.0.0",
        1000,
        expectations=(failing, broken),
        freshness=_freshness(dt.timedelta(hours=3, minutes=2, seconds=9)),
        uniqueness=(UniquenessResult(("order_id",), "primary_key", 3, 1),),
        consumers=(ConsumerResult("finance"),),
        consumer_pipelines=("finance", "marketing"),
    )


def test_text_shows_each_consumers_own_checks_under_its_name() -> None:
    own = ExpectationResult("recent", "year >= 2020", Decimal(1), "fail", 1000, 4)
    report = ValidationReport(
        "orders",
        "1.0.0",
        1000,
        consumers=(
            ConsumerResult(
                "finance", expectations=(own,), freshness=_freshness(dt.timedelta(hours=2))
            ),
            ConsumerResult("marketing"),
        ),
        consumer_pipelines=("finance", "marketing"),
    )
    lines = render_text(report).splitlines()
    start = lines.index("consumer finance:")
    assert lines[start + 1] == "  quality:"
    assert lines[start + 2].startswith("    FAIL recent  passed 99.600% of 1,000 rows")
    assert lines[start + 3].startswith("  freshness: FAIL data is 2 h 0 min old")
    assert "consumer marketing:" not in lines  # declared nothing of its own


def test_every_renderer_says_the_same_sentences() -> None:
    report = _report()
    text = render_text(report)
    message = str(ContractViolationError(report))
    failure_texts = [
        failures.quality(CONTRACT, report.expectations[0], ("quality",)),
        failures.quality(CONTRACT, report.expectations[1], ("quality",)),
        failures.freshness(CONTRACT, report.freshness, ("sla",)),
        failures.uniqueness(report.uniqueness[0]),
    ]
    pytest_text = "\n".join(t for t in failure_texts if t)
    for sentence in [
        "passed 99.800% of 1,000 rows, threshold 99.9%: 2 failed, 1 allowed",
        "not evaluated: E: bad 'abc'",
        "data is 3 h 2 min old, the limit is < 1 hour",
        "primary key (order_id): 3 duplicate rows, 1 rows with a NULL key",
    ]:
        assert sentence in text
        assert sentence in message
        assert sentence in pytest_text
    sample_lines = [
        line for line in text.splitlines() + pytest_text.splitlines() if "note=" in line
    ]
    assert len(sample_lines) == 2
    assert all(len(line.strip().removeprefix("e.g. ")) == SAMPLE_WIDTH for line in sample_lines)
    assert "3:02:09" not in text + pytest_text + message


def test_lookups_name_what_exists() -> None:
    report = _report()
    assert report.expectation("positive").failed == 2
    with pytest.raises(KeyError, match="known: positive, parsed"):
        report.expectation("nope")
    assert report.consumer("finance") is not None
    assert report.consumer("marketing") is None  # listed, declares nothing of its own
    with pytest.raises(KeyError, match="known: finance, marketing"):
        report.consumer("nope")


def test_str_of_a_report_is_its_summary() -> None:
    text = str(_report())
    assert text.splitlines()[0] == "orders 1.0.0: FAILED, 1,000 rows"
    assert "  - quality: parsed (CAST(order_id AS INT) > 0): not evaluated: E: bad 'abc'" in text
    assert len(text) < 1000
    clean = ValidationReport("orders", "1.0.0", 3)
    assert str(clean) == "orders 1.0.0: PASSED, 3 rows"


def test_the_result_module_loads_no_jvm_library() -> None:
    code = (
        "import sys, contractkit.validation, contractkit.report.validation; "
        "print(sorted(m for m in ('pyspark', 'py4j', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_metadata_times_ahead_of_now_are_the_checking_clock_not_the_data() -> None:
    ahead = NOW + dt.timedelta(days=180)
    by_file = FreshnessResult(HOUR, None, ahead, NOW, "file modification time")
    assert not by_file.in_future
    assert by_file.ok
    by_column = FreshnessResult(HOUR, "updated_at", ahead, NOW, "column")
    assert by_column.in_future
    assert not by_column.ok
