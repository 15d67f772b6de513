"""`contractkit generate`: one Python module per contract, for producer pipelines to import.

`plan` decides what the output directory must hold (pure), `compare` tells how the directory
differs from it, and `apply` makes it so. An output directory belongs to contractkit: files in
it that carry the generated header but no longer come from any of the contracts are stale
and removed (or, with `--check`, reported); files without the header are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from contractkit.codegen.python_module import (
    HEADER_PREFIX,
    module_name,
    relative_source,
    render_module,
    render_package,
)
from contractkit.codegen.style import Style, configured_style
from contractkit.errors import GenerateError
from contractkit.model import Contract

__all__ = [
    "Difference",
    "GenerateError",
    "OutputFile",
    "apply",
    "compare",
    "plan",
    "render_module",
]

PACKAGE_INIT = "__init__.py"


@dataclass(frozen=True)
class OutputFile:
    """A file the output directory must hold: its name in the directory and its text."""

    name: str
    text: str
    contract_file: str | None = None


@dataclass(frozen=True)
class Difference:
    kind: Literal["missing", "stale", "extra"]
    name: str
    contract_file: str | None = None

    def describe(self, out_dir: str) -> str:
        path = os.path.join(out_dir, self.name)
        if self.kind == "missing":
            return f"missing: {path} (from {self.contract_file})"
        if self.kind == "stale":
            return f"stale: {path} (differs from what {self.contract_file or 'contractkit'} gives)"
        return f"extra: {path} (generated, but no contract gives it any more)"


def plan(
    contracts: Sequence[Contract], out_dir: str, style: Style | None = None
) -> list[OutputFile]:
    """The modules for `contracts` and the package `__init__.py`, sorted by file name.

    `style` defaults to what the project's ruff (or black) configuration asks for in `out_dir`.
    """
    if style is None:
        style = configured_style(out_dir)
    files: list[OutputFile] = []
    taken: dict[str, Contract] = {}
    known = {c.name: c for c in contracts}
    sources = {c.name: relative_source(c.source_file, out_dir) for c in contracts}
    for contract in sorted(contracts, key=lambda c: c.name):
        module = module_name(contract.name)
        other = taken.get(module.lower())
        if other is not None:
            raise GenerateError(
                f"contracts {other.name!r} ({other.source_file}) and {contract.name!r} "
                f"({contract.source_file}) would both be generated as {module}.py; "
                "rename one of them"
            )
        taken[module.lower()] = contract
        text = render_module(contract, sources[contract.name], style, known, sources)
        files.append(OutputFile(f"{module}.py", text, contract.source_file))
    modules = [(c.name, module_name(c.name)) for c in sorted(contracts, key=lambda c: c.name)]
    files.append(OutputFile(PACKAGE_INIT, render_package(modules, style)))
    return sorted(files, key=lambda f: f.name)


def compare(files: Sequence[OutputFile], out_dir: str) -> list[Difference]:
    """How `out_dir` differs from `files`: missing, stale, and extra generated modules."""
    differences: list[Difference] = []
    wanted = {f.name for f in files}
    for file in files:
        current = _read(os.path.join(out_dir, file.name))
        if current is None:
            differences.append(Difference("missing", file.name, file.contract_file))
        elif current != file.text:
            differences.append(Difference("stale", file.name, file.contract_file))
    differences += [Difference("extra", name) for name in _generated_files(out_dir) - wanted]
    return sorted(differences, key=lambda d: d.name)


def apply(files: Sequence[OutputFile], out_dir: str) -> list[Difference]:
    """Write what is missing or stale and remove extra generated modules; returns what changed."""
    differences = compare(files, out_dir)
    os.makedirs(out_dir, exist_ok=True)
    texts = {f.name: f.text for f in files}
    for difference in differences:
        path = os.path.join(out_dir, difference.name)
        if difference.kind == "extra":
            os.remove(path)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(texts[difference.name])
    return differences


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        return ""  # not ours as it stands: stale


def _generated_files(out_dir: str) -> set[str]:
    """The *.py files in `out_dir` that carry contractkit's generated header."""
    try:
        names = os.listdir(out_dir)
    except (FileNotFoundError, NotADirectoryError):
        return set()
    found = set()
    for name in names:
        path = os.path.join(out_dir, name)
        if not name.endswith(".py") or not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                first = handle.readline()
        except OSError:
            continue
        if first.startswith(HEADER_PREFIX):
            found.add(name)
    return found
