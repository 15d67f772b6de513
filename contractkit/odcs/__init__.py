"""Interop with the Open Data Contract Standard (ODCS v3.1.0, bitol-io).

    read_odcs(text, file, object_name=...)  ODCS YAML -> Imported (contract, YAML, report)
    parse_odcs / import_document            the same in two steps (one validation, many objects)
    export_contract(contract)               Contract -> Exported (ODCS document, YAML)

Both validate against the official JSON Schema; neither imports pyspark. docs/odcs.md has the
mapping, and what is not mapped and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contractkit.odcs.common import API_VERSION, NotMapped, OdcsError
from contractkit.odcs.reader import (
    Imported,
    ObjectChoiceError,
    import_document,
    parse_odcs,
    read_odcs,
)

if TYPE_CHECKING:
    from contractkit.odcs.writer import Exported, export_contract


def __getattr__(name: str) -> Any:
    """The writer on first use: `lint` and `diff` read ODCS files and never export one."""
    if name in ("Exported", "export_contract"):
        from contractkit.odcs import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "API_VERSION",
    "Exported",
    "Imported",
    "NotMapped",
    "ObjectChoiceError",
    "OdcsError",
    "export_contract",
    "import_document",
    "parse_odcs",
    "read_odcs",
]
