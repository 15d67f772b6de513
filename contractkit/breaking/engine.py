"""Run the rules over two versions of a contract and judge the findings by mode.

`Comparison` precomputes what several rules need (flattened fields and their pairing,
expectation pairing, columns an expectation reads); rules are pure functions of it. The
engine then decides each change's severity for the compatibility mode, the line it points
at, and the consumers it affects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from contractkit.breaking.finding import MODES, Change, Finding, Severity
from contractkit.breaking.snapshot import Node, Pairing, flatten, pair_nodes
from contractkit.model import Contract, Expectation
from contractkit.sqlnames import referenced_columns


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
        text = " ".join(expectation.expression.split()).casefold()
        twins = [e for e in pool if " ".join(e.expression.split()).casefold() == text]
        return twins[0] if len(twins) == 1 else None


def _descendants(nodes: dict[str, Node], roots: set[str]) -> set[str]:
    """Keys of every node below one of `roots` (nodes come parents first)."""
    below: set[str] = set()
    for key, node in nodes.items():
        if node.parent in roots or node.parent in below:
            below.add(key)
    return below


# -- judging ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSelection:
    disabled: frozenset[str] = frozenset()


def run_rules(diff: Comparison, selection: RuleSelection | None = None) -> list[Change]:
    """Every change the enabled rules report, each check function run once."""
    from contractkit.breaking.registry import RULES_BY_ID

    disabled = selection.disabled if selection else frozenset()
    seen: set[Callable[..., object]] = set()
    changes: list[Change] = []
    for spec in RULES_BY_ID.values():
        if spec.check is None or spec.check in seen:
            continue
        seen.add(spec.check)
        changes.extend(c for c in spec.check(diff) if c.rule not in disabled)
    return changes


def severity(change: Change, mode: str) -> Severity:
    if change.breaks & MODES[mode]:
        return Severity.BREAKING
    if change.review or change.producer_risk:
        return Severity.WARNING
    return Severity.INFO


class ConsumerIndex:
    """Which consumers read which columns, built once per contract: a 10,000-field contract
    has thousands of findings to match against consumers' `uses`."""

    def __init__(self, contract: Contract) -> None:
        self._all = tuple(consumer.pipeline for consumer in contract.consumers)
        self._any_uses = any(consumer.uses is not None for consumer in contract.consumers)
        # per consumer: None (reads everything), else (paths it uses, their struct prefixes)
        self._reads: list[tuple[str, tuple[frozenset[str], frozenset[str]] | None]] = []
        for consumer in contract.consumers:
            if consumer.uses is None:
                self._reads.append((consumer.pipeline, None))
                continue
            used = frozenset(u.casefold() for u in consumer.uses)
            prefixes = frozenset(p for u in used for p in _prefixes(u))
            self._reads.append((consumer.pipeline, (used, prefixes)))

    def affected(self, change: Change) -> tuple[str, ...]:
        """Consumers whose `uses` touches the change; all of them when `uses` is absent."""
        if not self._any_uses:
            return self._all
        columns = change.columns if change.columns is not None else _subject_columns(change)
        if columns is None:
            return self._all
        folded = [c.casefold() for c in columns]
        return tuple(
            pipeline
            for pipeline, reads in self._reads
            if reads is None or any(_overlaps(reads, column) for column in folded)
        )


def affected_consumers(contract: Contract, change: Change) -> tuple[str, ...]:
    """Consumers whose `uses` touches the change; all of them when `uses` is absent."""
    return ConsumerIndex(contract).affected(change)


def _subject_columns(change: Change) -> tuple[str, ...] | None:
    """A field change touches its field; an expectation change the columns it reads;
    anything else (SLA, key, servers), or an expression we cannot read, touches all."""
    if change.expressions:
        read = [referenced_columns(text) for text in change.expressions]
        return None if not all(read) else tuple(sorted(set().union(*read)))
    if change.rule.startswith(("FIELD_", "ALLOWED_", "PATTERN_", "MIN_", "MAX_", "UNIQUE_")):
        return (change.subject,)
    return None


def _prefixes(path: str) -> Iterator[str]:
    """`a.b.c` -> `a`, `a.b`: the structs that hold it."""
    dot = path.find(".")
    while dot >= 0:
        yield path[:dot]
        dot = path.find(".", dot + 1)


def _overlaps(reads: tuple[frozenset[str], frozenset[str]], column: str) -> bool:
    """A consumer reading `a.b` is touched by a change to `a`, `a.b` or `a.b.c`."""
    used, used_prefixes = reads
    return column in used or column in used_prefixes or any(p in used for p in _prefixes(column))


def judge(
    changes: Iterable[Change],
    previous: Contract,
    current: Contract,
    mode: str,
) -> list[Finding]:
    findings = []
    readers = ConsumerIndex(previous)
    for change in changes:
        contract = previous if change.in_previous else current
        level = severity(change, mode)
        consumers = readers.affected(change) if level is Severity.BREAKING else ()
        findings.append(
            Finding(
                file=contract.source_file or "<string>",
                line=_line(contract, change.location),
                rule=change.rule,
                path=change.subject,
                severity=level,
                message=change.message,
                old=change.old,
                new=change.new,
                consumers=consumers,
                addition=change.addition,
                contract=current.name,
            )
        )
    return sorted(findings)


def _line(contract: Contract, location: tuple[str | int, ...]) -> int:
    source = contract.source_map
    if source is None:
        return 0
    return source.value(location).line
