"""Governance metadata in exports: the documents' Governance table, JSON Schema's `title`,
`examples` and `x-` annotations, and no new section for a contract that has none."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from contractkit.export.document import render_html, render_markdown
from contractkit.export.jsonschema import render_json_schema
from contractkit.loader import load

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS = ROOT / "tests" / "governance" / "customers.yaml"


def test_markdown_lists_governance_per_field_and_the_contract_id_and_status() -> None:
    page = render_markdown(load(CUSTOMERS))
    assert "| Id | `0b7c0e6a-5d0d-4b8e-9a53-6c1b2f6d4e01` |" in page
    assert "| Status | draft |" in page
    assert "| Field | Business name | Classification | PII | Tags | Examples |" in page
    assert (
        "| `email` | E-mail address | restricted | yes | contact, gdpr | `'ada@example.com'` |"
        in page
    )
    assert "| `address` |  | internal |  |  |  |" in page
    assert "| `address.city` | City \\| town |  |  |  | `'Oslo'` |" in page


def test_html_shows_the_same_governance_table_escaped() -> None:
    page = render_html(load(CUSTOMERS))
    assert "<h2>Governance</h2>" in page
    assert "City | town" in page
    assert "restricted" in page


def test_a_contract_without_governance_metadata_has_no_governance_section() -> None:
    contract = load(ROOT / "contracts" / "silver_orders.yaml")
    assert "Governance" not in render_markdown(contract)
    assert "x-classification" not in render_json_schema(contract)


def test_json_schema_carries_titles_examples_and_annotations_and_its_examples_pass() -> None:
    schema = json.loads(render_json_schema(load(CUSTOMERS)))
    jsonschema.Draft202012Validator.check_schema(schema)
    email = schema["properties"]["email"]
    assert email["title"] == "E-mail address"
    assert email["examples"] == ["ada@example.com"]
    assert (email["x-classification"], email["x-pii"], email["x-tags"]) == (
        "restricted",
        True,
        ["contact", "gdpr"],
    )
    city = schema["properties"]["address"]["properties"]["city"]
    assert city["title"] == "City | town"
    # Each field's examples are values its own schema accepts.
    for name, prop in schema["properties"].items():
        for example in prop.get("examples", []):
            assert jsonschema.Draft202012Validator(prop).is_valid(example), (name, example)
