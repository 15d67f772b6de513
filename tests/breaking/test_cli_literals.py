"""A changed string literal is a changed expression, however the rest is spelled: diff
through the installed command, and the spelling key it compares with."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from contractkit.sqltext import expression_key

CONTRACT = """\
contract:
  name: orders
  version: "{version}"
  owner: team-a
  producer_pipeline: p
schema:
  fields:
    - name: status
      type: string
quality:
  expectations:
    - name: {prefix}paid_only
      expression: "{row}"
      action: fail
  dataset:
    - name: {prefix}has_paid
      expression: "{dataset}"
"""


def _write(path: Path, version: str, prefix: str, literal: str, spacing: str = " ") -> Path:
    path.write_text(
        CONTRACT.format(
            version=version,
            prefix=prefix,
            row=f"status{spacing}={spacing}{literal}",
            dataset=f"count_if(status = {literal}) > 0",
        ),
        encoding="utf-8",
    )
    return path


def _diff(old: Path, new: Path) -> tuple[int, dict[str, str]]:
    result = subprocess.run(
        ["contractkit", "diff", str(old), str(new), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    changes = {c["rule"]: c["severity"] for c in json.loads(result.stdout)["changes"]}
    return result.returncode, changes


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="needs the installed command")
@pytest.mark.parametrize("literal", ["'paid'", "'Paid '", "'Pa  id'"])
def test_renamed_checks_with_another_literal_are_removed_not_renamed(
    tmp_path: Path, literal: str
) -> None:
    """A rename twin must have the same expression: a literal differing in case or spaces
    is another value to Spark, so the old check is gone (breaking), not renamed."""
    old = _write(tmp_path / "old.yaml", "1.0.0", "", "'Pa id'")
    new = _write(tmp_path / "new.yaml", "1.0.1", "new_", literal)
    code, changes = _diff(old, new)
    assert code == 1
    assert changes["EXPECTATION_NO_DELETE"] == "breaking"
    assert changes["DATASET_CHECK_NO_DELETE"] == "breaking"
    assert "EXPECTATION_RENAMED" not in changes


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="needs the installed command")
def test_a_rename_with_only_spacing_and_keyword_case_changed_is_a_rename(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.yaml", "1.0.0", "", "'Paid'")
    new_text = _write(tmp_path / "new.yaml", "1.0.1", "new_", "'Paid'", spacing="").read_text()
    new = tmp_path / "new.yaml"
    new.write_text(new_text.replace("count_if(", "COUNT_IF( "), encoding="utf-8")
    code, changes = _diff(old, new)
    assert code == 0, changes
    assert changes == {"EXPECTATION_RENAMED": "info", "DATASET_CHECK_RENAMED": "info"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("status = 'Paid'", "STATUS='Paid'"),
        ("count( * ) >= 10", "COUNT(*)>=10"),
        ("x IN (1, 2)", "x in(1,2)"),
        ("x is   not\nnull", "X IS NOT NULL"),
        ("`My  Col` > 0", "`my  col`>0"),
        ("x rlike r'\\d+'", "x RLIKE r'\\d+'"),
        ("x = 'it''s'", "x='it''s'"),
    ],
)
def test_the_same_expression_spelled_two_ways_has_one_key(a: str, b: str) -> None:
    assert expression_key(a) == expression_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("status = 'Paid'", "status = 'paid'"),
        ("x = 'a  b'", "x = 'a b'"),
        ('x = "A"', 'x = "a"'),
        ("`a  b` > 0", "`a b` > 0"),
        ("a - -1", "a--1"),
        ("x = 'it''s'", "x = 'it' 's'"),
        ("x = 'a\\' b'", "x = 'a\\'  b'"),
        ("x < > 1", "x <> 1"),
    ],
)
def test_expressions_that_differ_inside_a_literal_or_token_keep_apart(a: str, b: str) -> None:
    assert expression_key(a) != expression_key(b)


def test_keeping_case_for_a_case_sensitive_reader() -> None:
    assert expression_key("Status = 'x'", fold_case=False) == "Status='x'"
    assert expression_key("Status = 'x'", fold_case=False) != expression_key("status='x'")
