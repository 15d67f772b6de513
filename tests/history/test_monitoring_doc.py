"""docs/monitoring.md's console sessions are real: each is run again, in a copy of the
repository's contracts and fixture (the commands write a history), and must print what
the page shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "monitoring.md"
FIXTURE = "tests/history/fixtures/dlt_event_log.jsonl"


def test_the_walk_through_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    (tmp_path / FIXTURE).parent.mkdir(parents=True)
    shutil.copy(ROOT / FIXTURE, tmp_path / FIXTURE)
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:  # in order: the report reads what the import wrote
        command, _, expected = block.partition("\n")
        assert command.startswith("$ contractkit ")
        result = CliRunner().invoke(main, shlex.split(command)[2:], prog_name="contractkit")
        assert result.output == expected, command
    page = (tmp_path / "site" / "health.html").read_text()
    assert '<section id="bronze_customers" class="contract failing">' in page
    assert '<li class="consumer-failing">customer-silver-pipeline' in page
    assert 'href="../contracts/bronze_customers.yaml#L' in page
