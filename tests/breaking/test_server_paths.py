"""Local server paths are the same place when they read the same as written (identical
contracts in two folders) or resolve to the same folder (a contract file moved with its
path adjusted); a move is only when both differ."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from contractkit.breaking import diff_contracts
from contractkit.loader import load

CONTRACT = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - name: id
      type: string
changelog:
  - version: "1.0.0"
servers:
  - server: local
    type: local
    path: {path}
    format: parquet
"""


def test_moving_the_contract_file_is_not_moving_the_data(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    old = tmp_path / "a" / "orders.yaml"
    new = tmp_path / "b" / "deeper" / "orders.yaml"
    old.write_text(CONTRACT.format(path="../data/orders"))
    new.write_text(CONTRACT.format(path="../../data/orders"))
    assert diff_contracts(load(old), load(new)).findings == ()


def test_pointing_at_other_data_is_a_move(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(CONTRACT.format(path="data/orders"))
    new.write_text(CONTRACT.format(path="data/orders_v2"))
    (finding,) = diff_contracts(load(old), load(new)).findings
    assert (finding.rule, finding.severity.value) == ("SERVER_NO_DELETE", "breaking")


def _installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["contractkit", "diff", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


needs_command = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="needs the installed contractkit command"
)


@needs_command
@pytest.mark.parametrize("written", ["./data/orders", "data/orders", "../shared/orders"])
def test_identical_contracts_in_two_folders_compare_paths_as_written(
    tmp_path: Path, written: str
) -> None:
    for folder in ("old", "new"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "orders.yaml").write_text(CONTRACT.format(path=written))
    folders = _installed("old", "new", cwd=tmp_path)
    assert folders.returncode == 0, folders.stdout + folders.stderr
    assert folders.stdout.strip() == "orders 1.0.0 -> 1.0.0: no changes."
    files = _installed("old/orders.yaml", "new/orders.yaml", cwd=tmp_path)
    assert files.returncode == 0, files.stdout + files.stderr
    assert "SERVER_NO_DELETE" not in files.stdout


def test_the_same_path_spelled_another_way_is_the_same_place(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(CONTRACT.format(path="./data/orders"))
    new.write_text(CONTRACT.format(path="data/orders/"))
    assert diff_contracts(load(old), load(new)).findings == ()


def test_moving_the_contract_file_alone_still_moves_a_relative_path_elsewhere(
    tmp_path: Path,
) -> None:
    """As written and as resolved both differ: another folder, so another dataset."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = tmp_path / "a" / "orders.yaml"
    new = tmp_path / "b" / "orders.yaml"
    old.write_text(CONTRACT.format(path="data/orders"))
    new.write_text(CONTRACT.format(path="data/orders_v2"))
    (finding,) = diff_contracts(load(old), load(new)).findings
    assert finding.rule == "SERVER_NO_DELETE"
