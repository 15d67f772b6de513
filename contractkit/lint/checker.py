"""Semantic checks on a structurally valid contract, each finding placed in the file.

These are the rules a schema cannot express: names unique as Spark resolves them,
expressions that parse and reference declared columns, constraints that fit their
column's type, references (`uses`, `primary_key`, `freshness_column`) that resolve.
They need no JVM: expressions are parsed with a Spark SQL grammar (see expressions.py).
Each family of checks has its own module; this one runs them and collects the findings.
"""

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


def check_contract(
    contract: Contract,
    source: Source,
    base_dir: str | None = None,
    expressions: bool = True,
    *,
    unresolved: frozenset[str] = frozenset(),
    partial: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Every semantic finding for `contract` (errors and warnings), unsorted.

    `expressions=False` skips parsing expectations (and loading the SQL parser), for
    callers such as `diff` that only compare contracts `lint` has already checked.
    """
    from contractkit.lint import changelog, expectations, fields, references, servers

    checker = Checker(contract, source, frozenset(n.lower() for n in unresolved), partial)
    fields.check_fields(checker, contract.fields, ("schema", "fields"), prefix="")
    references.check_primary_key(checker)
    expectations.check_expectations(checker, expressions)
    expectations.check_derived_names(checker)
    references.check_sla(checker)
    references.check_consumers(checker)
    changelog.check_changelog(checker)
    servers.check_servers(checker)
    return checker.found
