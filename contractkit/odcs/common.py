"""What the ODCS reader and writer share: the report of what was not mapped, errors, and the
`customProperties` that carry what contractkit has and ODCS lacks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from contractkit.errors import OdcsError

__all__ = [
    "API_VERSION",
    "PREFIX",
    "NotMapped",
    "OdcsError",
    "Report",
    "custom",
    "custom_properties",
]

API_VERSION = "v3.1.0"
PREFIX = "contractkit."
"""customProperties written by contractkit are named `contractkit.<key>`, after the contract key
they carry (`contractkit.producer_pipeline`), so a reader can tell them from others'."""


@dataclass(frozen=True, order=True)
class NotMapped:
    """One piece of the source that has no place in the target: where, and why. `kind` is
    "not mapped", or "missing" for what the target requires and the source does not say."""

    path: str
    reason: str
    kind: str = "not mapped"

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.reason}"


@dataclass
class Report:
    """Collects what was not mapped, in the order met (which follows the document)."""

    items: list[NotMapped] = field(default_factory=list)

    def add(self, path: str, reason: str) -> None:
        item = NotMapped(path, reason)
        if item not in self.items:
            self.items.append(item)

    def missing(self, path: str, reason: str) -> None:
        self.items.append(NotMapped(path, reason, "missing"))

    def lines(self) -> list[str]:
        return [str(item) for item in self.items]


def custom(name: str, value: Any) -> dict[str, Any]:
    """One of contractkit's own customProperties."""
    return {"property": PREFIX + name, "value": value}


def custom_properties(
    node: Mapping[str, Any], path: str, report: Report, known: Iterable[str] = ()
) -> dict[str, Any]:
    """contractkit's own customProperties of `node` by short name; any other is reported (ODCS
    tools' custom properties have no meaning here), and so is one of ours not expected here."""
    found: dict[str, Any] = {}
    expected = set(known)
    for index, item in enumerate(node.get("customProperties") or ()):
        name = str(item.get("property", ""))
        if name.startswith(PREFIX) and name[len(PREFIX) :] in expected:
            found[name[len(PREFIX) :]] = item.get("value")
        else:
            report.add(
                f"{path}.customProperties[{index}]" if path else f"customProperties[{index}]",
                f"custom property {name!r} has no contractkit equivalent",
            )
    return found
