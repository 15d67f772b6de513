"""YAML file -> Contract, or every problem in the file, each located to line and column.

`analyze` is the one path every entry point takes (the API's `load`, `contractkit lint`,
the pytest plugin): read safely, validate the structure with the model, then run the
semantic checks. It never raises for a bad contract; `load` turns errors into
`ContractLoadError`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from contractkit.diagnostics import Diagnostic, Severity, sort_diagnostics
from contractkit.errors import ContractLoadError
from contractkit.gcpause import gc_paused
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


def _require(analysis: Analysis) -> Contract:
    if not analysis.ok or analysis.contract is None:
        raise ContractLoadError([d for d in analysis.diagnostics if d.is_error])
    return analysis.contract


def _analyze(document: YamlDocument, base_dir: str | None, expressions: bool = True) -> Analysis:
    from contractkit.checks import check_contract

    source = document.source
    try:
        contract = Contract.from_source(document.data, source, base_dir)
    except ValidationError as exc:
        problems = [_diagnostic(error, source) for error in exc.errors(include_url=False)]
        return Analysis(source.file, None, tuple(sort_diagnostics(problems)))
    try:
        findings = check_contract(contract, source, base_dir, expressions)
    except Exception as exc:  # a bug in a check must not hide the other findings
        if os.environ.get("CONTRACTKIT_DEBUG"):
            raise
        findings = [
            Diagnostic(
                source.file,
                1,
                1,
                Severity.ERROR,
                "internal-error",
                f"contractkit failed while checking this contract: {type(exc).__name__}: {exc}",
                "please report this; rerun with CONTRACTKIT_DEBUG=1 to see the traceback",
            )
        ]
    return Analysis(source.file, contract, tuple(sort_diagnostics(findings)))


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
    return Diagnostic(
        source.file,
        position.line,
        position.column,
        Severity.ERROR,
        _CODES.get(kind, "invalid-value"),
        message,
        hint,
    )


_CODES = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "string_type": "wrong-kind",
    "bool_type": "wrong-kind",
    "bool_parsing": "wrong-kind",
    "list_type": "wrong-kind",
    "model_type": "wrong-kind",
    "model_attributes_type": "wrong-kind",
    "dict_type": "wrong-kind",
    "literal_error": "not-allowed",
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
            "use letters, digits, '_', '-' or '.', starting with a letter or '_'",
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
    model = _model_at(loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(loc: Path) -> type[BaseModel] | None:
    """Walk the model classes along `loc` to find which model a mapping belongs to."""
    model: type[BaseModel] | None = Contract
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        target = None
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                target = _model_of(info.annotation)
        model = target
    return model


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _suggest(word: str, options: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        lowered = {option.lower(): option for option in options}
        return lowered.get(word.lower())
    return matches[0]
