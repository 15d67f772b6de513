"""`contractkit export jsonschema` and `export markdown` / `html`: the JSON Schema checked with
the `jsonschema` package on sample records, and the documentation on its sections and escaping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from contractkit.export.document import render_html, render_markdown
from contractkit.export.jsonschema import render_json_schema
from contractkit.loader import load, load_string

ROOT = Path(__file__).resolve().parent.parent
KITCHEN = ROOT / "tests" / "odcs" / "kitchen_sink.yaml"


def _validator(path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(render_json_schema(load(path)))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator: jsonschema.Draft202012Validator, record: dict[str, Any]) -> list[str]:
    return sorted(
        f"{'.'.join(map(str, e.absolute_path))}: {e.validator}"
        for e in validator.iter_errors(record)
    )


ORDER = {
    "order_id": "o-1",
    "customer_id": "c-1",
    "amount": 12.5,
    "order_date": "2025-01-15",
    "status": "PENDING",
}


@pytest.mark.parametrize("path", sorted((ROOT / "contracts").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_repository_contract_gives_a_valid_2020_12_schema(path: Path) -> None:
    schema = json.loads(render_json_schema(load(path)))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_a_conforming_record_passes() -> None:
    assert _errors(_validator(ROOT / "contracts" / "silver_orders.yaml"), ORDER) == []


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"order_id": None}, ["order_id: type"]),  # nullable: false
        ({"status": "SHIPPED"}, ["status: enum"]),  # allowed_values
        ({"amount": "12.50"}, ["amount: type"]),
        ({"amount": 1e16}, ["amount: exclusiveMaximum"]),  # decimal(18,2) holds < 10^16
        ({"order_date": "15/01/2025"}, ["order_date: format", "order_date: pattern"]),
        ({"extra": 1}, [": additionalProperties"]),
    ],
)
def test_records_that_break_the_contract_fail(change: dict[str, Any], errors: list[str]) -> None:
    record = {**ORDER, **change}
    assert _errors(_validator(ROOT / "contracts" / "silver_orders.yaml"), record) == errors


def test_a_missing_required_field_fails() -> None:
    record = {k: v for k, v in ORDER.items() if k != "customer_id"}
    assert _errors(_validator(ROOT / "contracts" / "silver_orders.yaml"), record) == [": required"]


def test_nested_arrays_maps_patterns_and_bounds() -> None:
    validator = _validator(KITCHEN)
    good = {
        "id": 1,
        "day": "2024-02-29",
        "amount": None,
        "tiny": 2,
        "status": "it's",
        "label": "abc",
        "created": "2024-01-01T10:00:00Z",
        "local_time": "2024-01-01 10:00:00",
        "payload": "aGVsbG8=",
        "tags_list": ["a", None],
        "matrix": [[1, 2], []],
        "attributes": {"x": 1.5},
        "inline_struct": {"a": 1, "b": None},
        "items": [{"sku": "s", "qty": 1}],
        "address": {"city": "Paris", "zip": "75001", "geo": {"lat": 48.8, "lon": 2.3}},
        "variant_col": {"anything": [1, "two"]},
    }
    assert _errors(validator, good) == []
    bad = {
        **good,
        "id": 2**63,  # bigint range
        "tiny": 4,  # allowed_values
        "label": "a b",  # pattern
        "matrix": [[None]],  # array<int NOT NULL>
        "inline_struct": {"b": "x"},  # a is NOT NULL
        "address": {"city": None, "zip": "7500", "geo": {"lat": 91}},
        "local_time": "2024-01-01T10:00:00Z",  # timestamp_ntz has no zone
    }
    assert _errors(validator, bad) == [
        "address.city: type",
        "address.geo.lat: maximum",
        "address.zip: pattern",
        "id: maximum",
        "inline_struct: required",
        "label: pattern",
        "local_time: pattern",
        "matrix.0.0: type",
        "tiny: enum",
    ]


def test_date_bounds_are_noted_not_enforced() -> None:
    schema = json.loads(render_json_schema(load(KITCHEN)))
    day = schema["properties"]["day"]
    assert day["$comment"] == (
        "Checked by contractkit, not by this schema: min 2020-01-01, max 2030-12-31."
    )


def test_schema_output_is_deterministic() -> None:
    contract = load(KITCHEN)
    assert render_json_schema(contract) == render_json_schema(contract)


# --------------------------------------------------------------------------- documentation


def test_markdown_has_every_section() -> None:
    text = render_markdown(load(ROOT / "contracts" / "silver_customers.yaml"))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# silver_customers 1.2.0",
        "## Schema",
        "## Expectations",
        "## Service level",
        "## Consumers",
        "## Changelog",
        "### 1.2.0 (2025-02-03)",
        "### 1.1.0 (2024-09-12)",
        "### 1.0.0 (2024-06-01)",
        "## Servers",
    ]
    assert "| `customer_id` | `string` | no | unique | Customer identifier |" in text
    assert "| `phone` | `string` | yes | matches `^\\+?[0-9]{10,15}$` |" in text
    assert "- Freshness: < 15 minutes, measured on `updated_at`" in text
    assert (
        "| `gold-sales-pipeline` | sales-analytics@company.com | `customer_id`, `country` |  |  |"
        in text
    )
    assert "Primary key: `customer_id`." in text
    assert "| `email_pattern` | `email RLIKE '^[^@]+@[^@]+$'` | warn |" in text


def test_markdown_escapes_table_cells_and_code() -> None:
    contract = load_string(
        """
contract: {name: t, version: "1.0.0", owner: "a|b", producer_pipeline: p}
schema:
  fields:
    - {name: "we`ird", type: string, description: "pipe | and *stars*"}
quality:
  expectations:
    - {name: e, expression: "`we``ird` LIKE '%|%'"}
"""
    )
    text = render_markdown(contract)
    assert "| Owner | a\\|b |" in text
    assert "| ``we`ird`` | `string` | yes |  | pipe \\| and \\*stars\\* |" in text
    assert "| `e` | ``` `we``ird` LIKE '%\\|%' ``` | 100% | warn |  |" in text


def test_html_is_a_standalone_escaped_page() -> None:
    contract = load_string(
        """
contract: {name: t, version: "1.0.0", owner: "<script>x</script>", producer_pipeline: p}
schema: {fields: [{name: a, type: int}]}
"""
    )
    page = render_html(contract)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>t 1.0.0</title>" in page
    assert "<td>&lt;script&gt;x&lt;/script&gt;</td>" in page
    assert "<script>" not in page
    assert "<h2>Schema</h2>" in page
    assert "<td><code>a</code></td><td><code>int</code></td><td>yes</td>" in page
