"""The contract graph: building, cycles, deployment order, impact, renderings and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.graph import ContractGraph, CycleError, GraphError, build_graph, format_cycle
from contractkit.loader import load, load_string
from contractkit.model import Contract
from contractkit.report import graph as report


def _contract(
    name: str,
    producer: str,
    consumers: dict[str, list[str] | None],
    fields: tuple[str, ...] = ("id", "amount"),
) -> Contract:
    lines = [
        "contract:",
        f"  name: {name}",
        '  version: "1.0.0"',
        "  owner: team@example.com",
        f"  producer_pipeline: '{producer}'",
        "schema:",
        "  fields:",
    ]
    for field in fields:
        if "." in field:
            continue
        subfields = [f.split(".", 1)[1] for f in fields if f.startswith(field + ".")]
        lines.append(f"    - name: {field}")
        if subfields:
            lines.append("      fields:")
            lines += [f"        - {{name: {sub}, type: string}}" for sub in subfields]
        else:
            lines.append("      type: string")
    if consumers:
        lines.append("consumers:")
        for pipeline, uses in consumers.items():
            lines.append(f"  - pipeline: '{pipeline}'")
            if uses is not None:
                lines.append(f"    uses: [{', '.join(uses)}]")
    return load_string("\n".join(lines) + "\n", f"{name}.yaml")


@pytest.fixture(scope="module")
def repository_graph(contracts_dir: Path) -> ContractGraph:
    return build_graph(load(path) for path in sorted(contracts_dir.glob("*.yaml")))


# ------------------------------------------------------------------------------ building


def test_repository_contracts_make_the_seed_platform(repository_graph: ContractGraph) -> None:
    graph = repository_graph
    assert sorted(graph.contracts) == [
        "bronze_customers",
        "bronze_orders",
        "gold_sales_metrics",
        "silver_customers",
        "silver_orders",
    ]
    hub = graph.pipelines["ingestion-hub"]
    assert hub.produces == ("bronze_customers", "bronze_orders")
    assert hub.consumes == ()
    assert graph.upstream("gold-sales-pipeline") == (
        "customer-silver-pipeline",
        "sales-silver-pipeline",
    )
    assert graph.downstream("ingestion-hub") == (
        "customer-silver-pipeline",
        "sales-silver-pipeline",
    )
    assert graph.leaves == ("gold-marketing-pipeline", "sales-kpi-dashboard")
    assert graph.cycles() == []


def test_consumer_that_produces_a_contract_chains_on() -> None:
    graph = build_graph(
        [
            _contract("raw", "ingest", {"clean-job": None}),
            _contract("clean", "clean-job", {"report": None}),
        ]
    )
    assert graph.downstream("ingest") == ("clean-job",)
    assert graph.downstream("clean-job") == ("report",)
    assert graph.pipelines["clean-job"].leaf is False
    assert graph.leaves == ("report",)


def test_same_contract_name_in_two_files_is_an_error() -> None:
    with pytest.raises(GraphError, match=r"'orders' is defined twice: in orders\.yaml and in"):
        build_graph([_contract("orders", "a", {}), _contract("orders", "b", {})])


# -------------------------------------------------------------------------------- cycles


def test_cycle_is_named_in_full() -> None:
    graph = build_graph(
        [
            _contract("silver_orders", "a", {"b": None}),
            _contract("gold", "b", {"a": None}),
        ]
    )
    assert graph.cycles() == [("a", "silver_orders", "b", "gold")]
    assert format_cycle(graph.cycles()[0]) == "a -> silver_orders -> b -> gold -> a"


def test_longer_cycle_starts_at_its_first_pipeline_and_follows_the_edges() -> None:
    graph = build_graph(
        [
            _contract("one", "p-c", {"p-a": None}),
            _contract("two", "p-a", {"p-b": None}),
            _contract("three", "p-b", {"p-c": None, "dashboard": None}),
            _contract("source", "ingest", {"p-a": None}),
        ]
    )
    assert graph.cycles() == [("p-a", "two", "p-b", "three", "p-c", "one")]


def test_self_loop_and_separate_cycles_are_each_reported() -> None:
    graph = build_graph(
        [
            _contract("state", "loop", {"loop": None}),
            _contract("x", "m", {"n": None}),
            _contract("y", "n", {"m": None}),
        ]
    )
    assert graph.cycles() == [("loop", "state"), ("m", "x", "n", "y")]
    with pytest.raises(CycleError) as raised:
        graph.order()
    assert str(raised.value).splitlines() == [
        "dependency cycle: loop -> state -> loop",
        "dependency cycle: m -> x -> n -> y -> m",
    ]


def test_cycle_search_handles_long_chains_without_recursion() -> None:
    graph = build_graph(
        Contract.model_validate(
            {
                "contract": {
                    "name": f"c{i}",
                    "version": "1",
                    "owner": "o",
                    "producer_pipeline": f"p{i}",
                },
                "schema": {"fields": [{"name": "id", "type": "string"}]},
                "consumers": [{"pipeline": f"p{i + 1}"}],
            }
        )
        for i in range(3000)
    )
    assert graph.cycles() == []
    assert len(graph.order()) == 3001


# --------------------------------------------------------------------------------- order


def test_deployment_order_of_repository_contracts(repository_graph: ContractGraph) -> None:
    assert repository_graph.order() == [
        ("ingestion-hub",),
        ("customer-silver-pipeline", "sales-silver-pipeline"),
        ("gold-marketing-pipeline", "gold-sales-pipeline"),
        ("sales-kpi-dashboard",),
    ]


def test_order_puts_a_pipeline_after_its_deepest_upstream() -> None:
    # ingest -> silver -> gold, and gold also reads raw directly: gold waits for silver.
    graph = build_graph(
        [
            _contract("raw", "ingest", {"silver-job": None, "gold-job": None}),
            _contract("silver", "silver-job", {"gold-job": None}),
            _contract("gold", "gold-job", {}),
        ]
    )
    assert graph.order() == [("ingest",), ("silver-job",), ("gold-job",)]


# -------------------------------------------------------------------------------- impact


def test_impact_of_a_contract_is_every_downstream_pipeline(repository_graph: ContractGraph) -> None:
    impact = repository_graph.impact("bronze_orders")
    assert [(i.pipeline, i.depth) for i in impact.affected] == [
        ("sales-silver-pipeline", 1),
        ("gold-marketing-pipeline", 2),
        ("gold-sales-pipeline", 2),
        ("sales-kpi-dashboard", 3),
    ]
    assert impact.affected[-1].path == (
        "bronze_orders",
        "sales-silver-pipeline",
        "silver_orders",
        "gold-sales-pipeline",
        "gold_sales_metrics",
        "sales-kpi-dashboard",
    )


def test_impact_of_a_field_follows_uses_then_whole_contracts(
    repository_graph: ContractGraph,
) -> None:
    impact = repository_graph.impact("silver_orders", "status")
    assert [i.pipeline for i in impact.affected] == ["gold-sales-pipeline", "sales-kpi-dashboard"]
    assert [link.pipeline for link in impact.unaffected] == ["gold-marketing-pipeline"]
    # gold_sales_metrics does not hold `status`, but field lineage is unknown: its consumers count.
    assert impact.affected[1].depth == 2


def test_consumer_without_uses_is_affected_by_any_field() -> None:
    graph = build_graph([_contract("t", "p", {"all": None, "some": ["id"]})])
    impact = graph.impact("t", "amount")
    assert [i.pipeline for i in impact.affected] == ["all"]
    assert impact.affected[0].uses is None
    assert [link.pipeline for link in impact.unaffected] == ["some"]


@pytest.mark.parametrize(
    ("uses", "field", "affected"),
    [
        (["address"], "address.city", True),  # uses the whole struct
        (["address.city"], "address", True),  # the struct holding a used subfield
        (["address.city"], "address.zip", False),
        (["Address.City"], "address.city", True),  # resolved case-insensitively
        (["addressbook"], "address", False),  # a prefix of a name is not a parent
    ],
)
def test_impact_on_struct_fields(uses: list[str], field: str, affected: bool) -> None:
    fields = ("id", "address", "address.city", "address.zip", "addressbook")
    graph = build_graph([_contract("t", "p", {"reader": uses}, fields)])
    assert bool(graph.impact("t", field).affected) is affected


def test_impact_terminates_on_a_cycle() -> None:
    graph = build_graph(
        [_contract("x", "m", {"n": None}), _contract("y", "n", {"m": None, "end": None})]
    )
    assert [i.pipeline for i in graph.impact("x").affected] == ["n", "end", "m"]


def test_split_target_prefers_the_longest_dotted_contract_name() -> None:
    graph = build_graph([_contract("sales.orders", "p", {}), _contract("sales", "q", {})])
    assert graph.split_target("sales.orders") == ("sales.orders", None)
    assert graph.split_target("sales.orders.amount") == ("sales.orders", "amount")
    assert graph.split_target("sales.id") == ("sales", "id")
    with pytest.raises(KeyError):
        graph.split_target("nothing.id")


# ----------------------------------------------------------------------------- rendering


def test_text_lists_producers_in_order_and_leaves(repository_graph: ContractGraph) -> None:
    assert report.render_text(repository_graph).splitlines() == [
        "ingestion-hub",
        "  bronze_customers 1.0.0 -> customer-silver-pipeline",
        "  bronze_orders 1.1.0 -> sales-silver-pipeline",
        "customer-silver-pipeline",
        "  silver_customers 1.2.0 -> gold-marketing-pipeline, gold-sales-pipeline",
        "sales-silver-pipeline",
        "  silver_orders 2.0.0 -> gold-marketing-pipeline, gold-sales-pipeline",
        "    customer_id references silver_customers.customer_id",
        "gold-sales-pipeline",
        "  gold_sales_metrics 1.0.0 -> sales-kpi-dashboard",
        "",
        "Consumers that produce no contract (leaves: dashboards, reports, exports):",
        "  gold-marketing-pipeline  consumes silver_customers, silver_orders",
        "  sales-kpi-dashboard      consumes gold_sales_metrics",
        "",
        "5 contracts, 6 pipelines (4 producing, 2 leaves), 1 reference between contracts, "
        "no cycles.",
    ]


def test_mermaid_has_one_node_per_name_and_every_edge(repository_graph: ContractGraph) -> None:
    lines = report.render_mermaid(repository_graph).splitlines()
    assert lines[0] == "flowchart LR"
    assert '    p3["ingestion-hub"]' in lines
    assert '    c4[("silver_orders 2.0.0")]' in lines
    assert "    p5 --> c4" in lines  # sales-silver-pipeline produces silver_orders
    assert "    c4 --> p2" in lines  # gold-sales-pipeline consumes it
    assert sum(" --> " in line for line in lines) == 5 + 7  # 5 producers, 7 consumer links
    assert lines[-1] == "    class p1,p4 leaf"


def test_dot_is_a_digraph_with_quoted_ids(repository_graph: ContractGraph) -> None:
    text = report.render_dot(repository_graph)
    assert text.startswith("digraph contracts {\n  rankdir=LR;")
    assert text.endswith("}")
    assert '  "contract:silver_orders" -> "pipeline:gold-sales-pipeline";' in text
    assert (
        '  "pipeline:sales-kpi-dashboard" [label="sales-kpi-dashboard", shape=box, style=dashed];'
        in text
    )


def test_names_with_quotes_are_escaped() -> None:
    graph = build_graph([_contract("t", 'say "hi"', {"a<b": None})])
    assert '"pipeline:say \\"hi\\""' in report.render_dot(graph)
    mermaid = report.render_mermaid(graph)
    assert '["say #quot;hi#quot;"]' in mermaid
    assert '["a#lt;b"]' in mermaid


def test_json_has_contracts_pipelines_levels_and_leaves(repository_graph: ContractGraph) -> None:
    data = json.loads(report.render_json(repository_graph))
    assert [p["name"] for p in data["pipelines"]][:1] == ["ingestion-hub"]
    gold = next(p for p in data["pipelines"] if p["name"] == "gold-sales-pipeline")
    assert gold == {
        "name": "gold-sales-pipeline",
        "produces": ["gold_sales_metrics"],
        "consumes": ["silver_customers", "silver_orders"],
        "upstream": ["customer-silver-pipeline", "sales-silver-pipeline"],
        "downstream": ["sales-kpi-dashboard"],
        "leaf": False,
        "level": 2,
    }
    assert data["leaves"] == ["gold-marketing-pipeline", "sales-kpi-dashboard"]
    assert data["cycles"] == []


def test_rendering_is_deterministic_whatever_the_input_order(contracts_dir: Path) -> None:
    contracts = [load(path) for path in sorted(contracts_dir.glob("*.yaml"))]
    forward, backward = build_graph(contracts), build_graph(reversed(contracts))
    for render in (
        report.render_text,
        report.render_mermaid,
        report.render_dot,
        report.render_json,
    ):
        assert render(forward) == render(backward)


# ----------------------------------------------------------------------------------- CLI


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["graph", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_graph_exits_0_on_the_repository(contracts_dir: Path) -> None:
    code, out, err = _run(str(contracts_dir))
    assert code == 0, err
    assert out.endswith(
        "5 contracts, 6 pipelines (4 producing, 2 leaves), 1 reference between contracts, "
        "no cycles.\n"
    )


def test_cli_order_and_impact(contracts_dir: Path) -> None:
    code, out, _ = _run(str(contracts_dir), "--order")
    assert code == 0
    assert out.splitlines()[1:5] == [
        "  1. ingestion-hub",
        "  2. customer-silver-pipeline, sales-silver-pipeline",
        "  3. gold-marketing-pipeline (leaf), gold-sales-pipeline",
        "  4. sales-kpi-dashboard (leaf)",
    ]
    code, out, _ = _run(str(contracts_dir), "--impact", "silver_orders.status")
    assert code == 0
    assert out.splitlines() == [
        "Pipelines downstream of silver_orders.status:",
        "  gold-sales-pipeline  consumes silver_orders (uses status)",
        "  sales-kpi-dashboard  via silver_orders -> gold-sales-pipeline -> gold_sales_metrics",
        "Not affected (their `uses` leaves out status):",
        "  gold-marketing-pipeline  uses customer_id, amount, order_date",
        "2 pipelines affected: 1 directly, 1 through the contracts they produce.",
    ]
    code, out, _ = _run(str(contracts_dir), "--impact", "silver_customers", "--format", "json")
    assert code == 0
    assert [i["pipeline"] for i in json.loads(out)["affected"]] == [
        "gold-marketing-pipeline",
        "gold-sales-pipeline",
        "sales-kpi-dashboard",
    ]


def test_cli_cycle_exits_1_and_names_it() -> None:
    cycle = Path(__file__).parent / "graph" / "cycle"
    code, out, err = _run(str(cycle))
    assert code == 1
    assert "1 cycle." in out
    assert err == "error: dependency cycle: a -> silver_orders -> b -> gold -> a\n"
    code, out, err = _run(str(cycle), "--order")
    assert code == 1
    assert out == ""
    assert "a -> silver_orders -> b -> gold -> a" in err


def test_cli_invalid_contract_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("contract: {name: x}\n")
    code, out, err = _run(str(tmp_path))
    assert code == 2
    assert "is missing the required key" in out
    assert "No graph" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impact", "silver_order"], "no contract named 'silver_order'; did you mean"),
        (["--impact", "silver_orders.amout"], "has no field 'amout'; did you mean 'amount'?"),
        (["--order", "--format", "mermaid"], "--order prints text or json, not mermaid"),
        (["--order", "--impact", "silver_orders"], "one at a time"),
    ],
)
def test_cli_usage_errors_exit_2(contracts_dir: Path, args: list[str], message: str) -> None:
    code, _, err = _run(str(contracts_dir), *args)
    assert code == 2
    assert message in err
