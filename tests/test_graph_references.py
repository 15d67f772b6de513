"""References between contracts as edges of the graph: every format and --impact."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli import main
from contractkit.graph import ReferencedBy, ReferenceLink, build_graph
from contractkit.loader import load

FOLDER = Path(__file__).parent / "graph" / "references"


def _graph(*args: str) -> str:
    result = CliRunner().invoke(main, ["graph", str(FOLDER), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_references_resolve_to_edges_between_contracts() -> None:
    graph = build_graph(load(p) for p in sorted(FOLDER.glob("*.yaml")))
    assert graph.contracts["silver_orders"].references == (
        ReferenceLink("customer_id", "silver_customers", "customer_id"),
        ReferenceLink("ship_to.region_id", "silver_customers", "region_id"),
    )
    assert graph.contracts["silver_customers"].references == ()
    # A reference is a data dependency, not a pipeline edge: the order is unchanged.
    assert graph.order() == [
        ("customer-silver-pipeline", "sales-silver-pipeline"),
        ("gold-marketing-pipeline", "gold-sales-pipeline"),
    ]


def test_a_reference_to_a_contract_outside_the_graph_is_no_edge() -> None:
    graph = build_graph([load(FOLDER / "silver_orders.yaml")])
    assert graph.contracts["silver_orders"].references == ()


def test_text_lists_each_reference_under_its_contract() -> None:
    out = _graph()
    assert "  silver_orders 1.0.0 -> gold-sales-pipeline\n" in out
    assert "    customer_id references silver_customers.customer_id\n" in out
    assert "    ship_to.region_id references silver_customers.region_id\n" in out
    assert "2 references between contracts, no cycles." in out


def test_mermaid_and_dot_draw_dashed_labelled_edges() -> None:
    mermaid = _graph("--format", "mermaid")
    assert '    c1 -.->|"customer_id → customer_id"| c0' in mermaid
    dot = _graph("--format", "dot")
    assert (
        '"contract:silver_orders" -> "contract:silver_customers" '
        '[style=dashed, label="ship_to.region_id -> region_id"];'
    ) in dot


def test_json_lists_references_per_contract() -> None:
    data = json.loads(_graph("--format", "json"))
    orders = next(c for c in data["contracts"] if c["name"] == "silver_orders")
    assert orders["references"] == [
        {"field": "customer_id", "contract": "silver_customers", "target_field": "customer_id"},
        {
            "field": "ship_to.region_id",
            "contract": "silver_customers",
            "target_field": "region_id",
        },
    ]


def test_impact_names_the_referencing_contracts_of_a_field() -> None:
    graph = build_graph(load(p) for p in sorted(FOLDER.glob("*.yaml")))
    assert graph.impact("silver_customers", "region_id").referenced_by == (
        ReferencedBy("silver_orders", "ship_to.region_id", "region_id", "sales-silver-pipeline"),
    )
    assert graph.impact("silver_orders").referenced_by == ()
    out = _graph("--impact", "silver_customers.customer_id")
    assert (
        "Contracts whose fields reference silver_customers.customer_id (their data is checked "
        "against it):\n  silver_orders.customer_id references silver_customers.customer_id "
        "(produced by sales-silver-pipeline)\n"
    ) in out
    data = json.loads(_graph("--impact", "silver_customers", "--format", "json"))
    assert [(r["contract"], r["field"]) for r in data["referenced_by"]] == [
        ("silver_orders", "customer_id"),
        ("silver_orders", "ship_to.region_id"),
    ]
