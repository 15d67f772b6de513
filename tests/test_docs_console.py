"""The console sessions in the docs are real: each `$ contractkit ...` block is run again and
must print what the page shows (stdout and stderr, as a terminal interleaves them)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
# A page, or `page#Section` for the blocks under one `## Section` only (the README's other
# sections write files or need a cluster).
PAGES = [
    "docs/graph.md",
    "docs/odcs.md",
    "docs/export.md",
    "docs/cli.md",
    "README.md#Lint contracts",
    "docs/diff.md#Governance: classification and personal data",
    "docs/diff.md#Dataset checks, composite keys and references",
]
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _text(page: str) -> str:
    name, _, section = page.partition("#")
    text = (ROOT / name).read_text(encoding="utf-8")
    if not section:
        return text
    body = text.split(f"\n## {section}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def _sessions() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        for block in _BLOCK.findall(_text(page)):
            command, _, expected = block.partition("\n")
            assert command.startswith("$ contractkit "), f"{page}: {command!r}"
            found.append((page, command[2:], expected))
    return found


@pytest.mark.parametrize(("page", "command", "expected"), _sessions())
def test_console_session_prints_what_the_page_shows(
    page: str, command: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "../shared/" in command and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command)[1:], prog_name="contractkit")
    assert result.output == expected, f"{page}: {command}"
