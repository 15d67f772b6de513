"""`contractkit diff` and `lint` on dataset checks, composite keys, references and warn
levels, through the installed command (what CI and a pull request run)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "dataset_quality"

pytestmark = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="needs the installed command"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["contractkit", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_diff_reports_every_new_construct_with_its_consumers() -> None:
    result = _run("diff", "orders.yaml", "changed/orders.yaml", "--format", "json", cwd=HERE)
    assert result.returncode == 1, result.stdout + result.stderr
    changes = {
        (c["rule"], c["path"]): (c["severity"], c["consumers"])
        for c in json.loads(result.stdout)["changes"]
    }
    assert changes == {
        ("REFERENCE_NO_CHANGE", "customer_id"): ("breaking", ["crm-sync"]),
        ("WARN_LEVEL_CHANGED", "positive_amounts"): ("info", []),
        ("DATASET_CHECK_NO_LOOSEN", "dataset.enough_rows"): (
            "breaking",
            ["gold-revenue", "crm-sync"],
        ),
        ("DATASET_CHECK_ACTION_NO_WEAKEN", "dataset.sane_average"): ("breaking", ["gold-revenue"]),
        ("UNIQUE_KEY_THRESHOLD_NO_DECREASE", "one_line_per_order"): ("breaking", ["gold-revenue"]),
        ("WARN_LEVEL_CHANGED", "sla.freshness"): ("info", []),
        ("DATASET_CHECK_CONSUMER_UNMET", "consumers.gold-revenue.dataset.full_day"): (
            "breaking",
            ["gold-revenue"],
        ),
    }


def test_the_reverse_change_breaks_only_backward(tmp_path: Path) -> None:
    """Going back tightens every promise: nothing breaks forward (the mode of the file), the
    producer-risk findings are warnings; in backward mode they break."""
    old = (HERE / "changed" / "orders.yaml").read_text(encoding="utf-8")
    new = (HERE / "orders.yaml").read_text(encoding="utf-8").replace('"1.0.0"', '"1.2.0"', 1)
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    forward = _run("diff", "old.yaml", "new.yaml", "--format", "json", cwd=tmp_path)
    assert not json.loads(forward.stdout)["breaking"], forward.stdout
    backward = _run(
        "diff", "old.yaml", "new.yaml", "--mode", "backward", "--format", "json", cwd=tmp_path
    )
    breaking = {
        c["rule"] for c in json.loads(backward.stdout)["changes"] if c["severity"] == "breaking"
    }
    assert breaking == {
        "REFERENCE_ADDED",
        "DATASET_CHECK_TIGHTENED",
        "UNIQUE_KEY_THRESHOLD_INCREASED",
    }


def test_lint_places_a_row_level_dataset_check(tmp_path: Path) -> None:
    text = (HERE / "orders.yaml").read_text(encoding="utf-8")
    bad = text.replace('expression: "avg(amount) < 500"', 'expression: "amount < 500"')
    (tmp_path / "orders.yaml").write_text(bad, encoding="utf-8")
    # Its referenced contract is not beside it, a warning here (reference-target-missing).
    result = _run("lint", "orders.yaml", "--ignore", "reference-target-missing", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "orders.yaml:30:20: error: dataset check 'sane_average': column 'amount' is read "
        "outside an aggregate"
    ), result.stdout
    assert "[invalid-dataset-expression]" in result.stdout.splitlines()[0]
