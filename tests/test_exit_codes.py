"""One exit-code contract for every command (docs/cli.md), through the installed command.

0 the job was done and found nothing; 1 it was done and found something; 2 it could not be
done. Each row runs `contractkit` in a fresh process and also checks that a failure is told
in `error:` lines or a report, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDERS = ROOT / "contracts" / "silver_orders.yaml"
INVALID = "contract: {name: x}\n"
CONSUMED = """\
contract: {name: %s, version: "1.0.0", owner: o, producer_pipeline: %s}
schema:
  fields:
    - {name: id, type: string}
consumers:
  - {pipeline: %s}
changelog: [{version: "1.0.0"}]
"""

pytestmark = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="contractkit is not installed"
)


def _setup(tmp: Path) -> None:
    (tmp / "ok").mkdir()
    shutil.copy(ORDERS, tmp / "ok" / "silver_orders.yaml")
    (tmp / "bad").mkdir()
    (tmp / "bad" / "x.yaml").write_text(INVALID)
    (tmp / "cycle").mkdir()
    (tmp / "cycle" / "a.yaml").write_text(CONSUMED % ("a", "p1", "p2"))
    (tmp / "cycle" / "b.yaml").write_text(CONSUMED % ("b", "p2", "p1"))
    text = ORDERS.read_text()
    (tmp / "dropped.yaml").write_text(text.replace("type: decimal(18,2)", "type: string", 1))
    (tmp / "a_file").write_text("not a directory\n")
    (tmp / "schema.yaml").write_text("$schema: https://json-schema.org/draft/2020-12/schema\n")
    (tmp / "gen").mkdir()
    exported = subprocess.run(
        ["contractkit", "export", "odcs", str(ORDERS)], capture_output=True, text=True, check=True
    )
    (tmp / "orders.odcs.yaml").write_text(exported.stdout)
    (tmp / "bad.odcs.yaml").write_text("apiVersion: v3.1.0\nkind: DataModel\n")


TOO_LONG = "n" * 300

CASES = [
    # command line (relative to the temporary folder)            exit  says
    ("lint ok", 0, ""),
    ("lint bad", 1, "is missing the required key"),
    ("lint no/such/dir", 2, "does not exist"),
    ("diff ok/silver_orders.yaml ok/silver_orders.yaml", 0, ""),
    ("diff ok/silver_orders.yaml dropped.yaml", 1, "amount"),
    ("diff ok/silver_orders.yaml bad/x.yaml", 2, "error: cannot compare invalid contracts"),
    ("diff ok/silver_orders.yaml", 2, "give OLD and NEW"),
    ("generate ok --out gen", 0, "written"),
    ("generate ok --out gen --check", 1, "out of date"),
    ("generate bad --out gen", 2, "Nothing generated"),
    ("generate ok --out a_file", 2, "error: --out a_file is a file; give the directory"),
    (f"generate ok --out {TOO_LONG}", 2, "error: cannot access"),
    ("graph ok", 0, "silver_orders"),
    ("graph cycle", 1, "error: dependency cycle"),
    ("graph bad", 2, "No graph"),
    ("export odcs ok/silver_orders.yaml", 0, "apiVersion"),
    ("export jsonschema bad/x.yaml", 2, "Nothing exported"),
    ("export markdown ok/silver_orders.yaml --out a_file/x.md", 2, "a file of that name exists"),
    (f"export html ok/silver_orders.yaml --out {TOO_LONG}.html", 2, "File name too long"),
    ("import odcs orders.odcs.yaml", 0, "imported object"),
    ("import odcs bad.odcs.yaml", 2, "is not valid ODCS"),
    ("import odcs orders.odcs.yaml --schema schema.yaml", 2, "--schema is not JSON"),
    ("report nohistory", 2, "no results history at 'nohistory'"),
    ("report nohistory --contracts bad", 2, "is missing the required key"),
    ("rules", 0, "FIELD_NO_DELETE"),
    ("schema", 0, "$schema"),
    ("check bad/x.yaml --path data", 2, "Nothing checked"),
    ("check ok/silver_orders.yaml --server nope", 2, "has no server 'nope'"),
    ("check ok/silver_orders.yaml --option header", 2, "must look like KEY=VALUE"),
    ("check ok/silver_orders.yaml --spark-master bogus://x --path p", 2, "not a Spark master"),
    ("infer --path data", 2, "--path needs --format"),
    ("nope", 2, "No such command"),
]


@pytest.mark.parametrize(("command", "code", "says"), CASES, ids=[c[0] for c in CASES])
def test_every_command_keeps_the_exit_code_contract(
    tmp_path: Path, command: str, code: int, says: str
) -> None:
    _setup(tmp_path)
    if command.endswith("--check"):  # out of date: generated before, then one removed
        subprocess.run(["contractkit", "generate", "ok", "--out", "gen"], cwd=tmp_path, check=True)
        next((tmp_path / "gen").glob("*silver*")).unlink()
    run = subprocess.run(
        ["contractkit", *command.split()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = run.stdout + run.stderr
    assert run.returncode == code, output
    assert says in output
    assert "Traceback" not in output
    if not run.stderr.startswith("Usage:"):  # click's usage errors aside, one `error:` form
        assert "Error:" not in run.stderr, run.stderr
    if code == 2 and command.split()[0] in ("generate", "export"):
        assert not list(tmp_path.glob("*.partial"))
        assert not (tmp_path / "gen" / "x.py").exists()
