"""Rules on everything else: the contract's identity, servers, documentation, consumers."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Contract, Server
from contractkit.values import format_percent

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison

YamlPath = tuple[str | int, ...]


def contract_name(diff: Comparison) -> Iterator[Change]:
    if diff.previous.name != diff.current.name:
        yield Change(
            rule="CONTRACT_NO_RENAME",
            subject="contract.name",
            message=f'The dataset was renamed from "{diff.previous.name}" to '
            f'"{diff.current.name}".',
            old=diff.previous.name,
            new=diff.current.name,
            location=("contract", "name"),
        )


def _location_text(server: Any) -> str:
    if server.type == "table":
        return f"table {server.table}"
    return f"{server.format} at {server.path}"


def same_place(old: Server, new: Server, diff: Comparison) -> bool:
    """Whether two versions of a server point at the same data. A relative local path is
    the same place when it reads the same as written (identical contracts in two folders,
    or two files given directly) or when it resolves to the same folder from each
    contract's own folder (a contract file moved with its path adjusted)."""
    if (old.type, old.format, old.table) != (new.type, new.format, new.table):
        return False
    if _written(old.path) == _written(new.path):
        return True
    before = old.resolved_path(diff.previous.base_dir)
    return before == new.resolved_path(diff.current.base_dir)


def _written(path: str | None) -> str | None:
    """`./data/orders` and `data/orders/` are one path as written; URLs stay as they are."""
    if path is None or "://" in path:
        return path
    return posixpath.normpath(path.replace("\\", "/"))


def servers(diff: Comparison) -> Iterator[Change]:
    before = {s.server: s for s in diff.previous.servers}
    after = {s.server: (i, s) for i, s in enumerate(diff.current.servers)}
    for name, old in before.items():
        if name not in after:
            yield Change(
                rule="SERVER_NO_DELETE",
                subject=f"servers.{name}",
                message=f'Server "{name}" ({_location_text(old)}) was removed.',
                old=_location_text(old),
                location=("servers", diff.previous.servers.index(old)),
                in_previous=True,
            )
            continue
        index, new = after[name]
        if not same_place(old, new, diff):
            yield Change(
                rule="SERVER_NO_DELETE",
                subject=f"servers.{name}",
                message=f'Server "{name}" moved from {_location_text(old)} to '
                f"{_location_text(new)}.",
                old=_location_text(old),
                new=_location_text(new),
                location=("servers", index),
            )


def _documentation(contract: Contract, diff: Comparison, current: bool) -> dict[str, Any]:
    """Everything that documents rather than promises, keyed by a stable path."""
    info = contract.info
    entries: dict[str, tuple[Any, YamlPath]] = {}
    keys = ("id", "title", "status", "owner", "producer_pipeline", "description", "domain", "tags")
    for key in (*keys, "compatibility"):
        entries[f"contract.{key}"] = (getattr(info, key), ("contract", key))
    for node in diff.declared_nodes(current):
        field = node.declared
        path = diff.current_path(node) if not current else node.path
        entries[f"{path}.description"] = (field.description, (*node.location, "description"))
        for key in ("tags", "business_name", "examples"):
            entries[f"{path}.{key}"] = (getattr(field, key), (*node.location, key))
    for index, expectation in enumerate(contract.expectations):
        where = ("quality", "expectations", index, "description")
        entries[f"expectations.{expectation.name}.description"] = (expectation.description, where)
    for index, check in enumerate(contract.quality.dataset):
        where = ("quality", "dataset", index, "description")
        entries[f"dataset.{check.name}.description"] = (check.description, where)
    for index, unique in enumerate(contract.quality.unique):
        names = (c.casefold() if current else diff.renamed_column(c) for c in unique.columns)
        base = f"unique({', '.join(sorted(names))})"
        entries[base] = (True, ("quality", "unique", index))  # added, removed: keys.py
        entries[f"{base}.name"] = (unique.name, ("quality", "unique", index, "name"))
        entries[f"{base}.description"] = (unique.description, ("quality", "unique", index))
    for index, consumer in enumerate(contract.consumers):
        base = f"consumers.{consumer.pipeline}"
        entries[base] = (True, ("consumers", index))
        entries[f"{base}.contact"] = (consumer.contact, ("consumers", index, "contact"))
        entries[f"{base}.description"] = (consumer.description, ("consumers", index))
        # Previous uses under the names fields have now: following a rename is no change.
        uses = (
            sorted(u.casefold() if current else diff.renamed_column(u) for u in consumer.uses)
            if consumer.uses is not None
            else None
        )
        entries[f"{base}.uses"] = (uses, ("consumers", index, "uses"))
        # A consumer's own checks are its needs, not the producer's promise (consumers.py
        # judges whether the producer still meets them): a change to them is documentation.
        for position, own in enumerate(consumer.expectations):
            shown = f"{own.expression} at {format_percent(own.threshold)}"
            own_at: YamlPath = ("consumers", index, "expectations", position)
            entries[f"{base}.expectations.{own.name}"] = (shown, own_at)
        for position, check in enumerate(consumer.dataset):
            check_at: YamlPath = ("consumers", index, "dataset", position)
            entries[f"{base}.dataset.{check.name}"] = (check.expression, check_at)
    for index, server in enumerate(contract.servers):
        base = f"servers.{server.server}"
        entries[f"{base}.options"] = (server.options, ("servers", index, "options"))
        entries[f"{base}.description"] = (server.description, ("servers", index))
    return entries


def documentation(diff: Comparison) -> Iterator[Change]:
    before = _documentation(diff.previous, diff, current=False)
    after = _documentation(diff.current, diff, current=True)
    for key in sorted(before.keys() | after.keys()):
        old, old_where = before.get(key, (None, ()))
        new, new_where = after.get(key, (None, ()))
        if old == new or (old in (None, [], {}) and new in (None, [], {})):
            continue
        if key.startswith("unique(") and not _in_both(key, before, after):
            continue
        if key.startswith("consumers.") and key.count(".") == 1:
            name = key.split(".", 1)[1]
            message = f'Consumer "{name}" was ' + ("added." if new else "removed.")
        elif isinstance(old, list) and isinstance(new, list):
            added = [str(v) for v in new if v not in old]
            dropped = [str(v) for v in old if v not in new]
            parts = [f"added {', '.join(added)}"] if added else []
            parts += [f"removed {', '.join(dropped)}"] if dropped else []
            message = f"{key}: {'; '.join(parts) or 'reordered'}."
        else:
            message = f"{key} changed from {_short(old)} to {_short(new)}."
        yield Change(
            rule="METADATA_CHANGED",
            subject=key,
            message=message,
            old=old,
            new=new,
            location=new_where if key in after else old_where,
            in_previous=key not in after,
        )


def _in_both(key: str, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether the composite key an entry belongs to is in both versions (keys.py reports
    keys added or removed, so their names and descriptions are no news)."""
    base = key[: key.index(")") + 1]
    return base in before and base in after


def _short(value: Any) -> str:
    if value in (None, [], {}):
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


RULES = (
    RuleSpec(
        id="CONTRACT_NO_RENAME",
        purpose="The dataset keeps its name.",
        modes=("forward", "backward", "full"),
        why="Consumers find the dataset (and its generated module) by name.",
        example="name: silver_orders  ->  orders_silver",
        instead="Publish a new contract under the new name and deprecate the old one.",
        scope="contract",
        check=contract_name,
    ),
    RuleSpec(
        id="SERVER_NO_DELETE",
        purpose="A server is not removed or moved to another location.",
        modes=("forward", "full"),
        why="Consumers read the data from the server's table or path; a moved table is a "
        "missing table.",
        example="table: silver_catalog.silver.orders  ->  silver_catalog.sales.orders",
        instead="Write to both locations (or keep a view at the old one) while consumers move.",
        scope="contract",
        check=servers,
    ),
    RuleSpec(
        id="METADATA_CHANGED",
        purpose="Documentation, ownership, tags, business names, examples or consumers changed "
        "(needs a patch version).",
        modes=(),
        why="Nothing breaks; it is reported so the version and changelog say so.",
        example='owner: data-eng@company.com  ->  "orders-team@company.com"',
        instead="Nothing to change; bump the patch version.",
        scope="contract",
        check=documentation,
    ),
)
