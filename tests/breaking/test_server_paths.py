"""Local server paths are compared where they point, not as written."""

from __future__ import annotations

from pathlib import Path

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
