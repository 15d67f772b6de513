"""The exceptions contractkit raises.

    ContractKitError                 base class: catch this to catch everything of ours
    ├── ContractLoadError            a contract file is invalid; carries every Diagnostic found
    ├── ContractViolationError       data broke its contract; carries the ValidationReport
    ├── DataReadError                the data could not be read at all; says where and why
    ├── SparkUnavailableError        pyspark or Java is missing; says what to install
    └── HistoryError                 a results history or event log cannot be read or written
                                     (contractkit.history.store)

Errors carry located diagnostics rather than a bare string, so callers can render them
as text, JSON or GitHub annotations without parsing messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from contractkit.diagnostics import Diagnostic

if TYPE_CHECKING:
    from contractkit.validation import SchemaIssue, ValidationReport


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


class DataReadError(ContractKitError):
    """The data could not be read or scanned (a corrupt file, a missing table): no check
    could count rows. `source` names the data, `reason` is Spark's error class and message,
    and `schema_issues` what the schema check found before any row was read."""

    def __init__(self, source: str, reason: str, schema_issues: Sequence[SchemaIssue] = ()) -> None:
        self.source, self.reason = source, reason
        self.schema_issues = tuple(schema_issues)
        super().__init__(f"cannot read the data ({source}): {reason}")


class SparkUnavailableError(ContractKitError):
    """The Spark features need pyspark (and Java); the message says how to get them."""
