"""Governance metadata under lint: every finding of the case files at its exact place, and
well-formed governance metadata (the scale in any case, typed examples) found clean."""

from __future__ import annotations

from pathlib import Path

from contractkit.loader import analyze_file

CASES = Path(__file__).parent / "cases"

HEAD = """\
contract: {name: customers, version: "1.0.0", owner: team@example.com, producer_pipeline: p}
changelog:
  - {version: "1.0.0", date: 2025-01-15, changes: [First version]}
schema:
  fields:
"""


def _found(path: Path) -> list[tuple[int, int, str]]:
    return sorted((d.line, d.column, d.code) for d in analyze_file(path).diagnostics)


def test_examples_of_the_wrong_type_are_each_reported() -> None:
    assert _found(CASES / "example-type.yaml") == [
        (11, 21, "example-type"),
        (14, 27, "example-type"),
        (17, 26, "example-type"),
    ]


def test_examples_breaking_their_constraints_are_each_reported() -> None:
    assert _found(CASES / "example-constraint.yaml") == [
        (12, 24, "example-constraint"),
        (16, 18, "example-constraint"),
        (20, 23, "example-constraint"),
    ]


def test_well_formed_governance_metadata_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "customers.yaml"
    path.write_text(
        HEAD
        + """\
    - {name: email, type: string, classification: Restricted, pii: true, tags: [contact],
       business_name: E-mail address, examples: [ada@example.com]}
    - {name: born, type: date, classification: confidential, examples: [1990-01-31, "2001-12-01"]}
    - {name: scores, type: "map<string,int>", examples: [{a: 1}], classification: internal}
    - name: address
      classification: public
      fields:
        - {name: city, type: string, examples: [Oslo], classification: internal}
""",
        encoding="utf-8",
    )
    assert _found(path) == []


def test_a_null_example_and_an_unknown_classification_in_a_subfield(tmp_path: Path) -> None:
    path = tmp_path / "customers.yaml"
    path.write_text(
        HEAD
        + """\
    - name: address
      fields:
        - {name: city, type: string, examples: [null], classification: secret}
""",
        encoding="utf-8",
    )
    diagnostics = analyze_file(path).diagnostics
    assert sorted((d.line, d.code) for d in diagnostics) == [
        (8, "classification-unknown"),
        (8, "example-type"),
    ]
    messages = " ".join(d.message for d in diagnostics)
    assert "field 'address.city'" in messages
    assert "is null" in messages
