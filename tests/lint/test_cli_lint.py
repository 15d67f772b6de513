"""`contractkit lint --explain`, --select / --ignore, [tool.contractkit.lint], inline ignores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.lint.codes import CODES, LintCode

CASES = Path(__file__).parent / "cases"

# Two findings: a warning (no changelog) and an error (min above max).
TWO = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - name: amount
      type: int
      min: 10
      max: 1
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _codes(*args: str) -> tuple[int, list[str]]:
    code, output = _run("lint", "--format", "json", *args)
    report = json.loads(output)
    return code, [d["code"] for c in report["contracts"] for d in c["diagnostics"]]


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml above, unless a test writes one
    path = tmp_path / "two.yaml"
    path.write_text(TWO, encoding="utf-8")
    return path


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.id)
def test_explain_every_code(code: LintCode) -> None:
    exit_code, output = _run("lint", "--explain", code.id)
    assert exit_code == 0
    assert output.startswith(f"{code.id} ({code.severity.value}, ")
    flat = " ".join(output.split())
    assert code.summary in flat
    assert f"Fix: {code.fix}" in flat


def test_explain_unknown_code_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["lint", "--explain", "bound-ordr"])
    assert result.exit_code == 2
    assert "unknown lint code 'bound-ordr'; did you mean 'bound-order'?" in result.output


def test_select_and_ignore(two: Path) -> None:
    assert _codes(str(two)) == (1, ["changelog-missing", "bound-order"])
    assert _codes("--select", "changelog-missing", str(two)) == (0, ["changelog-missing"])
    assert _codes("--ignore", "changelog-missing,bound-order", str(two)) == (0, [])
    assert _codes("--ignore", "bound-order", str(two)) == (0, ["changelog-missing"])


def test_structure_codes_cannot_be_ignored(two: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "--ignore", "unknown-key", str(two)])
    assert result.exit_code == 2
    assert "'unknown-key' cannot be ignored" in result.output


def test_unknown_code_in_select_is_a_usage_error(two: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "--select", "bound_order", str(two)])
    assert result.exit_code == 2
    assert "did you mean 'bound-order'?" in result.output


def test_pyproject_and_command_line_precedence(two: Path) -> None:
    (two.parent / "pyproject.toml").write_text(
        '[tool.contractkit.lint]\nignore = ["bound-order"]\n', encoding="utf-8"
    )
    assert _codes(str(two)) == (0, ["changelog-missing"])
    # The command line's --ignore replaces the pyproject's list.
    assert _codes("--ignore", "changelog-missing", str(two)) == (1, ["bound-order"])


def test_pyproject_errors_name_the_file(two: Path) -> None:
    (two.parent / "pyproject.toml").write_text(
        '[tool.contractkit.lint]\nselct = ["bound-order"]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["lint", str(two)])
    assert result.exit_code == 2
    assert "pyproject.toml: [tool.contractkit.lint] has unknown keys ['selct']" in result.output


def test_inline_ignore_silences_one_line_and_reports_unused_ones(two: Path) -> None:
    text = TWO.replace("      max: 1\n", "      max: 1  # contractkit: ignore[bound-order]\n")
    text = text.replace("type: int\n", "type: int  # contractkit: ignore[bound-type]\n")
    two.write_text(text, encoding="utf-8")
    code, output = _run("lint", str(two))
    assert code == 0, output
    assert "[bound-order]" not in output.replace("ignore[bound-order]", "")
    assert "`# contractkit: ignore[bound-type]` silences nothing on this line" in output
    assert f"{two}:9:18: warning:" in output  # at the comment


def test_inline_ignore_of_a_structural_error_does_not_hide_it(two: Path) -> None:
    two.write_text(TWO + "      nulable: true  # contractkit: ignore[unknown-key]\n", "utf-8")
    codes = _codes(str(two))[1]
    assert "unknown-key" in codes
    assert "unused-ignore" in codes


def test_installed_command_explains() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contractkit", "lint", "--explain", "unused-ignore"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("unused-ignore (warning, lint itself)")


def test_inline_ignore_of_an_unchecked_code_is_not_unused(tmp_path: Path) -> None:
    """`diff` and `graph` skip expressions: an ignore of them is not reported there."""
    from contractkit.loader import analyze_file

    path = tmp_path / "c.yaml"
    text = (CASES / "invalid-expression.yaml").read_text(encoding="utf-8")
    path.write_text(
        text.replace('"amout > 0"', '"amout > 0"  # contractkit: ignore[invalid-expression]'),
        encoding="utf-8",
    )
    assert "invalid-expression" not in [d.code for d in analyze_file(path).diagnostics]
    skipped = analyze_file(path, expressions=False).diagnostics
    assert "unused-ignore" not in [d.code for d in skipped]


def test_config_option_and_select_precedence(two: Path, tmp_path: Path) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text('[tool.contractkit.lint]\nselect = ["bound-order"]\n', encoding="utf-8")
    assert _codes("--config", str(config), str(two)) == (1, ["bound-order"])
    assert _codes("--config", str(config), "--select", "changelog-missing", str(two)) == (
        0,
        ["changelog-missing"],
    )


def test_an_ignore_that_lists_unused_ignore_is_kept_quietly(two: Path) -> None:
    text = TWO.replace(
        "type: int\n", "type: int  # contractkit: ignore[bound-type, unused-ignore]\n"
    )
    two.write_text(text, encoding="utf-8")
    assert _codes(str(two)) == (1, ["changelog-missing", "bound-order"])
