"""What generate writes for checks over the whole dataset: references resolved against the
contracts generated alongside, composite keys and warn levels, and the dataset checks with
their aggregate view (on a real Spark in test_generated_on_spark.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from contractkit.codegen import plan
from contractkit.loader import load, load_string
from contractkit.references import split_reference

HERE = Path(__file__).parent
CONTRACTS = HERE / "contracts"

MINIMAL = """
contract: {{name: {name}, version: "1.0.0", owner: a@b.c, producer_pipeline: p}}
schema:
  fields:
    - {{name: id, type: string}}
"""


def _contract(name: str) -> object:
    return load_string(MINIMAL.format(name=name))


def _assigned(text: str, name: str) -> object:
    """The literal a generated module assigns to `name`, read back without running it."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sales.customers.customer_id", ("sales.customers", "customer_id")),
        ("sales.id", ("sales", "id")),  # the shorter name when the longer does not match
        ("sales.customers.address.city", ("sales.customers", "address.city")),
        ("sales", None),
        ("sales.", None),
        ("elsewhere.id", None),
    ],
)
def test_references_resolve_to_the_longest_known_contract_name(
    text: str, expected: tuple[str, str] | None
) -> None:
    known = {name: _contract(name) for name in ("sales", "sales.customers")}
    assert split_reference(text, known) == expected


def test_references_name_where_the_target_data_lives_when_it_was_generated_alongside() -> None:
    contracts = [load(p) for p in sorted(CONTRACTS.glob("*.yaml"))]
    [module] = [f for f in plan(contracts, str(HERE / "golden")) if f.name == "referencing.py"]
    references = _assigned(module.text, "REFERENCES")
    assert isinstance(references, dict)
    assert references["feature_id"]["contract"] == "every-feature.v1"  # dotted name
    assert references["feature_id"]["contract_file"] == "../contracts/every_feature.yaml"
    assert references["parent_id"]["servers"]["prod"]["table"] == "main.golden.referencing"
    assert references["customer_id"] == {
        "target": "silver_customers.customer_id",
        "contract": None,
        "field": None,
        "contract_file": None,
        "servers": None,
    }
    # Alone, the same contract still resolves its reference to itself, and only that one.
    [alone] = [f for f in plan(contracts[1:], "out") if f.name == "referencing.py"]
    unresolved = _assigned(alone.text, "REFERENCES")
    assert isinstance(unresolved, dict)
    assert [k for k, v in unresolved.items() if v["contract"] is not None] == ["parent_id"]


def test_levels_keys_and_dataset_checks_are_literals_of_the_contract() -> None:
    contract = load(CONTRACTS / "every_feature.yaml")
    [module] = [f for f in plan([contract], "out") if f.name == "every_feature_v1.py"]
    assert _assigned(module.text, "WARN_THRESHOLDS") == {"positive_amount": 0.999}
    assert _assigned(module.text, "THRESHOLDS")["positive_amount"] == 0.995  # type: ignore[index]
    assert _assigned(module.text, "UNIQUE_KEYS") == (
        {
            "name": "unique(code, order)",
            "columns": ("code", "order"),
            "threshold": 0.99,
            "warn_threshold": 0.9999,
        },
        {
            "name": "one_row_per_day_and_name",
            "columns": ("day", "display name"),
            "threshold": 0.995,
            "warn_threshold": None,
        },
    )
    freshness = _assigned(module.text, "FRESHNESS")
    assert isinstance(freshness, dict)
    assert (freshness["seconds"], freshness["warn_seconds"]) == (5400, 2700)
    assert _assigned(module.text, "DATASET_CHECKS") == {
        c.name: c.expression for c in contract.quality.dataset
    }
    # Each expectation on the view is its column, backticked where Spark needs it.
    assert _assigned(module.text, "DATASET_EXPECT_OR_FAIL") == {
        "enough_rows": "enough_rows",
        "order": "`order`",
    }
    assert _assigned(module.text, "DATASET_EXPECT") == {
        'average ratio: "sane"': '`average ratio: "sane"`'
    }


def test_a_contract_without_dataset_checks_gets_no_function_and_no_sql_import() -> None:
    [module] = [f for f in plan([_contract("plain")], "out") if f.name == "plain.py"]  # type: ignore[list-item]
    assert "def dataset_checks" not in module.text
    assert "from pyspark.sql import" not in module.text
    assert _assigned(module.text, "DATASET_CHECKS") == {}
