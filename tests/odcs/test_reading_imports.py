"""What reading ODCS files loads, and what it must not (docs/performance.md, "ODCS pairs"):
`diff` on valid ODCS files loads neither the `jsonschema` package (only a refused document
needs its messages) nor the ODCS writer, and `diff` on contractkit's own YAML loads nothing of
ODCS at all. Run in a fresh interpreter, since this process has imported everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ODCS_PAIR = [
    str(ROOT / "benchmarks" / "fixtures" / "silver_orders.odcs.yaml"),
    str(ROOT / "benchmarks" / "fixtures" / "silver_orders_next.odcs.yaml"),
]
YAML_PAIR = [
    str(ROOT / "contracts" / "silver_orders.yaml"),
    str(ROOT / "benchmarks" / "fixtures" / "silver_orders_next.yaml"),
]
_PROBE = """
import sys
from contractkit.cli import main
try:
    main(["diff", *sys.argv[1:]], standalone_mode=False)
except SystemExit:
    pass
watched = ("jsonschema", "jsonschema_rs", "contractkit.odcs", "contractkit.odcs.writer")
print("LOADED", sorted(m for m in watched if m in sys.modules))
"""


def _loaded(files: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *files], capture_output=True, text=True, check=False
    )
    assert "LOADED" in done.stdout, done.stdout + done.stderr
    return done.stdout.split("LOADED", 1)[1].strip()


def test_diff_on_valid_odcs_files_loads_no_jsonschema_and_no_writer() -> None:
    assert _loaded(ODCS_PAIR) == "['contractkit.odcs', 'jsonschema_rs']"


def test_diff_on_contractkit_yaml_loads_nothing_of_odcs() -> None:
    assert _loaded(YAML_PAIR) == "[]"


def test_an_invalid_odcs_file_still_gets_jsonschema_messages(tmp_path: Path) -> None:
    broken = tmp_path / "broken.odcs.yaml"
    text = (ROOT / "benchmarks" / "fixtures" / "silver_orders.odcs.yaml").read_text("utf-8")
    broken.write_text(text.replace("kind: DataContract", "kind: DataContract\nnotAKey: 1"))
    done = subprocess.run(
        [sys.executable, "-m", "contractkit", "lint", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "notAKey" in done.stdout
