"""A file -> the contracts it holds: the one decision every command makes the same way.

A contractkit contract file holds one contract. An ODCS document (named `*.odcs.yaml`, or any
YAML mapping with ODCS's `apiVersion` and `kind: DataContract`) holds one contract per schema
object, read through the importer and located in the ODCS file itself. `lint`, `diff`,
`generate`, `graph`, `check`, the exports and the pytest plugin all read files through here,
so a folder may mix both formats.
"""

from __future__ import annotations

import os
from typing import Any

from contractkit.errors import ContractKitError, ContractLoadError
from contractkit.loader import Analysis, analyze_document
from contractkit.model import Contract
from contractkit.yamlsource import YamlDocument, parse_yaml, read_file

__all__ = [
    "ODCS_SUFFIXES",
    "ContractChoiceError",
    "analyze_contract_text",
    "analyze_contracts",
    "analyze_one",
    "check_references_across",
    "is_odcs",
    "reference_contracts",
]

ODCS_SUFFIXES = (".odcs.yaml", ".odcs.yml")


def is_odcs(file: str, data: dict[str, Any]) -> bool:
    """An ODCS document by its name, or by the keys ODCS requires and contracts never have."""
    if file.endswith(ODCS_SUFFIXES):
        return True
    return "contract" not in data and data.get("kind") == "DataContract" and "apiVersion" in data


def analyze_contracts(
    path: str | os.PathLike[str], display_name: str | None = None, *, expressions: bool = True
) -> list[Analysis]:
    """Every contract in the file at `path`, each with its findings (never raises for bad
    input: a file that cannot be read is one Analysis without a contract)."""
    name = display_name or os.fspath(path)
    try:
        document = read_file(os.fspath(path), name)
    except ContractLoadError as exc:
        return [Analysis(name, None, exc.diagnostics)]
    return _analyze(document, os.path.dirname(os.path.abspath(path)), expressions)


class ContractChoiceError(ContractKitError):
    """A command that works on one contract was given a file holding several, and no choice."""


def analyze_one(
    path: str | os.PathLike[str], name: str | None = None, *, expressions: bool = True
) -> Analysis:
    """The one contract of the file, or the one called `name` (an ODCS document may hold
    several); a file that cannot be read comes back as its failed Analysis."""
    analyses = analyze_contracts(path, expressions=expressions)
    failed = [a for a in analyses if a.contract is None]
    names = [a.contract.name for a in analyses if a.contract is not None]
    if name is not None:
        for analysis in analyses:
            if analysis.contract is not None and analysis.contract.name == name:
                return analysis
        if failed:
            return failed[0]
        raise ContractChoiceError(
            f"{os.fspath(path)} holds no contract named {name!r}; it holds: {', '.join(names)}"
        )
    if len(analyses) == 1 or failed:
        return failed[0] if failed else analyses[0]
    raise ContractChoiceError(
        f"{os.fspath(path)} holds {len(names)} contracts ({', '.join(names)}): choose one "
        "with --object NAME"
    )


def analyze_contract_text(
    text: str | bytes, file: str, *, expressions: bool = True, base_dir: str | None = None
) -> list[Analysis]:
    """The same for text (a file's content at a git revision, say); `file` names it."""
    try:
        document = parse_yaml(text, file)
    except ContractLoadError as exc:
        return [Analysis(file, None, exc.diagnostics)]
    return _analyze(document, base_dir, expressions)


def check_references_across(analyses: list[Analysis]) -> list[Analysis]:
    """`analyses` with the findings of their `references` between contracts added: each
    reference resolved against every contract read (contractkit.lint.links), and inline
    `# contractkit: ignore[...]` comments applied to these findings as to the others."""
    from contractkit.diagnostics import sort_diagnostics
    from contractkit.lint.codes import BY_ID
    from contractkit.lint.links import REFERENCE_CODES, check_references
    from contractkit.lint.selection import apply_inline

    read = [a for a in analyses if a.contract is not None]
    found = iter(check_references([a.contract for a in read if a.contract is not None]))
    others = frozenset(BY_ID) - REFERENCE_CODES
    checked: list[Analysis] = []
    for analysis in analyses:
        contract = analysis.contract
        if contract is None:
            checked.append(analysis)
            continue
        new = next(found)
        if new or any(f.references for _, f in contract.walk_fields()):
            new = apply_inline(new, _text(contract.source_file), analysis.file, others)
        if new:
            merged = sort_diagnostics([*analysis.diagnostics, *new])
            analysis = Analysis(analysis.file, contract, tuple(merged))
        checked.append(analysis)
    return checked


def reference_contracts(folder: str | None, also: tuple[str, ...] = ()) -> list[Contract]:
    """The contracts a reference may name: the valid ones in `folder` (the referencing
    contract's own, not its subfolders), then those in `also` (files, or folders searched
    with their subfolders). Invalid files are passed over: lint reports them."""
    files: list[str] = []
    if folder is not None and os.path.isdir(folder):
        files += [
            os.path.join(folder, n) for n in sorted(os.listdir(folder)) if _is_contract_file(n)
        ]
    for extra in also:
        if os.path.isdir(extra):
            for root, dirs, names in os.walk(extra):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [os.path.join(root, n) for n in sorted(names) if _is_contract_file(n)]
        else:
            files.append(extra)
    found: list[Contract] = []
    for file in dict.fromkeys(os.path.abspath(f) for f in files):
        found += [a.contract for a in analyze_contracts(file) if a.ok and a.contract is not None]
    return found


def _is_contract_file(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and not name.startswith(".")


def _text(file: str | None) -> str:
    """The file's text for its inline comments ("" when it cannot be read again)."""
    if file is None:
        return ""
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _analyze(document: YamlDocument, base_dir: str | None, expressions: bool) -> list[Analysis]:
    if is_odcs(document.source.file, document.data):
        from contractkit.odcs.contracts import analyze_odcs

        return analyze_odcs(document, base_dir, expressions=expressions)
    return [analyze_document(document, base_dir, expressions=expressions)]
