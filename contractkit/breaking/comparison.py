"""What several rules need from two versions of a contract, computed once.

`Comparison` flattens both schemas and pairs their fields and expectations; rules are pure
functions of it. It lives apart from the engine so that rules depend on it alone, and the
engine (which runs the rules from the registry) sits above both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from contractkit.breaking.finding import Change
from contractkit.breaking.snapshot import Node, Pairing, flatten, pair_nodes
from contractkit.model import Contract, Expectation
from contractkit.sqltext import expression_key


@dataclass
class Comparison:
    previous: Contract
    current: Contract

    @cached_property
    def previous_nodes(self) -> dict[str, Node]:
        return flatten(self.previous)

    @cached_property
    def current_nodes(self) -> dict[str, Node]:
        return flatten(self.current)

    @cached_property
    def pairing(self) -> Pairing:
        return pair_nodes(self.previous_nodes, self.current_nodes)

    @cached_property
    def changed_kind(self) -> list[tuple[Node, Node]]:
        """Paired nodes whose type changed at their own level (children then not compared)."""
        changed: list[tuple[Node, Node]] = []
        skipped: set[str] = set()
        for old, new in self.pairing.pairs:
            if new.parent in skipped:
                skipped.add(new.key)
                continue
            if old.kind != new.kind:
                changed.append((old, new))
                skipped.add(new.key)
        return changed

    @cached_property
    def _below_changed_kind(self) -> set[str]:
        """Current keys under a node whose type changed: their fate is part of that change."""
        return _descendants(self.current_nodes, {new.key for _, new in self.changed_kind})

    @cached_property
    def possible_renames(self) -> list[tuple[Node, Node]]:
        """Unmarked remove + add of the same type under the same parent, one of each."""
        removed = [n for n in self._removed_raw if n.parent not in self._removed_keys]
        added = [n for n in self._added_raw if n.parent not in self._added_keys]
        found = []
        for old in removed:
            parent_now = self._current_key_of(old.parent)
            same = [
                new for new in added if new.parent == parent_now and new.data_type == old.data_type
            ]
            twins = [o for o in removed if o.parent == old.parent and o.data_type == old.data_type]
            if len(same) == 1 and len(twins) == 1 and same[0].field is not None:
                found.append((old, same[0]))
        return found

    @cached_property
    def _removed_raw(self) -> list[Node]:
        below = self._previous_below_changed_kind
        return [n for n in self.pairing.removed if n.key not in below]

    @cached_property
    def _added_raw(self) -> list[Node]:
        return [n for n in self.pairing.added if n.key not in self._below_changed_kind]

    @cached_property
    def _previous_below_changed_kind(self) -> set[str]:
        return _descendants(self.previous_nodes, {old.key for old, _ in self.changed_kind})

    @cached_property
    def _removed_keys(self) -> set[str]:
        return {n.key for n in self._removed_raw}

    @cached_property
    def _added_keys(self) -> set[str]:
        return {n.key for n in self._added_raw}

    @cached_property
    def removed_fields(self) -> list[Node]:
        renamed = {old.key for old, _ in self.possible_renames}
        return [n for n in self._removed_raw if n.key not in renamed]

    @cached_property
    def added_fields(self) -> list[Node]:
        renamed = {new.key for _, new in self.possible_renames}
        return [n for n in self._added_raw if n.key not in renamed]

    @cached_property
    def _previous_to_current(self) -> dict[str, Node]:
        return {old.key: new for old, new in self.pairing.pairs}

    def _current_key_of(self, previous_key: str | None) -> str | None:
        if previous_key is None:
            return None
        node = self._previous_to_current.get(previous_key)
        return node.key if node else previous_key

    def current_path(self, previous_node: Node) -> str:
        node = self._previous_to_current.get(previous_node.key)
        return node.path if node else previous_node.path

    def renamed_column(self, previous_name: str) -> str:
        """A previous column's (or dotted subfield's) name as it is now (case-folded)."""
        key = previous_name.casefold()
        return self._current_key_of(key) or key

    @property
    def declared_pairs(self) -> Iterator[tuple[Node, Node]]:
        """Paired nodes that both have their own field entry (so constraints to compare)."""
        for old, new in self.pairing.pairs:
            if old.field is not None and new.field is not None:
                yield old, new

    def declared_nodes(self, current: bool) -> list[Node]:
        nodes = self.current_nodes if current else self.previous_nodes
        return [n for n in nodes.values() if n.field is not None]

    # -- expectations ---------------------------------------------------------------------

    @cached_property
    def _expectations_by_name(self) -> tuple[dict[str, Expectation], dict[str, Expectation]]:
        return (
            {e.name.casefold(): e for e in self.previous.expectations},
            {e.name.casefold(): e for e in self.current.expectations},
        )

    @property
    def expectation_pairs(self) -> Iterator[tuple[Expectation, Expectation]]:
        before, after = self._expectations_by_name
        for name, new in after.items():
            if name in before:
                yield before[name], new

    @property
    def derived_pairs(self) -> Iterator[tuple[Expectation, Expectation, tuple[str | int, ...]]]:
        """Expectations derived from constraints in both versions, by name, with where the
        current one comes from: their actions follow `constraint_action`."""
        from contractkit.derived import derive

        before = {d.expectation.name.casefold(): d.expectation for d in derive(self.previous)}
        for derived in derive(self.current):
            old = before.get(derived.expectation.name.casefold())
            if old is not None:
                yield old, derived.expectation, derived.location

    @property
    def removed_expectations(self) -> list[Expectation]:
        before, after = self._expectations_by_name
        return [e for name, e in before.items() if name not in after]

    @property
    def added_expectations(self) -> list[Expectation]:
        before, after = self._expectations_by_name
        return [e for name, e in after.items() if name not in before]

    def expectation_twin(
        self, expectation: Expectation, among_previous: bool = False
    ) -> Expectation | None:
        """The unmatched expectation of the other version with the same expression."""
        pool = self.removed_expectations if among_previous else self.added_expectations
        text = expression_key(expectation.expression)
        twins = [e for e in pool if expression_key(e.expression) == text]
        return twins[0] if len(twins) == 1 else None


def _descendants(nodes: dict[str, Node], roots: set[str]) -> set[str]:
    """Keys of every node below one of `roots` (nodes come parents first)."""
    below: set[str] = set()
    for key, node in nodes.items():
        if node.parent in roots or node.parent in below:
            below.add(key)
    return below


@dataclass(frozen=True)
class Versions:
    """One contract across two sets (two folders, a git ref and the work tree): either
    side may be missing (added, deleted). `comparison` is there when both are, with the
    changes the two-version rules found, which a contract-level rule may need."""

    previous: Contract | None
    current: Contract | None
    comparison: Comparison | None = None
    changes: tuple[Change, ...] = ()
