"""YAML file -> Contract, or every problem in the file, each located to line and column.

`analyze` is the one path every entry point takes (the API's `load`, `contractkit lint`,
the pytest plugin): read safely, validate the structure with the model, then run the
semantic checks. It never raises for a bad contract; `load` turns errors into
`ContractLoadError`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from contractkit.diagnostics import Diagnostic, sort_diagnostics
from contractkit.errors import ContractLoadError
from contractkit.gcpause import gc_paused
from contractkit.lint import codes
from contractkit.lint.check import check_contract
from contractkit.model import Contract
from contractkit.yamlsource import Path, SourceMap, YamlDocument, parse_yaml, read_file


@dataclass(frozen=True)
class Analysis:
    """The outcome of reading one contract: the model when it could be built, and findings."""

    file: str
    contract: Contract | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.contract is not None and not any(d.is_error for d in self.diagnostics)


def load(path: str | os.PathLike[str]) -> Contract:
    """Load and check a contract file; raise ContractLoadError listing every error."""
    return _require(analyze_file(path))


def load_string(text: str, file: str = "<string>") -> Contract:
    """Load and check a contract from YAML text; `file` names it in error messages."""
    return _require(analyze_text(text, file))


def analyze_file(
    path: str | os.PathLike[str], display_name: str | None = None, *, expressions: bool = True
) -> Analysis:
    """Read one file; `expressions=False` skips parsing expectations (see check_contract)."""
    name = display_name or os.fspath(path)
    with gc_paused():
        try:
            document = read_file(os.fspath(path), name)
        except ContractLoadError as exc:
            return Analysis(name, None, exc.diagnostics)
        return _analyze(document, os.path.dirname(os.path.abspath(path)), expressions)


def analyze_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    expressions: bool = True,
    base_dir: str | None = None,
) -> Analysis:
    """Read YAML text; `base_dir` is where its relative server paths start, if anywhere."""
    with gc_paused():
        try:
            document = parse_yaml(text, file)
        except ContractLoadError as exc:
            return Analysis(file, None, exc.diagnostics)
        return _analyze(document, base_dir, expressions)


def analyze_document(
    document: YamlDocument, base_dir: str | None = None, *, expressions: bool = True
) -> Analysis:
    """Check YAML already parsed (contractkit.contract_files reads ODCS files through this)."""
    with gc_paused():
        return _analyze(document, base_dir, expressions)


def _require(analysis: Analysis) -> Contract:
    if not analysis.ok or analysis.contract is None:
        raise ContractLoadError([d for d in analysis.diagnostics if d.is_error])
    return analysis.contract


def _analyze(document: YamlDocument, base_dir: str | None, expressions: bool = True) -> Analysis:
    from contractkit.lint.selection import apply_inline

    source = document.source
    contract: Contract | None = None
    try:
        valid = Contract.from_source(document.data, source, base_dir)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [_diagnostic(error, source) for error in errors]
        findings = problems + _salvaged_findings(document, errors, base_dir, expressions)
    else:
        contract = valid
        findings = _checked(
            lambda: check_contract(valid, source, base_dir, expressions), source.file
        )
    # References between contracts are checked across files, with their own inline ignores
    # (contractkit.contract_files.check_references_across): not "unused" here.
    unchecked = _REFERENCE_CODES if expressions else _EXPRESSION_CODES | _REFERENCE_CODES
    findings = apply_inline(findings, document.text, source.file, unchecked)
    return Analysis(source.file, contract, tuple(sort_diagnostics(findings)))


# What `expressions=False` leaves unchecked: an inline ignore of them is not "unused" then.
_EXPRESSION_CODES = frozenset({codes.INVALID_EXPRESSION.id, codes.THRESHOLD_IGNORED.id})
_REFERENCE_CODES = frozenset(
    {
        codes.REFERENCE_TARGET_MISSING.id,
        codes.REFERENCE_TYPE.id,
        codes.REFERENCE_UNKNOWN_FIELD.id,
    }
)


def _salvaged_findings(
    document: YamlDocument, errors: list[Any], base_dir: str | None, expressions: bool
) -> list[Diagnostic]:
    """The semantic findings in the parts of an invalid file that did validate."""
    from contractkit.lint.salvage import salvage

    def run() -> list[Diagnostic]:
        rest = salvage(document.data, errors, document.source)
        if rest is None:
            return []
        return check_contract(
            rest.contract,
            rest.source,
            base_dir,
            expressions,
            unresolved=rest.unresolved,
            partial=rest.dropped_sections,
        )

    return _checked(run, document.source.file)


def _checked(run: Callable[[], list[Diagnostic]], file: str) -> list[Diagnostic]:
    try:
        return run()
    except Exception as exc:  # a bug in a check must not hide the other findings
        if os.environ.get("CONTRACTKIT_DEBUG"):
            raise
        return [
            Diagnostic(
                file,
                1,
                1,
                codes.INTERNAL_ERROR.severity,
                codes.INTERNAL_ERROR.id,
                f"contractkit failed while checking this contract: {type(exc).__name__}: {exc}",
                "please report this; rerun with CONTRACTKIT_DEBUG=1 to see the traceback",
            )
        ]


def _diagnostic(error: Any, source: SourceMap) -> Diagnostic:
    """One pydantic error, rewritten for a person and placed where it belongs in the file."""
    loc: Path = tuple(part for part in error["loc"] if isinstance(part, str | int))
    kind: str = error["type"]
    value = error.get("input")
    where = _describe(loc)
    hint: str | None = None
    if kind == "missing":
        parent, key = loc[:-1], loc[-1]
        position = source.key(parent)
        message = f"{_describe(parent) or 'the contract'} is missing the required key {key!r}"
        hint = f"add `{key}:`"
    elif kind == "extra_forbidden":
        position = source.key(loc)
        key = str(loc[-1])
        message = f"unknown key {key!r} in {_describe(loc[:-1]) or 'the contract'}"
        suggestion = _suggest(key, _known_keys(loc[:-1]))
        hint = f"did you mean {suggestion!r}?" if suggestion else "remove it or check the spelling"
    else:
        position = source.value(loc)
        message, hint = _explain(kind, error, value, where)
    code = _CODES.get(kind, codes.INVALID_VALUE)
    return Diagnostic(
        source.file, position.line, position.column, code.severity, code.id, message, hint
    )


_CODES = {
    "missing": codes.MISSING_KEY,
    "extra_forbidden": codes.UNKNOWN_KEY,
    "string_type": codes.WRONG_KIND,
    "bool_type": codes.WRONG_KIND,
    "bool_parsing": codes.WRONG_KIND,
    "list_type": codes.WRONG_KIND,
    "model_type": codes.WRONG_KIND,
    "model_attributes_type": codes.WRONG_KIND,
    "dict_type": codes.WRONG_KIND,
    "literal_error": codes.NOT_ALLOWED,
}


def _explain(kind: str, error: Any, value: object, where: str) -> tuple[str, str | None]:
    shown = _show(value)
    subject = where or "the contract"
    if kind == "string_type":
        hint = "put it in quotes" if isinstance(value, int | float | bool) else None
        return f"{subject} must be text, got {shown}", hint
    if kind in {"bool_type", "bool_parsing"}:
        return f"{subject} must be true or false, got {shown}", None
    if kind == "list_type":
        return f"{subject} must be a list, got {shown}", "write each item on its own `- ` line"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{subject} must be a mapping of keys to values, got {shown}", None
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{subject} is {shown}, but must be one of {expected}", None
    if kind == "string_pattern_mismatch":
        return (
            f"{subject} {shown} is not a valid name",
            "use ASCII letters, digits, '_', '-' or '.', starting with an ASCII letter or '_'",
        )
    if kind in {"too_short", "string_too_short"}:
        return f"{subject} must not be empty", None
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        text = str(cause) if cause is not None else error.get("msg", "")
        return text, None
    if kind in {"int_type", "int_parsing", "float_type", "float_parsing", "decimal_parsing"}:
        return f"{subject} must be a number, got {shown}", None
    return f"{subject}: {error.get('msg', 'invalid value')} (got {shown})", None


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(loc: Path) -> str:
    """`('schema', 'fields', 0, 'nullable')` -> `schema.fields[0].nullable`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _known_keys(loc: Path) -> list[str]:
    from contractkit.lint.salvage import model_at

    model = model_at(loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _suggest(word: str, options: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        lowered = {option.lower(): option for option in options}
        return lowered.get(word.lower())
    return matches[0]
