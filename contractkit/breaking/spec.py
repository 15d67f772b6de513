"""The record that describes a rule: stable ID, purpose, the modes it can break, docs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from contractkit.breaking.finding import Change, Direction

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison, Versions

Scope = Literal["column", "expression", "contract", "consumer"]


@dataclass(frozen=True)
class RuleSpec:
    """A rule. IDs are never renamed or reused; docs/rules/ is generated from these.

    `modes` is the one statement of where the rule breaks: a finding breaks in those modes
    unless its handler narrows it (a widened type breaks forward only). `scope` says which
    consumers a finding touches: those whose `uses` reads its columns (`column`), the
    columns its expectations read (`expression`), every consumer (`contract`), or the
    consumers the finding itself names (`consumer`: their own checks). A rule has one
    handler: `check` over two versions of a contract, or `check_versions` over a
    contract's presence in two sets (added, deleted, changed beyond every other rule).
    """

    id: str
    purpose: str
    modes: tuple[str, ...]  # compatibility modes in which the rule's findings can break
    why: str
    example: str
    instead: str
    scope: Scope
    check: Callable[[Comparison], Iterator[Change]] | None = None
    check_versions: Callable[[Versions], Iterator[Change]] | None = None

    @property
    def breaks(self) -> frozenset[Direction]:
        """The directions its findings break in, unless the handler says fewer."""
        return frozenset(direction for direction in Direction if direction.value in self.modes)
