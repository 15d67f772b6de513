"""What a rule reports (`Change`) and what the engine makes of it (`Finding`).

A rule says what changed (and, when fewer than its record's, in which directions the
change breaks readers); it does not know the compatibility mode. The engine turns each
Change into a Finding whose severity follows the mode, with the file line and the
consumers it affects, so rules stay small pure functions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Direction(enum.StrEnum):
    """Who is hurt by a change. FORWARD: existing consumers reading new data.
    BACKWARD: new consumers (or reprocessing jobs) reading data written before."""

    FORWARD = "forward"
    BACKWARD = "backward"


class Severity(enum.StrEnum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"


FORWARD = frozenset({Direction.FORWARD})
BACKWARD = frozenset({Direction.BACKWARD})
BOTH = frozenset({Direction.FORWARD, Direction.BACKWARD})
NEITHER: frozenset[Direction] = frozenset()

MODES: dict[str, frozenset[Direction]] = {
    "forward": FORWARD,
    "backward": BACKWARD,
    "full": BOTH,
    "none": NEITHER,
}


@dataclass(frozen=True)
class Change:
    """One semantic difference between two versions of a contract, as a rule saw it.

    `subject` names what changed for people and for `uses` matching (a field path such as
    `address.city`, an expectation name, `sla.freshness`); `columns` are the fields the
    change touches, when that differs from `subject`; `expressions` are expectations whose
    columns it touches (parsed only when consumers must be named, since parsing is costly).
    `location` is the YAML path to point at, in the current file unless `in_previous`;
    `consumers`, when a change concerns named consumers only (their own checks).
    """

    rule: str
    subject: str
    message: str
    breaks: frozenset[Direction] | None = None  # None: where its rule's record says
    producer_risk: bool = False
    review: bool = False
    old: Any = None
    new: Any = None
    location: tuple[str | int, ...] = ()
    in_previous: bool = False
    columns: tuple[str, ...] | None = None
    expressions: tuple[str, ...] = ()  # expectations whose columns the change touches
    addition: bool = False
    consumers: tuple[str, ...] | None = None  # exactly these consumers, whatever the scope


@dataclass(frozen=True, order=True)
class Finding:
    """A change as reported to people: sortable, with severity, line and consumers."""

    file: str
    line: int
    rule: str
    path: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    old: Any = field(default=None, compare=False)
    new: Any = field(default=None, compare=False)
    consumers: tuple[str, ...] = field(default=(), compare=False)
    addition: bool = field(default=False, compare=False)
    contract: str = field(default="", compare=False)

    @property
    def is_breaking(self) -> bool:
        return self.severity is Severity.BREAKING

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "consumers": list(self.consumers),
        }


def _plain(value: Any) -> Any:
    """JSON-safe values: lists stay lists, everything else not JSON-native becomes text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)
