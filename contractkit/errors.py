"""The exceptions contractkit raises, in one tree.

    ContractKitError                 base class: catch this to catch everything of ours
    ├── ContractLoadError            a contract file is invalid; carries every Diagnostic found
    ├── ContractViolationError       data broke its contract; carries the ValidationReport
    ├── GenerateError                contracts that cannot be generated together
    ├── GraphError                   contracts that make no graph (one name in two files)
    │   └── CycleError               pipelines that depend on each other in a circle
    ├── OdcsError                    an ODCS document that makes no contract
    │   └── ObjectChoiceError        several schema objects and none (or a missing one) chosen
    ├── DataLocationError            no usable data location: unknown server, bad binding
    ├── DataReadError                Spark could not read or scan the data (path or table named)
    ├── ReferenceResolutionError     a field's `references` names no known contract or field
    ├── HistoryError                 a results history or event log cannot be read or written
    └── SparkUnavailableError        pyspark or Java is missing; says what to install
        └── SparkSessionError        Spark could not start or be reached (master, Connect URL)

Errors carry located diagnostics rather than a bare string, so callers can render them
as text, JSON or GitHub annotations without parsing messages. The CLI maps each class to
its exit code in one place (contractkit/cli/__init__.py, see docs/cli.md).

ContractWarning (a UserWarning, not an error) is what a warn-level miss emits from
`enforce` and the pytest plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from contractkit.diagnostics import Diagnostic

if TYPE_CHECKING:
    from contractkit.validation import SchemaIssue, ValidationReport

__all__ = [
    "ContractKitError",
    "ContractLoadError",
    "ContractViolationError",
    "ContractWarning",
    "CycleError",
    "DataLocationError",
    "DataReadError",
    "GenerateError",
    "GraphError",
    "HistoryError",
    "ObjectChoiceError",
    "OdcsError",
    "ReferenceResolutionError",
    "SparkSessionError",
    "SparkUnavailableError",
]


class ContractKitError(Exception):
    """Base class of every error contractkit raises on purpose."""


class ContractLoadError(ContractKitError):
    """A contract could not be loaded; `diagnostics` lists every problem, errors first."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error] or list(self.diagnostics)
        lines = [f"{d.location()}: {d.message}" for d in errors]
        super().__init__("\n".join(lines) if lines else "invalid contract")


class ContractViolationError(ContractKitError):
    """Data violates its contract; the message lists every violation, one per line."""

    def __init__(self, report: ValidationReport, violations: Sequence[str] | None = None) -> None:
        self.report = report
        self.violations = list(violations if violations is not None else report.violations())
        header = f"{report.contract} {report.version}: {len(self.violations)} violation(s)"
        super().__init__("\n".join([header, *(f"  - {v}" for v in self.violations)]))


class ContractWarning(UserWarning):
    """Data missed a warn level of its contract (a warn threshold, a warn freshness, a
    dataset check with `action: warn`): reported, never failing; `-W error::...` makes it
    fatal where a team wants that."""


class GenerateError(ContractKitError):
    """The contracts cannot be generated together (two would write the same module)."""


class GraphError(ContractKitError):
    """The contracts do not make one graph: the same contract name in two files."""


class CycleError(GraphError):
    """Pipelines depend on each other in a circle; `cycles` lists each one found."""

    def __init__(self, cycles: list[tuple[str, ...]]) -> None:
        self.cycles = cycles
        # As graph.format_cycle writes one (errors.py imports nothing of the package).
        lines = [f"dependency cycle: {' -> '.join([*c, c[0]])}" for c in cycles]
        super().__init__("\n".join(lines))


class OdcsError(ContractKitError):
    """An ODCS document contractkit cannot turn into a contract (or an invalid one): `problems`
    lists each reason, located where possible."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.summary = message
        self.problems = tuple(problems)
        super().__init__("\n".join([message, *(f"  {p}" for p in self.problems)]))


class ObjectChoiceError(OdcsError):
    """The document has several objects and none was chosen, or the chosen one is absent."""

    def __init__(self, message: str, names: list[str]) -> None:
        self.names = names
        super().__init__(message)


class DataLocationError(ContractKitError):
    """The contract's data has no usable location: an unknown server or binding name, no
    server at all, several and none chosen, or a malformed binding. The message names the
    servers that exist."""


class DataReadError(ContractKitError):
    """Spark could not read or scan the data: one line naming the path or table and Spark's
    own reason (error class and message, never a stack). `schema_issues` is what the schema
    check found before any row was read (from the DataFrame's schema alone)."""

    def __init__(self, where: str, reason: str, schema_issues: Sequence[SchemaIssue] = ()) -> None:
        self.where = where
        self.reason = reason
        self.schema_issues = tuple(schema_issues)
        super().__init__(f"cannot read {where}: {reason}")


class ReferenceResolutionError(ContractKitError):
    """A field's `references` text names no contract among the known ones, or no field of
    it. `missing_contract` is the contract part when the contract itself is unknown (lint
    reports that as a warning: the target may simply not be among the files it was given)."""

    def __init__(self, text: str, reason: str, *, missing_contract: str | None = None) -> None:
        self.text = text
        self.reason = reason
        self.missing_contract = missing_contract
        super().__init__(f"references {text!r}: {reason}")


class HistoryError(ContractKitError):
    """The history could not be read or written; the message says where and how to fix it."""


class SparkUnavailableError(ContractKitError):
    """The Spark features need pyspark (and Java); the message says how to get them."""


class SparkSessionError(SparkUnavailableError):
    """Spark is installed but no session could be had: a master URL Spark cannot parse, a
    Spark Connect endpoint that did not answer in time. The message names the URL."""
