"""Rendering of `contractkit lint` results as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from contractkit.diagnostics import Diagnostic
from contractkit.loader import Analysis


def render_text(analyses: Sequence[Analysis], *, color: bool = False) -> str:
    """Compiler-style lines with the offending source line and a caret under the column."""
    out: list[str] = []
    sources: dict[str, list[str]] = {}
    for analysis in analyses:
        for diagnostic in analysis.diagnostics:
            out.append(_headline(diagnostic, color))
            excerpt = _excerpt(diagnostic, sources)
            if excerpt:
                out.extend(excerpt)
            if diagnostic.hint:
                out.append(f"  = hint: {diagnostic.hint}")
    out.append(_summary(analyses))
    return "\n".join(out)


def _headline(diagnostic: Diagnostic, color: bool) -> str:
    label = diagnostic.severity.value
    if color:
        code = "31" if diagnostic.is_error else "33"
        label = f"\x1b[1;{code}m{label}\x1b[0m"
    return f"{diagnostic.location()}: {label}: {diagnostic.message} [{diagnostic.code}]"


def _excerpt(diagnostic: Diagnostic, cache: dict[str, list[str]]) -> list[str]:
    if diagnostic.file not in cache:
        try:
            with open(diagnostic.file, encoding="utf-8", errors="replace") as handle:
                cache[diagnostic.file] = handle.read(1 << 20).splitlines()
        except OSError:
            cache[diagnostic.file] = []
    lines = cache[diagnostic.file]
    if not 0 < diagnostic.line <= len(lines):
        return []
    text = lines[diagnostic.line - 1].replace("\t", " ")
    if len(text) > 160 or "\x00" in text:
        return []
    gutter = str(diagnostic.line)
    pad = " " * len(gutter)
    caret = " " * max(diagnostic.column - 1, 0) + "^"
    return [f"  {gutter} | {text}", f"  {pad} | {caret}"]


def _summary(analyses: Sequence[Analysis]) -> str:
    valid = sum(1 for a in analyses if a.ok)
    errors = sum(1 for a in analyses for d in a.diagnostics if d.is_error)
    warnings = sum(1 for a in analyses for d in a.diagnostics if not d.is_error)
    files = len(analyses)
    noun = "contract" if files == 1 else "contracts"
    parts = [f"{files} {noun} checked: {valid} valid, {files - valid} invalid"]
    parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) + "."


def render_json(analyses: Sequence[Analysis]) -> str:
    contracts = []
    for analysis in analyses:
        contract = analysis.contract
        contracts.append(
            {
                "file": analysis.file,
                "name": contract.name if contract else None,
                "version": contract.version if contract else None,
                "valid": analysis.ok,
                "diagnostics": [d.to_dict() for d in analysis.diagnostics],
            }
        )
    summary = {
        "contracts": len(analyses),
        "valid": sum(1 for a in analyses if a.ok),
        "errors": sum(1 for a in analyses for d in a.diagnostics if d.is_error),
        "warnings": sum(1 for a in analyses for d in a.diagnostics if not d.is_error),
    }
    return json.dumps({"contracts": contracts, "summary": summary}, indent=2)


def render_github(analyses: Sequence[Analysis]) -> str:
    """GitHub Actions workflow commands: one annotation per finding, shown on the PR diff."""
    lines = []
    for analysis in analyses:
        for d in analysis.diagnostics:
            kind = "error" if d.is_error else "warning"
            message = d.message + (f"\n{d.hint}" if d.hint else "")
            lines.append(
                f"::{kind} file={_prop(d.file)},line={d.line},col={d.column},"
                f"title={_prop(f'contractkit {d.code}')}::{_data(message)}"
            )
    lines.append(_summary(analyses))
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
