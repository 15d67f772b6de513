"""Interop with the Open Data Contract Standard (ODCS v3.1.0, bitol-io).

    read_odcs(text, file, object_name=...)  ODCS YAML -> Imported (contract, YAML, report)
    parse_odcs / import_document            the same in two steps (one validation, many objects)
    export_contract(contract)               Contract -> Exported (ODCS document, YAML)

Both validate against the official JSON Schema; neither imports pyspark. docs/odcs.md has the
mapping, and what is not mapped and why.
"""

from __future__ import annotations

from contractkit.odcs.common import API_VERSION, NotMapped, OdcsError
from contractkit.odcs.reader import (
    Imported,
    ObjectChoiceError,
    import_document,
    parse_odcs,
    read_odcs,
)
from contractkit.odcs.writer import Exported, export_contract

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
