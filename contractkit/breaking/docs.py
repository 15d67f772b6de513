"""docs/rules/ generated from the registry, so the docs can never disagree with the code.

Regenerate with `python -m contractkit.breaking.docs docs/rules`; a test fails when the
committed pages differ from what this renders.
"""

from __future__ import annotations

import os
import sys

from contractkit.breaking.registry import RULES
from contractkit.breaking.spec import RuleSpec

_MODES = ("forward", "backward", "full", "none")
_SCOPES = {
    "column": "those whose `uses` reads the field (or a struct holding it, or a subfield).",
    "expression": "those whose `uses` reads a column the expectation reads.",
    "contract": "every consumer: the change is not tied to columns.",
    "consumer": "the consumer whose own check the finding concerns, only it.",
}


def render_rule(spec: RuleSpec) -> str:
    modes = ", ".join(f"`{m}`" for m in spec.modes) or "none (never breaking)"
    return "\n".join(
        [
            f"# {spec.id}",
            "",
            spec.purpose,
            "",
            f"**Breaking in modes:** {modes}. In other modes the finding is a warning when it "
            "may fail the producer or needs review, and informational otherwise.",
            "",
            f"**Consumers named:** {_SCOPES[spec.scope]}",
            "",
            "## Why it breaks consumers",
            "",
            spec.why,
            "",
            "## Example",
            "",
            "```yaml",
            spec.example,
            "```",
            "",
            "## What to do instead",
            "",
            spec.instead,
            "",
        ]
    )


def render_index() -> str:
    lines = [
        "# Breaking-change rules",
        "",
        "Generated from `contractkit.breaking.registry`; `contractkit rules` prints the same "
        "list. A rule breaks in the modes marked; see [diff.md](../diff.md) for the modes.",
        "",
        "| Rule | " + " | ".join(_MODES) + " | Purpose |",
        "| --- | " + " | ".join("---" for _ in _MODES) + " | --- |",
    ]
    for spec in RULES:
        marks = " | ".join("✔" if mode in spec.modes else "" for mode in _MODES)
        lines.append(f"| [{spec.id}]({spec.id}.md) | {marks} | {spec.purpose} |")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name -> content of every page of docs/rules/."""
    result = {"README.md": render_index()}
    result.update({f"{spec.id}.md": render_rule(spec) for spec in RULES})
    return result


def write(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name, text in pages().items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
