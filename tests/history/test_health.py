"""The health page and its JSON, from generated histories of contracts we write here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import contractkit
from contractkit.cli import main
from contractkit.history.store import append
from contractkit.report import health
from tests.history.generated import daily_runs, write_contracts

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)


@pytest.fixture(scope="module")
def big_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """50 contracts x 90 daily runs, as `check --record` would have written them."""
    root = tmp_path_factory.mktemp("health")
    names = write_contracts(root / "contracts", 50)
    runs = daily_runs(names, 90)
    for day in range(90):  # a day's 50 runs per file keeps the fixture fast; same rows
        append(
            str(root / "history"), [row for run in runs[day * 50 : day * 50 + 50] for row in run]
        )
    return root / "contracts", root / "history"


def test_fifty_contracts_over_ninety_days_stay_under_one_megabyte(
    big_history: tuple[Path, Path], tmp_path: Path
) -> None:
    contracts, history = big_history
    out = tmp_path / "health.html"
    result = CliRunner().invoke(
        main, ["report", str(history), "--contracts", str(contracts), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert len(page.encode()) < 1_000_000, len(page.encode())
    assert page.count('<section id="dataset_') == 50
    assert page.count('<svg class="trend"') == 50 * 4  # every check but the schema's
    assert "http://" not in page.replace("http://www.w3.org", "")  # nothing to fetch
    assert "https://" not in page


def test_json_gives_the_page_as_data(big_history: tuple[Path, Path]) -> None:
    contracts, history = big_history
    result = CliRunner().invoke(
        main, ["report", str(history), "--contracts", str(contracts), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["runs"] == 50 * 90
    first = data["contracts"][0]
    assert (first["name"], first["version"], first["owner"], first["producer"]) == (
        "dataset_00",
        "1.0.0",
        "team-0@example.com",
        "producer-0",
    )
    positive = next(c for c in first["checks"] if c["check"] == "positive_amounts")
    assert len(positive["trend"]) == 90
    assert positive["trend"][-1]["time"] > positive["trend"][0]["time"]


def _rows(**changes: object) -> list[contractkit.history.ResultRecord]:
    from dataclasses import replace

    from tests.history.generated import daily_runs as runs

    rows = runs(["dataset_00"], 1)[0]
    return [replace(r, **{"ok": True, **changes.get(r.check, {})}) for r in rows]  # type: ignore[dict-item]


def test_failing_consumers_are_those_whose_uses_the_failing_check_reads(tmp_path: Path) -> None:
    write_contracts(tmp_path, 1)
    contract = contractkit.load(tmp_path / "dataset_00.yaml")
    rows = _rows(
        positive_amounts={"ok": False, "failed": 300, "pass_rate": 0.97},
        freshness={"ok": True, "freshness_age_s": 60.0},
        known_country={"ok": True},
    )
    data = health.build(rows, {contract.name: contract}, out_dir=str(tmp_path))
    consumers = {c["pipeline"]: c for c in data["contracts"][0]["consumers"]}
    # positive_amounts reads `amount`: finance uses it, marketing does not, archive reads all
    assert {name: c["failing"] for name, c in consumers.items()} == {
        "finance-0": True,
        "marketing-0": False,
        "archive-0": True,
    }
    assert consumers["finance-0"]["failing_checks"] == ["positive_amounts"]
    page = health.render_html(data)
    assert '<li class="consumer-failing">finance-0 &lt;finance-0@example.com&gt;' in page
    assert '<li class="consumer">marketing-0' in page


def test_each_failure_links_to_its_line_in_the_contract(tmp_path: Path) -> None:
    write_contracts(tmp_path / "contracts", 1)
    contract = contractkit.load(tmp_path / "contracts" / "dataset_00.yaml")
    rows = _rows(positive_amounts={"ok": False}, freshness={"ok": False})
    data = health.build(rows, {contract.name: contract}, out_dir=str(tmp_path / "site"))
    checks = {c["check"]: c for c in data["contracts"][0]["checks"]}
    lines = (tmp_path / "contracts" / "dataset_00.yaml").read_text().splitlines()
    assert "positive_amounts" in lines[checks["positive_amounts"]["line"] - 1]
    assert "freshness" in lines[checks["freshness"]["line"] - 1]
    assert "nullable: false" in lines[checks["id_not_null"]["line"] - 1]
    link = checks["positive_amounts"]["link"]
    assert link == f"../contracts/dataset_00.yaml#L{checks['positive_amounts']['line']}"
    based = health.build(rows, {contract.name: contract}, link_base="https://git.example/r/")
    assert based["contracts"][0]["checks"][1]["link"].startswith("https://git.example/r/")


def test_a_contract_without_runs_and_runs_without_a_contract_both_show(tmp_path: Path) -> None:
    write_contracts(tmp_path, 2)
    declared = {"dataset_01": contractkit.load(tmp_path / "dataset_01.yaml")}
    data = health.build(_rows(), declared)
    status = {c["name"]: (c["status"], c["owner"]) for c in data["contracts"]}
    assert status == {"dataset_00": ("ok", None), "dataset_01": ("no runs", "team-1@example.com")}
    assert "no runs" in health.render_html(data)


def test_report_of_a_missing_history_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no results history at" in result.output
    assert result.exc_info is None or result.exc_info[0] is SystemExit


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_the_installed_command_writes_the_page(
    big_history: tuple[Path, Path], tmp_path: Path
) -> None:
    contracts, history = big_history
    out = tmp_path / "site" / "health.html"
    run = subprocess.run(
        ["contractkit", "report", str(history), "--contracts", str(contracts), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert run.returncode == 0, run.stderr
    assert re.search(r"wrote .*health.html: 50 contracts, 4500 runs, \d+ failing", run.stderr)
    assert out.is_file()
