"""What every family of checks reports through: the contract, its source, the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from contractkit.diagnostics import Diagnostic
from contractkit.lint.codes import LintCode
from contractkit.model import Contract
from contractkit.yamlsource import Path, Position


class Source(Protocol):
    """Where paths of the checked data stand in the file (a SourceMap, or a view of one)."""

    @property
    def file(self) -> str: ...

    def value(self, path: Path) -> Position: ...

    def key(self, path: Path) -> Position: ...

    def text(self, path: Path) -> str | None: ...

    def text_position(self, path: Path, offset: int | None) -> Position: ...


@dataclass
class Checker:
    """The contract under check, where its parts are, and the findings so far.

    `unresolved` holds top-level field names whose entries failed structural validation:
    they exist in the file, so references to them are not reported as unknown. `partial`
    names the top-level sections that lost entries so (see salvage.py).
    """

    contract: Contract
    source: Source
    unresolved: frozenset[str] = frozenset()
    partial: frozenset[str] = frozenset()
    found: list[Diagnostic] = field(default_factory=list)

    def report(
        self,
        code: LintCode,
        path: Path,
        message: str,
        hint: str | None = None,
        *,
        position: Position | None = None,
        at_key: bool = False,
    ) -> None:
        where = position or (self.source.key(path) if at_key else self.source.value(path))
        self.found.append(
            Diagnostic(
                self.source.file, where.line, where.column, code.severity, code.id, message, hint
            )
        )

    def is_unresolved(self, name: str) -> bool:
        return name.split(".", 1)[0].lower() in self.unresolved
