"""Expectations derived from field constraints: names, expressions, actions, and lint."""

from __future__ import annotations

from pathlib import Path

import pytest

import contractkit
from contractkit.derived import all_expectations, derive, expectations
from contractkit.expressions import check_expression
from contractkit.loader import analyze_text, load, load_string

EVERY_FEATURE = Path(__file__).parent / "codegen" / "contracts" / "every_feature.yaml"

NESTED = """
contract: {name: people, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: string, nullable: false}
    - name: address
      fields:
        - {name: city, type: string, nullable: false}
        - name: geo
          constraint_action: fail
          fields:
            - {name: lat, type: double, nullable: false, min: -90, max: 90}
quality:
  expectations:
    - {name: has_id, expression: "length(id) > 0", action: drop}
changelog: [{version: "1.0.0"}]
"""


def test_derived_names_expressions_and_actions() -> None:
    contract = load_string(NESTED)
    found = [
        (d.expectation.name, d.expectation.expression, d.expectation.action)
        for d in derive(contract)
    ]
    assert found == [
        ("id_not_null", "id IS NOT NULL", "warn"),
        ("address.city_not_null", "address IS NULL OR address.city IS NOT NULL", "warn"),
        (
            "address.geo.lat_not_null",
            "address IS NULL OR address.geo IS NULL OR address.geo.lat IS NOT NULL",
            "fail",
        ),
        ("address.geo.lat_min", "address.geo.lat >= -90", "fail"),
        ("address.geo.lat_max", "address.geo.lat <= 90", "fail"),
    ]
    assert {d.expectation.threshold for d in derive(contract)} == {1}


def test_derived_descriptions_say_where_they_come_from() -> None:
    contract = load_string(NESTED)
    descriptions = {d.expectation.name: d.expectation.description for d in derive(contract)}
    assert descriptions["address.city_not_null"] == (
        "address.city is not NULL where address is present (nullable: false); "
        "derived from the field's constraints."
    )
    assert descriptions["address.geo.lat_min"] == (
        "address.geo.lat is at least -90 (min); derived from the field's constraints."
    )


def test_all_expectations_lists_declared_then_derived() -> None:
    contract = load_string(NESTED)
    names = [e.name for e in all_expectations(contract)]
    assert names[0] == "has_id"
    assert names[1:] == [d.expectation.name for d in derive(contract)]


def test_expectations_api_filters_by_action() -> None:
    contract = load_string(NESTED)
    assert contractkit.expectations is expectations
    assert expectations(contract, "drop") == {"has_id": "length(id) > 0"}
    assert list(expectations(contract, "fail")) == [
        "address.geo.lat_not_null",
        "address.geo.lat_min",
        "address.geo.lat_max",
    ]
    assert len(expectations(contract)) == 6
    with pytest.raises(ValueError, match="action must be"):
        expectations(contract, "stop")  # type: ignore[arg-type]


def test_contract_level_default_action() -> None:
    text = NESTED.replace("quality:\n", "quality:\n  constraint_action: drop\n")
    actions = {d.expectation.name: d.expectation.action for d in derive(load_string(text))}
    assert actions["id_not_null"] == "drop"
    assert actions["address.city_not_null"] == "drop"
    assert actions["address.geo.lat_min"] == "fail"  # the field's own override wins


def test_every_derived_expression_passes_lint_and_matches_the_golden_contract() -> None:
    contract = load(EVERY_FEATURE)
    columns = {f.name: f.data_type for f in contract.fields}
    derived = {d.expectation.name: d.expectation.expression for d in derive(contract)}
    for name, expression in derived.items():
        assert check_expression(expression, columns).problems == (), name
    assert derived["display name_allowed_values"] == (
        "`display name` IN ('O\\'Brien', 'say \"hi\"', r'back\\slash', '50% off', '日本語')"
    )
    assert derived["phone_pattern"] == r"phone RLIKE r'^\+?[0-9]{10,15}$'"
    assert derived["surname_pattern"] == r"surname RLIKE '^O\'\\w+$'"
    assert derived["order_not_null"] == "`order` IS NOT NULL"
    assert derived["amount_min"] == "amount >= 0.01"
    assert derived["ratio_max"] == "ratio <= 1500"
    assert derived["day_min"] == "day >= DATE'2024-01-01'"
    assert derived["at_max"] == "at <= TIMESTAMP'2030-12-31 23:59:59'"
    assert derived["local_at_min"] == "local_at >= TIMESTAMP_NTZ'2024-01-01 00:00:00'"
    assert derived["flag_allowed_values"] == "flag IN (true)"
    assert derived["small_allowed_values"] == "small IN (-1, 0, 1)"


def test_dataset_level_constraints_are_not_derived() -> None:
    contract = load(EVERY_FEATURE)
    kinds = {d.kind for d in derive(contract)}
    assert kinds <= {"not_null", "allowed_values", "pattern", "min", "max"}
    assert not any(name.endswith("_unique") for name in expectations(contract))


def test_repository_contracts_derive_what_their_fields_say(contracts_dir: Path) -> None:
    contract = load(contracts_dir / "silver_orders.yaml")
    assert expectations(contract) == {
        "no_null_orders": "order_id IS NOT NULL",
        "positive_amounts": "amount > 0",
        "order_id_not_null": "order_id IS NOT NULL",
        "customer_id_not_null": "customer_id IS NOT NULL",
        "amount_not_null": "amount IS NOT NULL",
        "order_date_not_null": "order_date IS NOT NULL",
        "status_not_null": "status IS NOT NULL",
        "status_allowed_values": "status IN ('PENDING', 'COMPLETED', 'CANCELLED')",
    }


def test_lint_reports_a_declared_name_taken_by_a_derived_one() -> None:
    text = NESTED.replace("name: has_id", "name: ID_not_null")
    analysis = analyze_text(text, "c.yaml")
    [problem] = [d for d in analysis.diagnostics if d.code == "duplicate-expectation"]
    assert (problem.line, problem.column) == (15, 14)  # the declared expectation's name
    assert "'ID_not_null' is also the name of the expectation derived from the not_null" in (
        problem.message
    )


def test_lint_reports_two_fields_deriving_one_name() -> None:
    text = NESTED.replace(
        "    - {name: id, type: string, nullable: false}\n",
        "    - {name: id, type: string, nullable: false}\n"
        '    - {name: "address.city", type: string, nullable: false}\n',
    )
    analysis = analyze_text(text, "c.yaml")
    [problem] = [d for d in analysis.diagnostics if d.code == "duplicate-expectation"]
    assert "derives an expectation named 'address.city_not_null'" in problem.message
    assert problem.line == 9  # the later field: the subfield city of address


def test_non_finite_bounds_become_spark_doubles() -> None:
    """YAML's .inf and .nan: a Spark literal still, not a crash."""
    from contractkit.model import Contract

    contract = Contract.model_validate(
        {
            "contract": {"name": "x", "version": "1.0.0", "owner": "o", "producer_pipeline": "p"},
            "schema": {"fields": [{"name": "a", "type": "double", "min": float("-inf")}]},
        }
    )
    assert expectations(contract) == {"a_min": "a >= CAST('-Infinity' AS DOUBLE)"}
