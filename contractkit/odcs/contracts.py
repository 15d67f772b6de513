"""An ODCS document read as contracts, one per schema object, with every finding placed in the
ODCS file: what `contractkit lint`, `diff` and the rest see when given an ODCS file.

Each object goes through the importer (build_contract); the contract it builds is checked like
any contract file (read as its YAML would be read back, without writing the text), but under a
source map that sends each contract path to the ODCS node it came
from (a field to its property, `contract.version` to `version`, ...), so a finding names the
line a person would edit.
"""

from __future__ import annotations

from typing import Any

from contractkit.diagnostics import Diagnostic
from contractkit.lint import codes
from contractkit.lint.codes import LintCode
from contractkit.loader import Analysis, analyze_document
from contractkit.odcs.common import OdcsError
from contractkit.odcs.generated import read_back
from contractkit.odcs.reader import build_contract, validate_document
from contractkit.yamlsource import Path, Position, SourceMap, YamlDocument

__all__ = ["analyze_odcs", "contract_path_in_odcs"]

_NOT_FOR_ODCS = frozenset({"changelog-missing"})
"""Advice an ODCS author cannot follow: ODCS has no changelog."""

_CONTRACT_KEYS: dict[str, Path] = {
    "version": ("version",),
    "owner": ("team",),
    "description": ("description",),
    "domain": ("domain",),
    "tags": ("tags",),
}


def analyze_odcs(
    document: YamlDocument, base_dir: str | None, *, expressions: bool = True
) -> list[Analysis]:
    """One Analysis per schema object of the document; one without a contract when the
    document is invalid for its declared version or describes no dataset."""
    source = document.source
    file = source.file
    try:
        data = validate_document(document)
    except OdcsError as exc:
        return [Analysis(file, None, tuple(_diagnostics(exc, source)))]
    objects: list[dict[str, Any]] = list(data.get("schema") or [])
    if not objects:
        where = source.key(("schema",))
        message = "the ODCS document describes no dataset (`schema` lists no objects)"
        return [_refused(file, where, codes.ODCS_NO_DATASET, message)]
    analyses: list[Analysis] = []
    for index, obj in enumerate(objects):
        where = source.value(("schema", index))
        if not obj.get("properties"):
            message = (
                f"ODCS object {obj.get('name')!r} lists no properties, so there is no schema to "
                "check (it may live elsewhere, such as a schema registry)"
            )
            analyses.append(_refused(file, where, codes.ODCS_NO_DATASET, message))
            continue
        try:
            built = build_contract(data, file, object_name=str(obj["name"]), report_others=False)
        except OdcsError as exc:
            analyses.append(_refused(file, where, codes.ODCS_NOT_IMPORTABLE, exc.summary))
            continue
        generated = read_back(built.contract, file)
        located = _located(generated.source, source, index)
        analysis = analyze_document(
            YamlDocument(generated.data, located), base_dir, expressions=expressions
        )
        kept = tuple(d for d in analysis.diagnostics if d.code not in _NOT_FOR_ODCS)
        analyses.append(Analysis(analysis.file, analysis.contract, kept))
    return analyses


def contract_path_in_odcs(path: Path, index: int) -> Path:
    """Where in the ODCS document (object `index`) a path of the imported contract comes from."""
    obj: Path = ("schema", index)
    if not path:
        return obj
    head = path[0]
    if head == "schema" and len(path) >= 3 and path[1] == "fields":
        out: Path = (*obj, "properties", path[2])
        rest = path[3:]
        while len(rest) >= 2 and rest[0] == "fields":
            out = (*out, "properties", rest[1])
            rest = rest[2:]
        return out
    if head == "contract" and len(path) >= 2:
        key = str(path[1])
        return (*obj, "name") if key == "name" else _CONTRACT_KEYS.get(key, obj)
    if head == "quality":
        return (*obj, "quality")
    if head == "sla":
        return ("slaProperties",)
    if head == "servers":
        return ("servers",)
    if head in ("consumers", "changelog"):
        return ("customProperties",)
    return obj


def _located(generated: SourceMap, odcs: SourceMap, index: int) -> SourceMap:
    """The imported contract's source map, pointing into the ODCS file."""

    return SourceMap(
        odcs.file,
        {path: odcs.value(contract_path_in_odcs(path, index)) for path in generated.values},
        {path: odcs.key(contract_path_in_odcs(path, index)) for path in generated.keys},
        {},
        dict(generated.texts),
    )


def _refused(file: str, where: Position, code: LintCode, message: str) -> Analysis:
    found = Diagnostic(file, where.line, where.column, code.severity, code.id, message)
    return Analysis(file, None, (found,))


def _diagnostics(exc: OdcsError, source: SourceMap) -> list[Diagnostic]:
    """The refusal as located diagnostics: its problems carry `file:line:col: ` prefixes."""
    file = source.file
    line, column, summary = _split(exc.summary, file)
    if line or not exc.problems:  # one located complaint (an apiVersion not read), with advice
        hint = "; ".join(exc.problems) or None
        return [
            Diagnostic(
                file,
                line or 1,
                column or 1,
                codes.ODCS_INVALID.severity,
                codes.ODCS_INVALID.id,
                summary,
                hint,
            )
        ]
    hint = (
        f"the document {summary.rstrip(':')}; fix it, or declare the apiVersion it is written for"
    )
    found = []
    for problem in exc.problems:
        line, column, text = _split(problem, file)
        found.append(
            Diagnostic(
                file,
                line or 1,
                column or 1,
                codes.ODCS_INVALID.severity,
                codes.ODCS_INVALID.id,
                text,
                hint,
            )
        )
    return found


def _split(text: str, file: str) -> tuple[int, int, str]:
    """`file:3:7: message` -> (3, 7, "message"); (0, 0, rest) when there is no position."""
    if not text.startswith(file):
        return 0, 0, text
    rest = text[len(file) :]
    parts = rest.split(":", 3)
    if len(parts) == 4 and parts[0] == "" and parts[1].isdigit() and parts[2].isdigit():
        return int(parts[1]), int(parts[2]), parts[3].strip()
    return 0, 0, rest.strip()
