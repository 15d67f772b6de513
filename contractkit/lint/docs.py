"""docs/lint/ and `contractkit lint --explain`, both rendered from the registry.

Regenerate with `python -m contractkit.lint.docs docs/lint`; a test fails when the
committed pages differ from what this renders.
"""

from __future__ import annotations

import os
import sys
import textwrap

from contractkit.lint.codes import CODES, FAMILIES, LintCode
from contractkit.lint.selection import silenceable


def _silencing(code: LintCode) -> str:
    if not silenceable(code):
        return "This code cannot be ignored: until it is fixed there is no contract to check."
    return (
        f"Silence it on one line with `# contractkit: ignore[{code.id}]`, or everywhere with "
        f'`--ignore {code.id}` or `ignore = ["{code.id}"]` under `[tool.contractkit.lint]`.'
    )


def explain(code: LintCode) -> str:
    """What `contractkit lint --explain CODE` prints, wrapped for a terminal."""
    lines = [
        f"{code.id} ({code.severity.value}, {FAMILIES[code.family].lower()})",
        "",
        textwrap.fill(code.summary, _WIDTH),
        "",
        textwrap.fill(f"Fix: {code.fix}", _WIDTH, subsequent_indent="     "),
    ]
    if code.example:
        lines += ["", "Example:", *(f"  {line}" for line in code.example.splitlines())]
    lines += ["", textwrap.fill(_silencing(code), _WIDTH)]
    return "\n".join(lines)


_WIDTH = 88


def render_code(code: LintCode) -> str:
    example = ["```yaml", code.example, "```"] if code.example else ["(an empty file)"]
    return "\n".join(
        [
            f"# {code.id}",
            "",
            code.summary,
            "",
            f"**Severity:** {code.severity.value}. **Family:** {FAMILIES[code.family]}.",
            "",
            "## Example",
            "",
            *example,
            "",
            "## How to fix it",
            "",
            code.fix,
            "",
            "## Silencing it",
            "",
            _silencing(code),
            "",
        ]
    )


def render_index() -> str:
    lines = [
        "# Lint codes",
        "",
        "Generated from `contractkit.lint.codes`; `contractkit lint --explain CODE` prints "
        "the same. Every finding of `contractkit lint` names one of these codes in brackets.",
        "",
        "Choose what is reported with `--select` / `--ignore` (comma-separated codes) or the "
        "same keys under `[tool.contractkit.lint]` in pyproject.toml; the command line "
        "replaces the pyproject list of the same name. A comment "
        "`# contractkit: ignore[CODE]` silences that code on its own line, and is reported "
        "as `unused-ignore` when it silences nothing (unless it lists `unused-ignore` "
        "itself). Codes of the first two families cannot be silenced: until they are fixed "
        "there is no contract to check.",
        "",
        "A structural error does not hide the rest of the file: the entry that holds it (a "
        "field, an expectation, a consumer...) is left out, or else the optional key, and "
        "the semantic checks run on what remains. A field left out stays known by name, so "
        "expressions and `uses` that name it are not reported as unknown. When the error "
        "sits where nothing can be left out (the `contract:` header, `schema:`), only the "
        "structural errors are reported.",
    ]
    for family, title in FAMILIES.items():
        members = [code for code in CODES if code.family == family]
        if not members:
            continue
        lines += ["", f"## {title}", "", "| Code | Severity | Summary |", "| --- | --- | --- |"]
        for code in members:
            lines.append(f"| [{code.id}]({code.id}.md) | {code.severity.value} | {code.summary} |")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name -> content of every page of docs/lint/."""
    result = {"README.md": render_index()}
    result.update({f"{code.id}.md": render_code(code) for code in CODES})
    return result


def write(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name, text in pages().items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else "docs/lint")
