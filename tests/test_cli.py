"""The `contractkit` command: output formats, exit codes, and a light start-up."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main

MALFORMED = Path(__file__).parent / "malformed"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_lint_repository_contracts_is_clean(contracts_dir: Path) -> None:
    code, output = _run("lint", str(contracts_dir))
    assert code == 0, output
    assert output.strip().endswith("5 contracts checked: 5 valid, 0 invalid, 0 errors, 0 warnings.")


def test_lint_text_shows_location_source_line_caret_and_hint() -> None:
    code, output = _run("lint", str(MALFORMED / "01_unknown_key.yaml"))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == (
        f"{MALFORMED / '01_unknown_key.yaml'}:9:7: error: unknown key 'nulable' in "
        "schema.fields[0] [unknown-key]"
    )
    assert lines[1] == "  9 |     - nulable: false"
    assert lines[2] == "    |       ^"
    assert lines[3] == "  = hint: did you mean 'nullable'?"


def test_lint_json_lists_each_file(contracts_dir: Path) -> None:
    code, output = _run(
        "lint",
        "--format",
        "json",
        str(contracts_dir / "silver_orders.yaml"),
        str(MALFORMED / "03_bad_type.yaml"),
    )
    assert code == 1
    report = json.loads(output)
    # One warning: silver_orders references silver_customers, not among the files given.
    assert report["summary"] == {"contracts": 2, "valid": 1, "errors": 1, "warnings": 1}
    bad = next(c for c in report["contracts"] if not c["valid"])
    assert bad["diagnostics"] == [
        {
            "file": str(MALFORMED / "03_bad_type.yaml"),
            "line": 10,
            "column": 13,
            "severity": "error",
            "code": "invalid-value",
            "message": "unknown type 'strng'; did you mean 'string'?",
            "hint": None,
        }
    ]


def test_lint_github_annotations_escape_properly() -> None:
    code, output = _run("lint", "--format", "github", str(MALFORMED / "01_unknown_key.yaml"))
    assert code == 1
    first = output.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=9,col=7,title=contractkit unknown-key::" in first
    assert "%0Adid you mean 'nullable'?" in first


def test_warnings_pass_unless_strict(tmp_path: Path, contracts_dir: Path) -> None:
    text = (contracts_dir / "silver_orders.yaml").read_text()
    path = tmp_path / "c.yaml"
    path.write_text(text.replace('version: "2.0"\n  owner', 'version: "2.1"\n  owner'))
    assert _run("lint", str(path))[0] == 0
    code, output = _run("lint", "--strict", str(path))
    assert code == 1
    assert "changelog-missing" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run("lint", str(tmp_path / "missing.yaml"))[0] == 2
    assert _run("lint", str(tmp_path))[0] == 2  # a directory without contracts
    assert _run("lint", "--format", "xml", str(tmp_path))[0] == 2
    assert _run("no-such-command")[0] == 2


def test_schema_command_prints_the_committed_json_schema() -> None:
    code, output = _run("schema")
    assert code == 0
    schema = json.loads(output)
    assert schema["title"] == "contractkit data contract"
    assert "contract" in schema["properties"]


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_installed_command_runs_without_pyspark_or_pandas(contracts_dir: Path) -> None:
    """The console script lints the repository's contracts and never loads Spark or pandas."""
    result = subprocess.run(
        ["contractkit", "lint", str(contracts_dir)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = (
        "import sys\n"
        "from contractkit.cli import main\n"
        "assert main(['lint', sys.argv[1]], standalone_mode=False) == 0\n"
        "roots = {'pyspark', 'pandas', 'py4j'}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print('HEAVY', heavy)\n"
    )
    probe_run = subprocess.run(
        [sys.executable, "-c", probe, str(contracts_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe_run.returncode == 0, probe_run.stderr
    assert "HEAVY []" in probe_run.stdout
