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
# A page, or `page#Section` for the blocks under one `## Section` only (the README's
# sections on pytest and check need Spark and data: tests/spark/test_readme_check.py).
PAGES = [
    "docs/graph.md",
    "docs/odcs.md",
    "docs/export.md",
    "docs/cli.md",
    "README.md#Lint contracts",
    "README.md#Catch breaking changes before merge",
    "README.md#Generate code for producers",
    "README.md#See how pipelines depend on each other",
    "README.md#Exchange contracts with other tools",
    "docs/diff.md#Governance: classification and personal data",
    "docs/diff.md#Dataset checks, composite keys and references",
]
# Sections whose sessions write files: they run in a scratch copy of the checkout, each
# session after the ones before it on the page (an import reads what the export wrote).
WRITING = {"README.md#Generate code for producers", "README.md#Exchange contracts with other tools"}
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _text(page: str) -> str:
    name, _, section = page.partition("#")
    text = (ROOT / name).read_text(encoding="utf-8")
    if not section:
        return text
    body = text.split(f"\n## {section}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def _sessions() -> list[tuple[str, int, str, str]]:
    found = []
    for page in PAGES:
        number = 0
        for block in _BLOCK.findall(_text(page)):
            assert block.startswith("$ contractkit "), f"{page}: {block[:60]!r}"
            # A block may hold several sessions, each starting at its `$ ` line.
            for session in re.split(r"^(?=\$ contractkit )", block, flags=re.MULTILINE):
                if session:
                    command, _, expected = session.partition("\n")
                    found.append((page, number, command[2:], expected))
                    number += 1
    return found


SESSIONS = _sessions()


def _run(command: str) -> str:
    result = CliRunner().invoke(main, shlex.split(command)[1:], prog_name="contractkit")
    return result.output


def _scratch(base: Path) -> Path:
    """A checkout to write into: the repository's entries linked, `../shared` beside it."""
    checkout = base / "checkout"
    checkout.mkdir()
    for entry in ROOT.iterdir():
        if not entry.name.startswith("."):
            (checkout / entry.name).symlink_to(entry)
    if (ROOT.parent / "shared").is_dir():
        (base / "shared").symlink_to(ROOT.parent / "shared")
    return checkout


@pytest.mark.parametrize(("page", "number", "command", "expected"), SESSIONS)
def test_console_session_prints_what_the_page_shows(
    page: str,
    number: int,
    command: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if "../shared/" in command and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    if page not in WRITING:
        monkeypatch.chdir(ROOT)
        assert _run(command) == expected, f"{page}: {command}"
        return
    monkeypatch.chdir(_scratch(tmp_path))
    for earlier_page, earlier, earlier_command, _ in SESSIONS:
        if earlier_page == page and earlier < number:
            _run(earlier_command)
    assert _run(command) == expected, f"{page}: {command}"
