"""contractkit: data contracts for Spark pipelines.

The package root stays light: the names below load their modules on first use, so
`import contractkit` (and the CLI's start-up) does not pay for pydantic or sqlglot
until a contract is actually read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "contractkit.loader",
    "load_string": "contractkit.loader",
    "analyze_file": "contractkit.loader",
    "analyze_text": "contractkit.loader",
    "Contract": "contractkit.model",
    "ContractKitError": "contractkit.errors",
    "ContractLoadError": "contractkit.errors",
    "ContractViolationError": "contractkit.errors",
    "ContractWarning": "contractkit.errors",
    "CycleError": "contractkit.errors",
    "DataLocationError": "contractkit.errors",
    "DataReadError": "contractkit.errors",
    "GenerateError": "contractkit.errors",
    "GraphError": "contractkit.errors",
    "HistoryError": "contractkit.errors",
    "ObjectChoiceError": "contractkit.errors",
    "OdcsError": "contractkit.errors",
    "ReferenceResolutionError": "contractkit.errors",
    "SparkSessionError": "contractkit.errors",
    "SparkUnavailableError": "contractkit.errors",
    "Diagnostic": "contractkit.diagnostics",
    "expectations": "contractkit.derived",
}

__all__ = [
    "Contract",
    "ContractKitError",
    "ContractLoadError",
    "ContractViolationError",
    "ContractWarning",
    "CycleError",
    "DataLocationError",
    "DataReadError",
    "Diagnostic",
    "GenerateError",
    "GraphError",
    "HistoryError",
    "ObjectChoiceError",
    "OdcsError",
    "ReferenceResolutionError",
    "SparkSessionError",
    "SparkUnavailableError",
    "__version__",
    "analyze_file",
    "analyze_text",
    "expectations",
    "load",
    "load_string",
]

if TYPE_CHECKING:
    from contractkit.derived import expectations
    from contractkit.diagnostics import Diagnostic
    from contractkit.errors import (
        ContractKitError,
        ContractLoadError,
        ContractViolationError,
        ContractWarning,
        CycleError,
        DataLocationError,
        DataReadError,
        GenerateError,
        GraphError,
        HistoryError,
        ObjectChoiceError,
        OdcsError,
        ReferenceResolutionError,
        SparkSessionError,
        SparkUnavailableError,
    )
    from contractkit.loader import analyze_file, analyze_text, load, load_string
    from contractkit.model import Contract


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'contractkit' has no attribute {name!r}")
    return getattr(import_module(module), name)
