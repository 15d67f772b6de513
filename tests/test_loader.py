"""Loading contracts: the model's meaning, and errors that point at the right place."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import contractkit
from contractkit.errors import ContractLoadError
from contractkit.loader import analyze_text, load, load_string
from contractkit.types import ArrayType, PrimitiveType, StructField, StructType

MINIMAL = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - name: id
      type: string
      nullable: false
changelog:
  - version: "1.0.0"
    changes: "Initial contract"
"""


def _errors(text: str) -> list[tuple[int, int, str, str]]:
    analysis = analyze_text(text, "c.yaml")
    return [(d.line, d.column, d.code, d.message) for d in analysis.diagnostics if d.is_error]


def _with(extra: str) -> str:
    return MINIMAL + extra


def test_all_repository_contracts_load(contracts_dir: Path) -> None:
    names = set()
    for path in sorted(contracts_dir.glob("*.yaml")):
        contract = load(path)
        names.add(contract.name)
        assert contract.source_file == str(path)
    assert {
        "bronze_orders",
        "bronze_customers",
        "silver_orders",
        "silver_customers",
        "gold_sales_metrics",
    } <= names


def test_silver_orders_means_what_it_says(contracts_dir: Path) -> None:
    contract = load(contracts_dir / "silver_orders.yaml")
    assert contract.version == "2.0.0"
    assert [f.name for f in contract.fields] == [
        "order_id",
        "customer_id",
        "amount",
        "order_date",
        "status",
    ]
    amount = contract.field("AMOUNT")
    assert amount is not None
    assert amount.type_string == "decimal(18,2)"
    assert not amount.nullable
    thresholds = {e.name: e.threshold for e in contract.expectations}
    assert thresholds == {"no_null_orders": Decimal(1), "positive_amounts": Decimal("0.999")}
    assert all(e.action == "warn" for e in contract.expectations)
    assert contract.sla is not None
    assert contract.sla.freshness is not None
    assert contract.sla.freshness.seconds == 900
    assert contract.sla.freshness.strict
    assert contract.sla.availability == Decimal("0.999")
    assert contract.info.compatibility == "forward"
    assert [c.pipeline for c in contract.consumers] == [
        "gold-sales-pipeline",
        "gold-marketing-pipeline",
    ]


def test_the_seed_contract_loads_verbatim(shared_dir: Path) -> None:
    """Section 6.1 of the seed guide, cut out of the guide itself, is a valid contract."""
    guide = next((shared_dir / "seed").glob("*.txt")).read_text(encoding="utf-8")
    match = re.search(r"# data_contracts/silver_orders\.yaml\n(.*?)\n6\.2 ", guide, re.S)
    assert match, "section 6.1 not found in the seed guide"
    contract = load_string(match.group(0).rsplit("\n", 1)[0], "seed-6.1.yaml")
    assert contract.name == "silver_orders"
    assert contract.version == "2.0.0"
    assert contract.field("status") is not None


def test_types_are_canonical_and_structs_build_from_fields() -> None:
    text = MINIMAL.replace(
        "      nullable: false\n",
        "      nullable: false\n"
        "    - name: Tags\n      type: ARRAY< STRING >\n"
        "    - name: address\n      fields:\n"
        "        - name: city\n          type: String\n          nullable: false\n"
        "          description: City name\n"
        "        - name: zip\n          type: INTEGER\n",
    )
    contract = load_string(text)
    tags = contract.field("tags")
    assert tags is not None
    assert tags.type == "array<string>"
    assert tags.data_type == ArrayType(PrimitiveType("string"))
    address = contract.field("address")
    assert address is not None
    assert address.data_type == StructType(
        (
            StructField("city", PrimitiveType("string"), nullable=False),
            StructField("zip", PrimitiveType("int")),
        )
    )
    assert address.type_string == "struct<city:string NOT NULL COMMENT 'City name',zip:int>"
    assert contract.field("address.CITY") is not None


def test_every_error_of_a_file_is_reported_at_once() -> None:
    text = MINIMAL.replace("  owner: team@example.com\n", "").replace(
        "      type: string\n", "      type: strng\n      nulable: true\n"
    )
    errors = _errors(text)
    assert [(line, code) for line, _, code, _ in errors] == [
        (1, "missing-key"),
        (8, "invalid-value"),
        (9, "unknown-key"),
    ]
    messages = " ".join(message for *_, message in errors)
    assert "'owner'" in messages
    assert "'strng'" in messages


def test_unknown_key_suggests_the_right_one() -> None:
    analysis = analyze_text(MINIMAL.replace("nullable", "nulable"), "c.yaml")
    (diagnostic,) = [d for d in analysis.diagnostics if d.is_error]
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (10, 7, "unknown-key")
    assert diagnostic.hint == "did you mean 'nullable'?"


def test_yaml_booleans_in_a_string_field_are_caught_with_a_quoting_hint() -> None:
    text = MINIMAL.replace(
        "      nullable: false\n", "      nullable: false\n      allowed_values: [YES, NO]\n"
    )
    analysis = analyze_text(text, "c.yaml")
    errors = [d for d in analysis.diagnostics if d.is_error]
    assert [(d.line, d.column, d.code) for d in errors] == [
        (11, 24, "allowed-value-type"),
        (11, 29, "allowed-value-type"),
    ]
    assert errors[0].hint == "YAML reads YES as a boolean; put it in quotes: 'YES'"


def test_load_raises_with_every_error_and_package_exports_work() -> None:
    with pytest.raises(contractkit.ContractLoadError) as caught:
        contractkit.load_string(MINIMAL.replace('"1.0.0"', '"v1"'), "c.yaml")
    assert isinstance(caught.value, ContractLoadError)
    assert "c.yaml:3:12" in str(caught.value)


def test_expression_problems_point_into_the_expression() -> None:
    text = _with(
        'quality:\n  expectations:\n    - name: e\n      expression: "id IS NOT NULL AND idd > 0"\n'
    )
    errors = _errors(text)
    assert len(errors) == 1
    line, column, code, message = errors[0]
    assert (line, code) == (17, "invalid-expression")
    assert column == 20 + len("id IS NOT NULL AND ")  # the quote is at 19
    assert "'idd'" in message


def test_warnings_do_not_make_a_contract_invalid() -> None:
    text = MINIMAL.replace('  - version: "1.0.0"\n', '  - version: "0.9.0"\n')
    analysis = analyze_text(text, "c.yaml")
    assert analysis.ok
    assert [d.code for d in analysis.diagnostics] == ["changelog-missing"]


def test_fail_action_with_threshold_warns() -> None:
    text = _with(
        "quality:\n  expectations:\n    - name: e\n      expression: id IS NOT NULL\n"
        "      action: fail\n      threshold: 99%\n"
    )
    analysis = analyze_text(text, "c.yaml")
    assert analysis.ok
    assert [(d.line, d.code) for d in analysis.diagnostics] == [(19, "threshold-ignored")]


def test_constraints_must_fit_the_type() -> None:
    text = MINIMAL.replace(
        "      nullable: false\n",
        "      nullable: false\n      min: 3\n"
        "    - name: price\n      type: decimal(5,2)\n"
        "      allowed_values: [1.5, 123.45, 1234.5, 0.001]\n"
        "    - name: day\n      type: date\n      max: 2025-13-01\n"
        "    - name: items\n      type: array<int>\n      unique: true\n",
    )
    errors = _errors(text)
    assert [(line, code) for line, _, code, _ in errors] == [
        (11, "bound-type"),
        (14, "allowed-value-type"),
        (14, "allowed-value-type"),
        (17, "bound-type"),
        (20, "constraint-type"),
    ]
