"""`contractkit diff`: inputs (files, directories, --against REF), formats, modes, exit codes
and `[tool.contractkit.diff]`, through click's CliRunner and the installed command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "contracts" / "silver_orders.yaml"

ORDERS = """\
contract:
  name: orders
  version: "{version}"
  owner: data@example.com
  producer_pipeline: orders-etl
  compatibility: {compatibility}
schema:
  fields:
    - name: order_id
      type: string
      nullable: false
    - name: amount
      type: {amount}
{extra}quality:
  expectations:
    - name: positive_amounts
      expression: amount > 0
      threshold: {threshold}
consumers:
  - pipeline: finance
    uses: [amount]
  - pipeline: crm
    uses: [order_id]
changelog:
  - version: "{version}"
"""


def orders(
    version: str = "1.0.0",
    amount: str = "decimal(18,2)",
    threshold: str = "99%",
    extra: str = "",
    compatibility: str = "forward",
) -> str:
    return ORDERS.format(
        version=version,
        amount=amount,
        threshold=threshold,
        extra=extra,
        compatibility=compatibility,
    )


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder without pyproject.toml, so the repository's own config is not read."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def widened(tmp_path: Path) -> tuple[str, str]:
    """amount widened from decimal(18,2) to decimal(20,2), with a major bump."""
    old = write(tmp_path / "old.yaml", orders())
    new = write(tmp_path / "new.yaml", orders(version="2.0.0", amount="decimal(20,2)"))
    return old, new


# -- two files ---------------------------------------------------------------------------------


def test_two_files_text_names_file_line_rule_and_consumers(widened: tuple[str, str]) -> None:
    old, new = widened
    result = run(old, new)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f'{new}:13: breaking FIELD_SAME_TYPE Field "amount" widened from decimal(18,2) to '
        "decimal(20,2)."
    )
    assert lines[1] == "    consumers: finance"
    assert lines[2] == (
        "orders 1.0.0 -> 2.0.0 (mode forward): 1 breaking; requires a major bump, got major: ok."
    )


def test_a_breaking_change_without_a_major_bump_exits_1(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", orders())
    new = write(tmp_path / "new.yaml", orders(version="1.1.0", amount="decimal(20,2)"))
    result = run(old, new)
    assert result.exit_code == 1
    assert "policy violated" in result.stdout
    assert "need a major bump (at least 2.0.0)" in result.stdout


def test_identical_files_exit_0(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", orders())
    result = run(old, old)
    assert result.exit_code == 0
    assert result.stdout.strip() == "orders 1.0.0 -> 1.0.0: no changes."


def test_the_repository_contracts_against_themselves() -> None:
    result = run(str(ROOT / "contracts"), str(ROOT / "contracts"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert all(line.endswith(": no changes.") for line in lines)


# -- formats -----------------------------------------------------------------------------------


def test_json_shape(widened: tuple[str, str]) -> None:
    old, new = widened
    result = run("--format", "json", old, new)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"breaking", "required_bump", "version", "changes", "contracts"}
    assert report["breaking"] is True
    assert report["required_bump"] == "major"
    assert report["version"] == {
        "old": "1.0.0",
        "new": "2.0.0",
        "required_bump": "major",
        "actual_bump": "major",
        "ok": True,
        "problems": [],
        "warnings": [],
    }
    assert report["changes"] == [
        {
            "contract": "orders",
            "rule": "FIELD_SAME_TYPE",
            "severity": "breaking",
            "path": "amount",
            "file": new,
            "line": 13,
            "message": 'Field "amount" widened from decimal(18,2) to decimal(20,2).',
            "old": "decimal(18,2)",
            "new": "decimal(20,2)",
            "consumers": ["finance"],
        }
    ]
    [contract] = report["contracts"]
    assert contract["name"] == "orders"
    assert contract["mode"] == "forward"
    assert contract["changes"] == report["changes"]
    assert contract["ignored"] == []


def test_markdown_is_a_pr_comment_with_a_summary_table(widened: tuple[str, str]) -> None:
    result = run("--format", "markdown", *widened)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("## contractkit diff: ✅ within policy")
    assert "| `orders` | 1.0.0 -> 2.0.0 | forward | 1 | 0 | major | ✅ |" in text
    assert "| 🔴 breaking | `FIELD_SAME_TYPE` | `amount` (line 13) |" in text


def test_github_annotations(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", orders())
    new = write(tmp_path / "new.yaml", orders(amount="decimal(20,2)", threshold="99.9%"))
    result = run("--format", "github", old, new)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f'::error file={new},line=13,title=FIELD_SAME_TYPE (breaking)::Field "amount" widened '
        "from decimal(18,2) to decimal(20,2).%0AAffects: finance"
    )
    assert lines[1].startswith(f"::warning file={new},line=")
    assert "title=THRESHOLD_INCREASED (warning)::" in lines[1]
    assert lines[2].startswith(f"::error file={new},line=3,title=contract version::")


# -- modes and --fail-on -----------------------------------------------------------------------


def test_mode_override(widened: tuple[str, str]) -> None:
    """A widening breaks forward only: in backward mode it is informational."""
    result = run("--mode", "backward", "--format", "json", *widened)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["breaking"] is False
    assert report["required_bump"] == "patch"
    assert report["contracts"][0]["mode"] == "backward"
    assert [c["severity"] for c in report["changes"]] == ["info"]


def test_the_new_contracts_own_mode_is_the_default(tmp_path: Path) -> None:
    """A NOT NULL field added breaks backward only: the contract's `compatibility` decides."""
    extra = "    - name: channel\n      type: string\n      nullable: false\n"
    old = write(tmp_path / "old.yaml", orders(compatibility="backward"))
    new = write(tmp_path / "new.yaml", orders("1.1.0", compatibility="backward", extra=extra))
    own = run("--format", "json", old, new)
    assert own.exit_code == 1
    assert json.loads(own.stdout)["changes"][0]["severity"] == "breaking"
    forward = run("--mode", "forward", "--format", "json", old, new)
    assert forward.exit_code == 0
    assert json.loads(forward.stdout)["changes"][0]["severity"] == "info"


def test_fail_on(tmp_path: Path, widened: tuple[str, str]) -> None:
    assert run(*widened).exit_code == 0
    assert run("--fail-on", "breaking", *widened).exit_code == 1
    old = write(tmp_path / "t_old.yaml", orders())
    raised = write(tmp_path / "t_new.yaml", orders(version="1.0.1", threshold="99.9%"))
    assert run(old, raised).exit_code == 0  # a producer risk: warning, patch bump made
    assert run("--fail-on", "breaking", old, raised).exit_code == 0
    assert run("--fail-on", "warning", old, raised).exit_code == 1


# -- directories -------------------------------------------------------------------------------


def test_directories_match_contracts_by_name(tmp_path: Path) -> None:
    write(tmp_path / "old" / "orders.yaml", orders())
    shutil.copy(SEED, tmp_path / "old" / "silver_orders.yaml")
    write(tmp_path / "new" / "sub" / "orders_v1.yaml", orders())  # found by name, not path
    write(tmp_path / "new" / "returns.yaml", orders().replace("name: orders", "name: returns"))
    result = run("--format", "json", str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [c["name"] for c in report["contracts"]] == ["orders", "returns", "silver_orders"]
    assert [(c["rule"], c["severity"], c["path"]) for c in report["changes"]] == [
        ("CONTRACT_ADDED", "info", "returns"),
        ("CONTRACT_NO_DELETE", "breaking", "silver_orders"),
    ]
    deleted = report["changes"][1]
    assert deleted["consumers"] == ["gold-sales-pipeline", "gold-marketing-pipeline"]
    assert report["version"] == {"old": None, "new": None, "ok": False}
    text = run(str(tmp_path / "old"), str(tmp_path / "new")).stdout
    assert 'breaking CONTRACT_NO_DELETE Contract "silver_orders" was deleted.' in text
    assert 'info CONTRACT_ADDED Contract "returns" was added at version 1.0.0.' in text


def test_a_contract_added_to_a_directory_is_within_policy(tmp_path: Path) -> None:
    write(tmp_path / "old" / "orders.yaml", orders())
    write(tmp_path / "new" / "orders.yaml", orders())
    write(tmp_path / "new" / "returns.yaml", orders().replace("name: orders", "name: returns"))
    result = run(str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    assert "CONTRACT_ADDED" in result.stdout


def test_a_deleted_contract_is_informational_in_mode_none(tmp_path: Path) -> None:
    write(tmp_path / "old" / "orders.yaml", orders())
    (tmp_path / "new").mkdir()
    result = run("--mode", "none", str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    assert "info CONTRACT_NO_DELETE" in result.stdout


# -- exit 2: usage and input errors -----------------------------------------------------------


def test_an_invalid_contract_exits_2_with_its_diagnostics_on_stderr(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", orders())
    bad = write(tmp_path / "bad.yaml", orders(amount="decimel(18,2)"))
    result = run(old, bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:13:13: error: unknown type" in result.stderr
    assert "cannot compare invalid contracts" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give OLD and NEW"),
        (("old.yaml",), "give OLD and NEW"),
        (("old.yaml", "missing.yaml"), "'missing.yaml' does not exist"),
        (("old.yaml", "."), "both be files or both be directories"),
        (("--mode", "sideways", "old.yaml", "old.yaml"), "Invalid value for '--mode'"),
        (("--format", "xml", "old.yaml", "old.yaml"), "Invalid value for '--format'"),
    ],
    ids=["nothing", "one-path", "missing-file", "file-and-directory", "bad-mode", "bad-format"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    write(tmp_path / "old.yaml", orders())
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_two_files_defining_one_contract_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "old" / "a.yaml", orders())
    write(tmp_path / "new" / "a.yaml", orders())
    write(tmp_path / "new" / "b.yaml", orders())
    result = run(str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.exit_code == 2
    assert "two files define contract 'orders'" in result.stderr


# -- [tool.contractkit.diff] -------------------------------------------------------------------


def _pyproject(tmp_path: Path, table: str) -> None:
    write(tmp_path / "pyproject.toml", f"[project]\nname = 'x'\n\n[tool.contractkit.diff]\n{table}")


def test_config_mode(tmp_path: Path, widened: tuple[str, str]) -> None:
    _pyproject(tmp_path, 'mode = "backward"\n')
    report = json.loads(run("--format", "json", *widened).stdout)
    assert report["contracts"][0]["mode"] == "backward"
    assert report["changes"][0]["severity"] == "info"
    override = json.loads(run("--mode", "full", "--format", "json", *widened).stdout)
    assert override["contracts"][0]["mode"] == "full"


def test_config_is_found_from_a_subfolder(
    tmp_path: Path, widened: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path, 'mode = "none"\n')
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    report = json.loads(run("--format", "json", *widened).stdout)
    assert report["contracts"][0]["mode"] == "none"


def test_config_disable(tmp_path: Path) -> None:
    _pyproject(tmp_path, 'disable = ["THRESHOLD_INCREASED"]\n')
    old = write(tmp_path / "old.yaml", orders())
    new = write(tmp_path / "new.yaml", orders(version="1.0.1", amount="bigint", threshold="99.9%"))
    report = json.loads(run("--format", "json", old, new).stdout)
    assert [c["rule"] for c in report["changes"]] == ["FIELD_SAME_TYPE"]


def test_config_ignore_with_reason(tmp_path: Path) -> None:
    _pyproject(
        tmp_path,
        "ignore = [\n"
        '  {contract = "orders", rule = "FIELD_SAME_TYPE", path = "amount", '
        'reason = "finance reads it as a string"},\n'
        "]\n",
    )
    old = write(tmp_path / "old.yaml", orders())
    new = write(tmp_path / "new.yaml", orders(version="1.0.1", amount="decimal(20,2)"))
    result = run("--format", "json", old, new)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changes"] == []
    assert report["breaking"] is False
    [ignored] = report["contracts"][0]["ignored"]
    assert ignored["rule"] == "FIELD_SAME_TYPE"
    assert ignored["reason"] == "finance reads it as a string"
    text = run(old, new).stdout
    assert "ignored FIELD_SAME_TYPE" in text
    assert "(reason: finance reads it as a string)" in text


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('mode = "sideways"\n', "mode = 'sideways'; use one of forward, backward, full, none"),
        ('disable = ["NO_SUCH_RULE"]\n', "disable names unknown rule 'NO_SUCH_RULE'"),
        ('ignore = [{rule = "FIELD_SAME_TYPE"}]\n', 'ignore[0] needs a reason = "..."'),
        ('ignore = [{rule = "NOPE", reason = "x"}]\n', "ignore[0] names unknown rule 'NOPE'"),
        ('modes = "forward"\n', "has unknown keys ['modes']"),
        ("mode = \n", "cannot read it"),
    ],
    ids=[
        "bad-mode",
        "unknown-disabled-rule",
        "ignore-without-reason",
        "ignore-unknown-rule",
        "unknown-key",
        "not-toml",
    ],
)
def test_malformed_config_exits_2(
    tmp_path: Path, widened: tuple[str, str], table: str, message: str
) -> None:
    _pyproject(tmp_path, table)
    result = run(*widened)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(tmp_path / "pyproject.toml") in result.stderr


def test_explicit_config_file(tmp_path: Path, widened: tuple[str, str]) -> None:
    config = write(tmp_path / "cfg" / "pyproject.toml", '[tool.contractkit.diff]\nmode = "none"\n')
    report = json.loads(run("--config", config, "--format", "json", *widened).stdout)
    assert report["contracts"][0]["mode"] == "none"


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="needs the installed command")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("length(code) <= 14", "length(code) <= 20"),
        ("size(tags) <= 3", "size(tags) <= 9"),
        ("abs(amount) <= 14", "abs(amount) <= 20"),
    ],
)
def test_a_loosened_bound_on_a_function_of_a_column_breaks(
    tmp_path: Path, old: str, new: str
) -> None:
    extra = "    - name: code\n      type: string\n    - name: tags\n      type: array<string>\n"
    text = orders(extra=extra).replace("expression: amount > 0", f"expression: {old}")
    write(tmp_path / "old.yaml", text)
    write(tmp_path / "new.yaml", text.replace(old, new))
    result = subprocess.run(
        ["contractkit", "diff", "old.yaml", "new.yaml", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["rule"], change["severity"]) == ("EXPRESSION_NO_LOOSEN", "breaking")
    assert change["message"] == f'Expectation "positive_amounts" was loosened: {old} -> {new}.'


# -- --against REF, with the installed command in a real git repository -----------------------

needs_git = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("contractkit") is None,
    reason="needs git and the installed contractkit command",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def contractkit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["contractkit", "diff", *args], cwd=repo, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two committed contracts under contracts/."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(root / "contracts" / "orders.yaml", orders())
    write(root / "contracts" / "returns.yaml", orders().replace("name: orders", "name: returns"))
    git(root, "add", "contracts")
    git(root, "commit", "-q", "-m", "contracts")
    return root


@needs_git
def test_against_a_ref_compares_with_the_committed_version(repo: Path) -> None:
    write(repo / "contracts" / "orders.yaml", orders(amount="decimal(20,2)"))
    result = contractkit(repo, "--against", "HEAD", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(c["rule"], c["path"], c["file"]) for c in report["changes"]] == [
        ("FIELD_SAME_TYPE", "amount", "contracts/orders.yaml")
    ]
    orders_report = report["contracts"][0]
    assert orders_report["version"]["problems"] == [
        "The contract changed but its version is still 1.0.0; it needs at least a major bump."
    ]
    git(repo, "commit", "-q", "-am", "widen amount")
    clean = contractkit(repo, "--against", "HEAD")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no changes" in clean.stdout


@needs_git
def test_against_a_ref_reports_a_deleted_contract(repo: Path) -> None:
    (repo / "contracts" / "returns.yaml").unlink()
    result = contractkit(repo, "--against", "HEAD")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "orders 1.0.0 -> 1.0.0: no changes.",
        "HEAD:contracts/returns.yaml:1: breaking CONTRACT_NO_DELETE "
        'Contract "returns" was deleted.',
        "    consumers: finance, crm",
    ]
    only_orders = contractkit(repo, "contracts/orders.yaml", "--against", "HEAD")
    assert only_orders.returncode == 0, only_orders.stdout


@needs_git
def test_against_an_invalid_base_judges_the_new_version_alone(repo: Path) -> None:
    write(repo / "contracts" / "orders.yaml", orders(amount="decimel(18,2)"))
    git(repo, "commit", "-q", "-am", "a typo lands on main")
    write(repo / "contracts" / "orders.yaml", orders(version="1.0.1"))  # the fix
    result = contractkit(repo, "--against", "HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "orders 1.0.1: not compared."
    assert lines[1].startswith(
        "  warning: HEAD:contracts/orders.yaml is not a valid contract (1 error; first: "
        "HEAD:contracts/orders.yaml:13:13: unknown type"
    )
    assert "judged by its new version alone" in lines[1]
    assert "returns 1.0.0 -> 1.0.0: no changes." in lines
    report = json.loads(contractkit(repo, "--against", "HEAD", "--format", "json").stdout)
    (skipped,) = [c for c in report["contracts"] if c["name"] == "orders"]
    assert skipped["changes"] == []
    assert "not a valid contract" in skipped["version"]["warnings"][0]
    github = contractkit(repo, "--against", "HEAD", "--format", "github").stdout
    assert "::warning file=contracts/orders.yaml,line=1,title=base version not compared::" in (
        github
    )
    broken_now = write(repo / "contracts" / "orders.yaml", orders(amount="decimel(18,2)"))
    assert contractkit(repo, "--against", "HEAD", broken_now).returncode == 2  # new side: fixed


@needs_git
def test_against_an_invalid_base_that_moved_or_went_is_not_compared(repo: Path) -> None:
    write(repo / "contracts" / "orders.yaml", orders(amount="decimel(18,2)"))
    write(repo / "contracts" / "returns.yaml", "contract: [not, a, mapping]\n")
    git(repo, "commit", "-q", "-am", "two broken contracts land on main")
    git(repo, "mv", "contracts/orders.yaml", "contracts/sales_orders.yaml")
    write(repo / "contracts" / "sales_orders.yaml", orders())
    git(repo, "rm", "-q", "contracts/returns.yaml")
    result = contractkit(repo, "--against", "HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "HEAD:contracts/returns.yaml: not compared."
    assert lines[1].startswith("  warning: HEAD:contracts/returns.yaml is not a valid contract")
    assert lines[2] == "orders 1.0.0: not compared."
    assert lines[3].startswith("  warning: HEAD:contracts/orders.yaml is not a valid contract")
    assert len(lines) == 4


@needs_git
def test_against_follows_a_git_rename(repo: Path) -> None:
    git(repo, "mv", "contracts/orders.yaml", "contracts/sales_orders.yaml")
    moved = contractkit(repo, "--against", "HEAD", "contracts/sales_orders.yaml")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert moved.stdout.strip() == "orders 1.0.0 -> 1.0.0: no changes."
    everything = contractkit(repo, "--against", "HEAD")
    assert "CONTRACT_ADDED" not in everything.stdout
    assert "CONTRACT_NO_DELETE" not in everything.stdout
    # renamed file and renamed contract: paired by the file git followed
    text = orders().replace("name: orders", "name: sales_orders")
    write(repo / "contracts" / "sales_orders.yaml", text)
    git(repo, "add", "contracts")
    both = contractkit(repo, "--against", "HEAD", "contracts/sales_orders.yaml")
    assert both.returncode == 1, both.stdout
    assert "breaking CONTRACT_NO_RENAME" in both.stdout
    assert "CONTRACT_ADDED" not in both.stdout


@needs_git
def test_against_a_ref_that_is_not_fetched_exits_2_with_the_fix(repo: Path) -> None:
    result = contractkit(repo, "--against", "origin/main")
    assert result.returncode == 2
    assert "git ref 'origin/main' is not known here" in result.stderr
    assert "`git fetch origin main`" in result.stderr
    assert "fetch-depth: 0" in result.stderr


@needs_git
def test_against_outside_a_repository_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "plain" / "contracts" / "orders.yaml", orders())
    result = contractkit(tmp_path / "plain", "--against", "HEAD")
    assert result.returncode == 2
    assert "--against needs a git repository" in result.stderr


# -- no JVM ------------------------------------------------------------------------------------


def test_diff_never_imports_pyspark_pandas_or_py4j(widened: tuple[str, str]) -> None:
    probe = (
        "import sys\n"
        "from contractkit.cli import main\n"
        "assert main(['diff', '--format', 'json', *sys.argv[1:]], standalone_mode=False) == 0\n"
        "roots = {'pyspark', 'pandas', 'py4j'}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *widened], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "HEAVY []"
