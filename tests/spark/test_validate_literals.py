"""Expectations that differ only inside a string literal are counted apart: validation
shares one count between expressions spelled alike, never between different values."""

from __future__ import annotations

from typing import Any

import pytest

from contractkit.loader import load_string

pytestmark = pytest.mark.spark

CONTRACT = """\
contract: {name: notes, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: note, type: string}
quality:
  expectations:
    - {name: two_spaces, expression: "note <> 'a  b'"}
    - {name: one_space, expression: "note <> 'a b'"}
    - {name: capital, expression: "note <> 'A b'"}
    - {name: one_space_again, expression: "note<>'a b'"}
changelog: [{version: "1.0.0"}]
"""


def test_literals_differing_in_spaces_or_case_are_counted_apart(spark: Any) -> None:
    from contractkit.spark import validate

    rows = [("a  b",), ("a b",), ("a b",), ("A b",), (None,)]
    report = validate(
        spark.createDataFrame(rows, "note string"), load_string(CONTRACT, "n.yaml"), samples=0
    )
    failed = {r.name: r.failed for r in report.expectations}
    assert failed == {"two_spaces": 1, "one_space": 2, "capital": 1, "one_space_again": 2}


def test_an_expression_runs_as_written_not_as_its_spelling_key(spark: Any) -> None:
    """A `--` comment ends at its line: run on one line, the rest would be commented out."""
    from contractkit.spark import validate

    contract = load_string(
        CONTRACT.replace(
            "    - {name: one_space_again, expression: \"note<>'a b'\"}",
            "    - name: neither\n"
            "      expression: |-\n"
            "        note <> 'a b' -- the first\n"
            "        AND note <> 'A b'",
        ),
        "n.yaml",
    )
    rows = [("a  b",), ("a b",), ("a b",), ("A b",), (None,)]
    report = validate(spark.createDataFrame(rows, "note string"), contract, samples=0)
    assert report.expectation("neither").failed == 3
