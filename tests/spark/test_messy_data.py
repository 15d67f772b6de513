"""The messy-data corpus (tests/messydata.py) through `validate`, `split` and the installed
`contractkit check`: exact findings, a clear read error, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from messydata import CASES, Case, build

from contractkit.errors import DataReadError

pytestmark = pytest.mark.spark
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("messy"), dt.datetime.now(dt.UTC))


def _frame(spark: Any, contract_path: Path) -> Any:
    """The files as Spark reads them, or with the contract's schema when Spark cannot
    read even their schema (a corrupt footer, an empty file)."""
    from contractkit.spark import struct_type

    data = str(contract_path.parent / "data")
    try:
        return spark.read.parquet(data)
    except Exception:  # any reader failure: reading with the schema is the test
        return spark.read.schema(struct_type(contract_path)).parquet(data)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_validate_reports_exactly(spark: Any, corpus: dict[str, Path], case: Case) -> None:
    from contractkit.spark import validate

    path = corpus[case.name]
    df = _frame(spark, path)
    if case.read_error:
        with pytest.raises(DataReadError) as caught:
            validate(df, path)
        assert caught.value.reason.startswith("[FAILED_READ_FILE")
        assert "\n" not in str(caught.value)
        assert str(path.parent / "data") in str(caught.value)
        return
    report = validate(df, path)
    errored = {e.name for e in report.expectations if e.error is not None}
    assert errored == case.errors
    for name in case.errors:
        error = report.expectation(name).error
        assert error is not None
        assert error.startswith("CAST_INVALID_INPUT: ")
        assert "\n" not in error
    assert {e.name: e.failed for e in report.expectations if e.error is None} == case.failing
    schema_errors = {(i.kind, i.path) for i in report.schema_issues if i.level.value == "error"}
    assert schema_errors == case.schema
    assert report.freshness is not None
    assert report.freshness.ok is case.freshness_ok
    assert not report.ok


@pytest.mark.parametrize("case", [c for c in CASES if not c.read_error], ids=lambda c: c.name)
def test_split_keeps_every_row(spark: Any, corpus: dict[str, Path], case: Case) -> None:
    from contractkit.spark import split

    df = _frame(spark, corpus[case.name])
    valid, quarantine = split(df, corpus[case.name])
    assert valid.count() + quarantine.count() == df.count()
    assert valid.columns == df.columns


def test_the_odd_names_are_checked_as_named(spark: Any, corpus: dict[str, Path]) -> None:
    """Issue 11 item 5: names with a dot, a backtick, a space and non-ASCII letters in
    uniqueness, the primary key and freshness."""
    from contractkit.spark import validate

    report = validate(_frame(spark, corpus["odd_names"]), corpus["odd_names"])
    unique, primary = report.uniqueness
    assert (unique.columns, unique.duplicates) == (("we`ird",), 1)
    assert (primary.columns, primary.duplicates, primary.null_keys) == (("order.id",), 1, 1)
    assert report.freshness is not None
    assert report.freshness.latest is not None
    assert report.freshness.ok


def test_the_future_fails_freshness(spark: Any, corpus: dict[str, Path]) -> None:
    """Issue 11 item 4: data dated ~3 years ahead is not fresh, and the message says so."""
    from contractkit.spark import validate

    report = validate(_frame(spark, corpus["future"]), corpus["future"])
    assert report.freshness is not None
    assert report.freshness.in_future
    (line,) = report.violations()
    assert line.startswith("freshness: the newest value is 1,122 days in the future, beyond ")


CHECKED = ("wrong_types", "corrupt", "empty_file", "future", "odd_names")
_DOC_BLOCK = re.compile(
    r"<!-- output of: contractkit check <messydata case (\w+)> -->\n```text\n(.*?)```", re.DOTALL
)


def _documented() -> dict[str, list[str]]:
    """docs/validation.md's excerpts of `check` output, by case: each line must be printed."""
    page = (ROOT / "docs" / "validation.md").read_text("utf-8")
    return {name: block.splitlines() for name, block in _DOC_BLOCK.findall(page)}


def test_the_docs_show_real_output() -> None:
    assert set(_documented()) <= set(CHECKED)
    assert {"wrong_types", "corrupt"} <= set(_documented())


@pytest.mark.parametrize("name", CHECKED)
def test_check_command_exits_as_documented(corpus: dict[str, Path], name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["contractkit", "check", str(corpus[name])],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    # Spark's own log (the JVM's and pyspark's JSON error lines) goes to a file: no Java
    # stack and no log line anywhere.
    printed_lines = (result.stdout + result.stderr).splitlines()
    assert not any(line.startswith(("\tat ", "at org.", '{"ts"')) for line in printed_lines)
    if case.exit_code == 2:
        (line,) = [x for x in result.stderr.splitlines() if x.startswith("error:")]
        assert line.startswith(f"error: cannot read {corpus[name].parent / 'data'} (server")
    else:
        assert f"{name} 1.0.0 ({corpus[name].parent / 'data'} (server local)): FAILED" in (
            result.stdout
        )
    printed = (result.stdout + result.stderr).replace(str(corpus[name].parent / "data"), "<data>")
    for line in _documented().get(name, []):
        assert line in printed.splitlines(), f"docs/validation.md shows {line!r}"
