"""The e-commerce example records its clean and its defective run and draws the page."""

from __future__ import annotations

import datetime as dt
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
    assert {name: c["status"] for name, c in contracts.items()} == {
        "bronze_customers": "ok",
        "bronze_orders": "ok",
        "gold_sales_metrics": "ok",
        "silver_customers": "failing",
        "silver_orders": "failing",
    }
    orders = contracts["silver_orders"]
    failing = [c["check"] for c in orders["checks"] if not c["ok"]]
    assert failing == ["positive_amounts"]
    positive = next(c for c in orders["checks"] if c["check"] == "positive_amounts")
    assert [p["ok"] for p in positive["trend"]] == [True, False]  # clean, then defective
    assert positive["failed"] == 10
    # both consumers of silver_orders use `amount`, which positive_amounts reads
    assert {c["pipeline"]: c["failing"] for c in orders["consumers"]} == {
        "gold-sales-pipeline": True,
        "gold-marketing-pipeline": True,
    }
    customers = contracts["silver_customers"]
    assert [c["check"] for c in customers["checks"] if not c["ok"]] == ["freshness"]
    assert all(c["failing"] for c in customers["consumers"])  # freshness touches every field
    page = (tmp_path / "health.html").read_text()
    assert '<section id="silver_orders" class="contract failing">' in page
    assert 'href="' in page
