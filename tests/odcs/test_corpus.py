"""Real-world ODCS files: every file valid for the version it declares imports, object by
object; lints with no errors; and round-trips (ODCS -> contract -> ODCS -> contract) to the
same contract, so what a round trip loses is exactly what the first import reported. Any other
exception (a traceback) fails.

The corpus is ../shared/odcs-examples (the Bitol repository's main and dev branches; skipped
where absent) and every folder named in CONTRACTKIT_ODCS_CORPUS (os.pathsep-separated; none
when unset). docs/odcs.md lists the public repositories this was run over and the counts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from contractkit.contract_files import analyze_contracts, is_odcs
from contractkit.odcs import OdcsError, export_contract, import_document, parse_odcs, read_odcs

ROOT = Path(__file__).resolve().parents[2]
_SHARED = ROOT.parent / "shared" / "odcs-examples"
_REFUSALS = {"odcs-no-dataset"}
"""Findings that say a valid document has nothing to check (no dataset, or a schema that lives
elsewhere): a refusal with the reason, not a failure."""


def _roots() -> list[Path]:
    roots = [_SHARED / "bitol-main", _SHARED / "bitol-dev"]
    extra = os.environ.get("CONTRACTKIT_ODCS_CORPUS", "")
    roots += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return [r for r in roots if r.is_dir()]


def _odcs_files() -> list[Path]:
    found = []
    for root in _roots():
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".yaml", ".yml") or not path.is_file():
                continue
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(data, dict) and is_odcs(path.name, data) and "apiVersion" in data:
                found.append(path)
    return found


FILES = _odcs_files()


def _valid_document(path: Path) -> dict[str, object]:
    try:
        return parse_odcs(path.read_bytes(), str(path))
    except OdcsError as exc:
        pytest.skip(f"not valid for its declared version: {exc.summary}")


@pytest.mark.parametrize("path", FILES, ids=[str(p) for p in FILES])
def test_valid_file_imports_lints_and_round_trips(path: Path) -> None:
    document = _valid_document(path)
    analyses = analyze_contracts(path)
    errors = [d for a in analyses for d in a.diagnostics if d.is_error and d.code not in _REFUSALS]
    assert errors == [], [f"{d.location()}: {d.message}" for d in errors]
    objects = [o for o in document.get("schema") or [] if isinstance(o, dict)]  # type: ignore[union-attr]
    imported_names = {a.contract.name for a in analyses if a.contract is not None}
    for obj in objects:
        if not obj.get("properties"):
            continue
        first = import_document(document, str(path), object_name=str(obj["name"]))
        assert first.contract.name in imported_names
        exported = export_contract(first.contract)
        again = read_odcs(exported.text, "re-exported.odcs.yaml")
        assert again.contract.model_dump(by_alias=True) == first.contract.model_dump(
            by_alias=True
        ), f"object {obj['name']!r} changed in the round trip"
        assert again.report == (), again.report
