"""Rules on a contract as a whole: deleted, added, or changed beyond what any rule says.

These look at a contract's presence in two sets of contracts (`Versions`), so they run
after the two-version rules: CONTRACT_CHANGED speaks only when none of those did.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from contractkit.breaking.expression_order import Order, compare
from contractkit.breaking.finding import Change
from contractkit.breaking.rules.metadata import same_place
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Contract
from contractkit.types import ArrayType, DataType, MapType, StructType, format_type, parse_type

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison, Versions


def contract_deleted(versions: Versions) -> Iterator[Change]:
    previous = versions.previous
    if previous is not None and versions.current is None:
        yield Change(
            rule="CONTRACT_NO_DELETE",
            subject=previous.name,
            message=f'Contract "{previous.name}" was deleted.',
            old=previous.version,
            in_previous=True,
        )


def contract_added(versions: Versions) -> Iterator[Change]:
    current = versions.current
    if current is not None and versions.previous is None:
        yield Change(
            rule="CONTRACT_ADDED",
            subject=current.name,
            message=f'Contract "{current.name}" was added at version {current.version}.',
            new=current.version,
            addition=True,
        )


def contract_changed(versions: Versions) -> Iterator[Change]:
    diff = versions.comparison
    if diff is None or versions.changes:
        return
    if _meaning(diff.previous) != _meaning(diff.current, _respelled(diff), _unmoved(diff)):
        yield Change(
            rule="CONTRACT_CHANGED",
            subject=diff.current.name,
            message="The contract changed in a way no rule describes (formatting of values).",
        )


def _meaning(
    contract: Contract,
    expressions: Mapping[str, str] | None = None,
    paths: Mapping[str, str | None] | None = None,
) -> object:
    """The contract's content apart from its version and changelog, the order of fields
    (paired by name everywhere else), and the spelling of values that mean the same:
    freshness limits, expressions the rules found equivalent (`expressions`: expectation
    name -> the other version's text) and server paths at the same place (`paths`: server
    -> the other version's path)."""
    dump = contract.model_dump(mode="json", by_alias=True)
    dump["contract"].pop("version", None)
    dump.pop("changelog", None)
    for entry in dump["servers"]:
        entry["path"] = (paths or {}).get(entry["server"], entry["path"])
    dump["schema"]["fields"] = _order_free(dump["schema"]["fields"])
    if contract.sla is not None and contract.sla.freshness is not None:
        limit = contract.sla.freshness  # `< 15 minutes` is `< 900 seconds`
        dump["sla"]["freshness"] = (limit.seconds, limit.strict)
    for expectation in dump["quality"]["expectations"]:
        text = expectation["expression"]
        expectation["expression"] = (expressions or {}).get(expectation["name"], text)
    for check in dump["quality"]["dataset"]:
        text = check["expression"]
        check["expression"] = (expressions or {}).get(f"dataset.{check['name']}", text)
    return dump


def _order_free(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields sorted by name, also in `fields` lists and struct type strings."""
    result = []
    for item in fields:
        item = dict(item)
        if item.get("fields") is not None:
            item["fields"] = _order_free(item["fields"])
        elif "struct<" in (item.get("type") or ""):
            item["type"] = format_type(_sorted_structs(parse_type(item["type"])))
        result.append(item)
    return sorted(result, key=lambda item: str(item["name"]).casefold())


def _sorted_structs(data_type: DataType) -> DataType:
    if isinstance(data_type, StructType):
        members = (replace(f, type=_sorted_structs(f.type)) for f in data_type.fields)
        return StructType(tuple(sorted(members, key=lambda f: f.name.casefold())))
    if isinstance(data_type, ArrayType):
        return replace(data_type, element=_sorted_structs(data_type.element))
    if isinstance(data_type, MapType):
        return replace(
            data_type, key=_sorted_structs(data_type.key), value=_sorted_structs(data_type.value)
        )
    return data_type


def _respelled(diff: Comparison) -> dict[str, str]:
    """Current expectation name -> previous expression, where only the spelling changed
    (whitespace, case of names and keywords, operand order): the expression rules see no
    difference there, so neither does the version policy."""
    pairs = [(o.expression, n.expression, n.name) for o, n in diff.expectation_pairs]
    before = {c.name.casefold(): c for c in diff.previous.quality.dataset}
    for new in diff.current.quality.dataset:
        old = before.get(new.name.casefold())
        if old is not None:
            pairs.append((old.expression, new.expression, f"dataset.{new.name}"))
    return {
        key: old_text
        for old_text, new_text, key in pairs
        if old_text != new_text and compare(old_text, new_text) is Order.SAME
    }


def _unmoved(diff: Comparison) -> dict[str, str | None]:
    """Current server name -> previous path, for servers SERVER_NO_DELETE found in place."""
    before = {s.server: s for s in diff.previous.servers}
    return {
        new.server: before[new.server].path
        for new in diff.current.servers
        if new.server in before and same_place(before[new.server], new, diff)
    }


RULES = (
    RuleSpec(
        id="CONTRACT_NO_DELETE",
        purpose="Contracts are not deleted.",
        modes=("forward", "backward", "full"),
        why="Every consumer of the dataset loses its contract, and usually the dataset.",
        example="contracts/silver_orders.yaml deleted",
        instead="Deprecate the dataset first: announce it in the changelog, wait until no "
        "consumer is listed, then delete the contract.",
        scope="contract",
        check_versions=contract_deleted,
    ),
    RuleSpec(
        id="CONTRACT_ADDED",
        purpose="A new contract was added.",
        modes=(),
        why="Nothing breaks; it is listed so reviewers see it.",
        example="contracts/gold_returns.yaml added",
        instead="Nothing to change.",
        scope="contract",
        check_versions=contract_added,
    ),
    RuleSpec(
        id="CONTRACT_CHANGED",
        purpose="Something changed that no other rule describes (needs a patch version).",
        modes=(),
        why="Nothing known breaks; it is reported so no change goes unversioned.",
        example="a reformatted description",
        instead="Nothing to change; bump the patch version.",
        scope="contract",
        check_versions=contract_changed,
    ),
)
