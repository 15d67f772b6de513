"""The e-commerce example's contracts use every check issue 16 adds, and what generate makes
of them is what its pipelines need. Pure: lint and generate, no Spark (the defective
variant's data trips each of them: tests/examples/test_ecommerce.py)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import contractkit
from contractkit.cli import main
from contractkit.references import split_reference

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = {c.name: c for c in map(contractkit.load, sorted((ROOT / "contracts").glob("*.yaml")))}


def test_the_contracts_lint_clean() -> None:
    result = CliRunner().invoke(main, ["lint", str(ROOT / "contracts")])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_each_new_construct_is_used() -> None:
    orders, bronze = CONTRACTS["silver_orders"], CONTRACTS["bronze_orders"]
    gold, customers = CONTRACTS["gold_sales_metrics"], CONTRACTS["silver_customers"]
    # dataset checks, one of each action
    assert [(c.name, c.action) for c in gold.quality.dataset] == [
        ("unknown_country_share", "fail"),
        ("has_sales", "warn"),
    ]
    assert [c.expression for c in orders.quality.dataset] == ["count(*) >= 1000"]
    # a composite key with a duplicate rate
    [key] = bronze.quality.unique
    assert (key.columns, str(key.threshold)) == (["order_id", "order_type"], "0.999")
    # a reference between two of the example's contracts, to a field of the same type
    [(path, field)] = [(p, f) for p, f in orders.walk_fields() if f.references]
    resolved = split_reference(str(field.references), CONTRACTS)
    assert resolved is not None
    target, target_path = CONTRACTS[resolved[0]], resolved[1]
    assert (path, target.name, target_path) == ("customer_id", "silver_customers", "customer_id")
    assert dict(target.walk_fields())[target_path].type_string == field.type_string
    # a threshold warn/fail pair and a freshness warn/fail pair
    [pair] = [e for e in bronze.expectations if e.warn_threshold is not None]
    assert (pair.name, str(pair.threshold), str(pair.warn_threshold)) == (
        "amount_not_negative",
        "0.99",
        "0.999",
    )
    assert customers.sla is not None
    assert customers.sla.freshness is not None
    assert customers.sla.freshness_warn is not None
    assert (customers.sla.freshness.seconds, customers.sla.freshness_warn.seconds) == (900, 600)


def test_the_generated_modules_carry_them(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark.sql")
    monkeypatch.syspath_prepend(str(ROOT))
    gold = importlib.import_module("examples.generated.gold_sales_metrics")
    assert list(gold.DATASET_CHECKS) == ["unknown_country_share", "has_sales"]
    assert gold.DATASET_EXPECT_OR_FAIL == {"unknown_country_share": "unknown_country_share"}
    assert gold.DATASET_EXPECT == {"has_sales": "has_sales"}
    assert callable(gold.dataset_checks)
    bronze = importlib.import_module("examples.generated.bronze_orders")
    assert bronze.WARN_THRESHOLDS == {"amount_not_negative": 0.999}
    assert bronze.UNIQUE_KEYS == (
        {
            "name": "one_row_per_order_event",
            "columns": ("order_id", "order_type"),
            "threshold": 0.999,
            "warn_threshold": None,
        },
    )
    orders = importlib.import_module("examples.generated.silver_orders")
    reference = orders.REFERENCES["customer_id"]
    assert (reference["contract"], reference["field"]) == ("silver_customers", "customer_id")
    assert reference["servers"]["prod"]["table"] == "silver_catalog.silver.customers"
    customers = importlib.import_module("examples.generated.silver_customers")
    assert (customers.FRESHNESS["seconds"], customers.FRESHNESS["warn_seconds"]) == (900, 600)
