"""The example GitHub Actions workflow runs the commands it claims, with flags that exist."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from contractkit.cli import main

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "github-actions" / "contract-diff.yml"


def test_workflow_diffs_against_the_base_branch_and_posts_markdown() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["diff"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    scripts = "\n".join(s.get("run", "") for s in steps)
    assert 'contractkit diff contracts/ --against "origin/${{ github.base_ref }}"' in scripts
    assert "--format markdown > contract-diff.md" in scripts
    assert "gh pr comment" in scripts
    assert "contractkit lint contracts/ --format github" in scripts


def test_the_flags_it_uses_exist() -> None:
    runner = CliRunner()
    for command in (["diff", "--help"], ["lint", "--help"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0
    diff_help = runner.invoke(main, ["diff", "--help"]).output
    assert "--against" in diff_help
    assert "markdown" in diff_help
