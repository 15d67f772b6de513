"""The engine's shape: rules below the engine, one statement of where a rule breaks, and
the diff of two sets of contracts as a library function."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

from contractkit.breaking import (
    ContractDiff,
    diff_contract_sets,
    pair_contracts,
)
from contractkit.breaking.comparison import Comparison, Versions
from contractkit.breaking.engine import run_rules
from contractkit.breaking.finding import MODES
from contractkit.breaking.registry import RULES, RULES_BY_ID
from contractkit.loader import load_string
from contractkit.model import Consumer, Contract
from tests.breaking.test_cases import ALL_CASES


def _contract(name: str, field: str = "order_id", label: str = "<string>") -> Contract:
    kind = "string" if field == "order_id" else "double"  # never a possible rename
    return load_string(
        f"contract: {{name: {name}, version: 1.0.0, owner: a@example.com, "
        f"producer_pipeline: p}}\nschema:\n  fields:\n    - {{name: {field}, type: {kind}}}\n",
        label,
    )


def test_rules_depend_on_the_comparison_not_on_the_engine() -> None:
    graph = grimp.build_graph("contractkit")
    for module in graph.find_children("contractkit.breaking.rules"):
        assert not graph.chain_exists(importer=module, imported="contractkit.breaking.engine")


@pytest.mark.parametrize("spec", RULES, ids=lambda spec: spec.id)
def test_every_rule_has_one_handler_and_a_scope(spec: object) -> None:
    assert (spec.check is None) != (spec.check_versions is None)  # type: ignore[attr-defined]
    assert spec.scope in ("column", "expression", "contract", "consumer")  # type: ignore[attr-defined]
    modes = tuple(m for m in MODES if MODES[m] & spec.breaks)  # type: ignore[attr-defined]
    assert modes == spec.modes  # type: ignore[attr-defined]


def test_a_handler_only_ever_narrows_where_its_rule_breaks() -> None:
    seen = set()
    for case in ALL_CASES:
        previous = load_string(case.previous, "p") if case.previous else None
        current = load_string(case.current, "c") if case.current else None
        for change in run_rules(Versions(previous, current)).changes:
            seen.add(change.rule)
            if change.breaks is not None:
                assert change.breaks <= RULES_BY_ID[change.rule].breaks, (case.slug, change)
    assert seen == set(RULES_BY_ID)  # every rule ran in some case


def test_sets_are_paired_by_name_then_deleted_then_added() -> None:
    before = [_contract("orders"), _contract("customers")]
    after = [_contract("orders", "amount"), _contract("returns")]
    diffs = diff_contract_sets(before, after)
    assert [(d.name, [f.rule for f in d.findings]) for d in diffs] == [
        ("customers", ["CONTRACT_NO_DELETE"]),
        ("orders", ["FIELD_ADDED", "FIELD_NO_DELETE"]),
        ("returns", ["CONTRACT_ADDED"]),
    ]
    assert all(isinstance(d, ContractDiff) for d in diffs)


def test_contracts_left_unpaired_by_name_pair_by_file() -> None:
    before = [_contract("orders", label="old/orders.yaml")]
    after = [_contract("sales_orders", label="new/orders.yaml")]

    def same_file(old: Contract, new: Contract) -> bool:
        return Path(old.source_file or "").name == Path(new.source_file or "").name

    assert pair_contracts(before, after, same_file) == [(before[0], after[0])]
    (diff,) = diff_contract_sets(before, after, same_file=same_file)
    assert [f.rule for f in diff.findings] == ["CONTRACT_NO_RENAME"]
    assert len(pair_contracts(before, after)) == 2  # without it: deleted and added


def test_a_comparison_is_the_rules_input() -> None:
    comparison = Comparison(_contract("orders"), _contract("orders", "amount"))
    assert [n.path for n in comparison.removed_fields] == ["order_id"]


@pytest.mark.parametrize(
    ("uses", "path", "touched"),
    [
        (None, "anything", True),
        (["address.city"], "address", True),  # the struct that holds it
        (["address.city"], "ADDRESS.City", True),  # Spark resolves names case-insensitively
        (["address.city"], "address.city.code", True),  # a subfield of it
        (["address.city"], "address.street", False),
        (["address"], "address.city", True),
        (["items"], "items[].qty", True),  # markers belong to their column
        (["tags"], "tags{}", True),
        (["order_id"], "order", False),  # a prefix of a name is not its holder
        ([], "order_id", False),
    ],
)
def test_consumer_uses_path(uses: list[str] | None, path: str, touched: bool) -> None:
    consumer = Consumer(pipeline="p", uses=uses)
    assert consumer.uses_path(path) is touched
    assert bool(consumer.uses_touching(path)) is (touched and uses is not None)
