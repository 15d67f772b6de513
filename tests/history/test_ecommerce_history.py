"""The e-commerce example records its clean and its defective run and draws the page."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.spark
pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def test_both_variants_are_recorded_and_the_page_names_the_failing_consumers(
    spark: Any, tmp_path: Path
) -> None:
    from examples.ecommerce.monitoring import record_run, render
    from examples.ecommerce.run import build

    history = tmp_path / "history"
    build(spark, defects=False, now=NOW)
    record_run(spark, history, now=NOW + dt.timedelta(minutes=1))
    build(spark, defects=True, now=NOW)
    record_run(spark, history, now=NOW + dt.timedelta(minutes=1))
    data = render(history, tmp_path / "health.html")

    assert data["runs"] == 2
    contracts = {c["name"]: c for c in data["contracts"]}
    # The defective data trips a composite key, a dataset check and a reference, and two
    # warn levels; a warning alone would leave its contract "warning", not "failing".
    assert {name: c["status"] for name, c in contracts.items()} == {
        "bronze_customers": "ok",
        "bronze_orders": "failing",
        "gold_sales_metrics": "failing",
        "silver_customers": "failing",
        "silver_orders": "failing",
    }
    levels = {
        (name, c["check"]): (c["kind"], c["level"])
        for name, entry in contracts.items()
        for c in entry["checks"]
        if c["level"] != "ok"
    }
    assert levels == {
        ("bronze_orders", "amount_not_negative"): ("expectation", "warn"),
        ("bronze_orders", "one_row_per_order_event"): ("unique_key", "fail"),
        ("gold_sales_metrics", "unknown_country_share"): ("dataset", "fail"),
        ("silver_customers", "freshness"): ("freshness", "fail"),
        ("silver_orders", "positive_amounts"): ("expectation", "fail"),
        ("silver_orders", "references(customer_id)"): ("reference", "fail"),
    }
    orders = contracts["silver_orders"]
    checks = {c["check"]: c for c in orders["checks"]}
    positive = checks["positive_amounts"]
    assert [p["ok"] for p in positive["trend"]] == [True, False]  # clean, then defective
    assert positive["failed"] == 10
    reference = checks["references(customer_id)"]
    assert (reference["failed"], reference["target"]) == (40, "silver_customers.customer_id")
    assert [p["level"] for p in reference["trend"]] == ["ok", "fail"]
    assert (checks["enough_orders"]["level"], checks["enough_orders"]["value"]) == ("ok", 1900.0)
    # both consumers of silver_orders use `amount`, which positive_amounts reads
    assert {c["pipeline"]: c["failing"] for c in orders["consumers"]} == {
        "gold-sales-pipeline": True,
        "gold-marketing-pipeline": True,
    }
    key = {c["check"]: c for c in contracts["bronze_orders"]["checks"]}
    assert (
        key["one_row_per_order_event"]["failed"],
        key["one_row_per_order_event"]["row_count"],
    ) == (
        40,
        2020,
    )
    warned = key["amount_not_negative"]
    assert (warned["failed"], warned["ok"], warned["warn_threshold"]) == (10, True, 0.999)
    gold = {c["check"]: c for c in contracts["gold_sales_metrics"]["checks"]}
    assert gold["unknown_country_share"]["value_text"] == "false"  # no side is a literal
    assert gold["has_sales"]["level"] == "ok"
    customers = contracts["silver_customers"]
    assert [c["check"] for c in customers["checks"] if not c["ok"]] == ["freshness"]
    assert all(c["failing"] for c in customers["consumers"])  # freshness touches every field
    page = (tmp_path / "health.html").read_text()
    assert '<section id="silver_orders" class="contract failing">' in page
    assert '<span class="badge warn">WARN</span>' in page  # amount_not_negative
    assert 'href="' in page

    # The same defective data through the installed command: `check --record` keeps the
    # reference (its target located through the contracts folder), and `report` reads it.
    root = Path(__file__).resolve().parents[2]
    cli = tmp_path / "cli-history"
    check = _run(
        "check",
        str(root / "contracts" / "silver_orders.yaml"),
        "--server",
        "local",
        "--record",
        str(cli),
    )
    assert check.returncode == 1, check.stdout + check.stderr
    # as many rows as the run above recorded for silver_orders
    assert f"recorded {len(orders['checks'])} result(s) to folder {cli}" in check.stderr
    report = _run("report", str(cli), "--contracts", str(root / "contracts"), "--format", "json")
    assert report.returncode == 0, report.stderr
    recorded = {c["name"]: c for c in json.loads(report.stdout)["contracts"]}["silver_orders"]
    assert recorded["status"] == "failing"
    assert {c["check"]: c["level"] for c in recorded["checks"] if c["level"] != "ok"} == {
        "positive_amounts": "fail",
        "references(customer_id)": "fail",
    }
    found = next(c for c in recorded["checks"] if c["check"] == "references(customer_id)")
    assert (found["failed"], found["error"]) == (40, None)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("contractkit")
    if command is None:
        pytest.skip("the contractkit command is not installed")
    return subprocess.run(
        [command, *args], capture_output=True, text=True, check=False, timeout=600
    )
