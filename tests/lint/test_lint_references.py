"""`references` between contracts, linted across every file lint is given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main

CUSTOMERS = """\
contract: {name: silver_customers, version: "1.0.0", owner: t@example.com}
schema:
  fields:
    - {name: customer_id, type: string}
    - {name: region_id, type: int}
changelog: [{version: "1.0.0", date: 2025-01-15, changes: [first]}]
"""


def _orders(references: str, type_: str = "string", comment: str = "") -> str:
    return f"""\
contract: {{name: orders, version: "1.0.0", owner: t@example.com}}
schema:
  fields:
    - name: customer_id
      type: {type_}
      references: {references}{comment}
changelog: [{{version: "1.0.0", date: 2025-01-15, changes: [first]}}]
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "customers.yaml").write_text(CUSTOMERS, encoding="utf-8")
    return tmp_path


def _lint(*paths: Path) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", *map(str, paths)])
    report = json.loads(result.output)
    found = [
        (Path(d["file"]).name, d["code"], d["line"], d["message"])
        for c in report["contracts"]
        for d in c["diagnostics"]
    ]
    return result.exit_code, found


def test_a_reference_resolved_across_files_is_clean(folder: Path) -> None:
    (folder / "orders.yaml").write_text(_orders("silver_customers.customer_id"))
    assert _lint(folder) == (0, [])


def test_a_target_not_among_the_files_is_a_warning(folder: Path) -> None:
    orders = folder / "orders.yaml"
    orders.write_text(_orders("silver_customers.customer_id"))
    code, found = _lint(orders)
    assert code == 0
    assert [(f, c, line) for f, c, line, _ in found] == [
        ("orders.yaml", "reference-target-missing", 6)
    ]
    assert "'silver_customers' is not among the contracts linted" in found[0][3]


def test_an_unknown_field_in_another_file(folder: Path) -> None:
    (folder / "orders.yaml").write_text(_orders("silver_customers.customer"))
    code, found = _lint(folder)
    assert code == 1
    assert [(f, c) for f, c, _, _ in found] == [("orders.yaml", "reference-unknown-field")]
    assert "did you mean 'customer_id'?" in found[0][3]


def test_types_of_one_family_are_compatible_others_not(folder: Path) -> None:
    (folder / "orders.yaml").write_text(_orders("silver_customers.region_id", "bigint"))
    assert _lint(folder) == (0, [])
    (folder / "orders.yaml").write_text(_orders("silver_customers.customer_id", "bigint"))
    code, found = _lint(folder)
    assert code == 1
    assert [(c, line) for _, c, line, _ in found] == [("reference-type", 6)]
    assert "(bigint) references 'silver_customers.customer_id' (string)" in found[0][3]


def test_inline_ignores_apply_and_unused_ones_are_reported(folder: Path) -> None:
    orders = folder / "orders.yaml"
    silenced = "  # contractkit: ignore[reference-target-missing]"
    orders.write_text(_orders("silver_customers.customer_id", comment=silenced))
    assert _lint(orders) == (0, [])
    code, found = _lint(orders, folder / "customers.yaml")
    assert code == 0
    assert [(c, line) for _, c, line, _ in found] == [("unused-ignore", 6)]


def test_the_installed_command(folder: Path) -> None:
    """The console script, as CI runs it: a reference across two files, one of them wrong."""
    (folder / "orders.yaml").write_text(_orders("silver_customers.nope"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "contractkit", "lint", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "orders.yaml:6:19: error: field 'customer_id' references" in done.stdout
    assert "[reference-unknown-field]" in done.stdout
