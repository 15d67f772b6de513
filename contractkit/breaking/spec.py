"""The record that describes a rule: stable ID, purpose, the modes it can break, docs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contractkit.breaking.finding import Change

if TYPE_CHECKING:
    from contractkit.breaking.engine import Comparison


@dataclass(frozen=True)
class RuleSpec:
    """A rule. IDs are never renamed or reused; docs/rules/ is generated from these."""

    id: str
    purpose: str
    modes: tuple[str, ...]  # compatibility modes in which the rule's findings can break
    why: str
    example: str
    instead: str
    check: Callable[[Comparison], Iterator[Change]] | None  # None: reported by the engine
