"""The exceptions contractkit raises.

    ContractKitError                 base class: catch this to catch everything of ours
    └── ContractLoadError            a contract file is invalid; carries every Diagnostic found

Errors carry located diagnostics rather than a bare string, so callers can render them
as text, JSON or GitHub annotations without parsing messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from contractkit.diagnostics import Diagnostic


class ContractKitError(Exception):
    """Base class of every error contractkit raises on purpose."""


class ContractLoadError(ContractKitError):
    """A contract could not be loaded; `diagnostics` lists every problem, errors first."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error] or list(self.diagnostics)
        lines = [f"{d.location()}: {d.message}" for d in errors]
        super().__init__("\n".join(lines) if lines else "invalid contract")
