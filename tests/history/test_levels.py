"""Warnings are their own state in every reader of the history: the health page and its
JSON, the alert, and the DLT import; the dataset checks, composite keys and references of
a contract are placed at their YAML lines and reach the consumers that read them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import contractkit
from contractkit.cli import main
from contractkit.history.dlt import import_events
from contractkit.history.impact import check_site, consumers_touched, line_of
from contractkit.history.keep import keep
from contractkit.history.notify import failing_message
from contractkit.history.records import records_from_report
from contractkit.history.store import append, read
from contractkit.report import health
from contractkit.validation import (
    ConsumerResult,
    DatasetResult,
    ExpectationResult,
    ReferenceResult,
    UniqueKeyResult,
    ValidationReport,
)

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: o@example.com}
schema:
  fields:
    - {name: order_id, type: string}
    - {name: line_no, type: int}
    - {name: amount, type: "decimal(18,2)"}
    - {name: parent_id, type: string, references: orders.order_id}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: {fail: 99%, warn: 99.9%}}
  dataset:
    - {name: enough_rows, expression: "count(*) >= 1000"}
    - {name: average, expression: "avg(amount) < 500", action: warn}
  unique:
    - {columns: [order_id, line_no], threshold: {fail: 99%, warn: 99.9%}}
consumers:
  - {pipeline: finance, contact: fin@example.com, uses: [amount]}
  - pipeline: crm
    uses: [order_id]
    dataset: [{name: crm_rows, expression: "count(order_id) > 10"}]
changelog: [{version: "1.0.0"}]
"""


@pytest.fixture
def contract(tmp_path: Path) -> contractkit.Contract:
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "orders.yaml").write_text(CONTRACT)
    return contractkit.load(folder / "orders.yaml")


def _report(*, failed: int, average: str, orphans: int, duplicates: int) -> ValidationReport:
    """2,000 rows: `failed` non-positive amounts, `duplicates` rows sharing a key."""
    return ValidationReport(
        contract="orders",
        version="1.0.0",
        row_count=2000,
        expectations=(
            ExpectationResult(
                "positive_amounts",
                "amount > 0",
                Decimal("0.99"),
                "warn",
                2000,
                failed,
                warn_threshold=Decimal("0.999"),
            ),
        ),
        dataset=(
            DatasetResult("enough_rows", "count(*) >= 1000", "fail", True, "count(*)", 2000),
            DatasetResult(
                "average",
                "avg(amount) < 500",
                "warn",
                Decimal(average) < 500,
                "avg(amount)",
                Decimal(average),
            ),
        ),
        unique=(
            UniqueKeyResult(
                "unique(order_id, line_no)",
                ("order_id", "line_no"),
                duplicates,
                2000,
                Decimal("0.99"),
                Decimal("0.999"),
            ),
        ),
        references=(ReferenceResult("parent_id", "orders.order_id", orphans=orphans),),
        consumers=(
            ConsumerResult(
                "crm",
                dataset=(
                    DatasetResult(
                        "crm_rows", "count(order_id) > 10", "fail", True, "count(order_id)", 2000
                    ),
                ),
            ),
        ),
    )


def _rows(report: ValidationReport, run: int) -> list[Any]:
    return records_from_report(
        report,
        run_id=f"r{run}",
        time=NOW + dt.timedelta(days=run),
        server="prod",
        duration_s=1.0,
        source="check",
    )


CLEAN = {"failed": 0, "average": "120.5", "orphans": 0, "duplicates": 0}
# 10 of 2,000 amounts fail (99.5%: warn), the average is 612.25 (a warn-level dataset check)
WARNED = {"failed": 10, "average": "612.25", "orphans": 0, "duplicates": 0}
# and 40 orphans (fail), 4 rows share their key (99.8%: warn)
FAILED = {"failed": 10, "average": "612.25", "orphans": 40, "duplicates": 4}


def test_every_new_kind_is_placed_at_its_line_and_reaches_its_readers(
    contract: contractkit.Contract,
) -> None:
    sites = {
        r.check: check_site(contract, r.check, r.kind, r.consumer)
        for r in _rows(_report(**CLEAN), 0)
    }
    assert {check: site.columns for check, site in sites.items()} == {
        "schema": None,
        "positive_amounts": ("amount",),
        "enough_rows": None,  # count(*) reads the whole dataset
        "average": ("amount",),
        "unique(order_id, line_no)": ("order_id", "line_no"),
        "references(parent_id)": ("parent_id",),
        "crm:crm_rows": ("order_id",),
    }
    lines = {check: line_of(contract, site.location) for check, site in sites.items()}
    text = CONTRACT.splitlines()
    assert "enough_rows" in text[lines["enough_rows"] - 1]
    assert "action: warn" in text[lines["average"] - 1]
    assert "[order_id, line_no]" in text[lines["unique(order_id, line_no)"] - 1]
    assert "references: orders.order_id" in text[lines["references(parent_id)"] - 1]
    assert "crm_rows" in text[lines["crm:crm_rows"] - 1]
    touched = {
        check: [
            c.pipeline for c in consumers_touched(contract, site, "crm" if ":" in check else None)
        ]
        for check, site in sites.items()
    }
    assert touched["average"] == ["finance"]
    assert touched["unique(order_id, line_no)"] == ["crm"]
    assert touched["references(parent_id)"] == []
    assert touched["enough_rows"] == ["finance", "crm"]


def test_the_page_shows_warnings_apart_from_failures(
    contract: contractkit.Contract, tmp_path: Path
) -> None:
    history = tmp_path / "history"
    for run, values in enumerate([CLEAN, WARNED]):
        append(str(history), _rows(_report(**values), run))
    data = health.build(read(str(history)), {"orders": contract})
    assert (data["failing_contracts"], data["warning_contracts"]) == (0, 1)
    [entry] = data["contracts"]
    assert entry["status"] == "warning"
    levels = {c["check"]: c["level"] for c in entry["checks"]}
    assert levels == {
        "schema": "ok",
        "positive_amounts": "warn",
        "enough_rows": "ok",
        "average": "warn",
        "unique(order_id, line_no)": "ok",
        "references(parent_id)": "ok",
        "crm:crm_rows": "ok",
    }
    average = next(c for c in entry["checks"] if c["check"] == "average")
    assert (average["value"], average["value_text"], average["ok"]) == (612.25, "612.25", True)
    assert [(p["level"], p["value"]) for p in average["trend"]] == [("ok", 120.5), ("warn", 612.25)]
    consumers = {c["pipeline"]: c for c in entry["consumers"]}
    assert consumers["finance"]["failing"] is False
    assert consumers["finance"]["warning_checks"] == ["average", "positive_amounts"]
    assert consumers["crm"]["warning"] is False

    page = health.render_html(data)
    assert '<section id="orders" class="contract warning">' in page
    assert '<span class="badge warn">warning</span>' in page
    assert '<p class="warning-list">With warnings: <a href="#orders">orders</a></p>' in page
    assert page.count('<span class="badge warn">WARN</span>') == 2
    assert "FAIL</span>" not in page
    assert (
        '<li class="consumer-warning">finance &lt;fin@example.com&gt;: warned on average, ' in page
    )
    assert 'fill="#bf8700"' in page  # the warned run's dot in the trend
    assert "0 failing, 1 with warnings" in page

    append(str(history), _rows(_report(**FAILED), 2))
    failed = CliRunner().invoke(
        main,
        [
            "report",
            str(history),
            "--contracts",
            str(tmp_path / "contracts"),
            "--format",
            "json",
            "--out",
            str(tmp_path / "h.json"),
        ],
    )
    assert failed.exit_code == 0, failed.output
    assert failed.stderr.endswith("1 contracts, 3 runs, 1 failing\n")
    again = json.loads((tmp_path / "h.json").read_text())["contracts"][0]
    assert again["status"] == "failing"
    by_check = {c["check"]: c for c in again["checks"]}
    assert by_check["references(parent_id)"]["level"] == "fail"
    assert by_check["references(parent_id)"]["target"] == "orders.order_id"
    assert by_check["unique(order_id, line_no)"]["level"] == "warn"
    assert by_check["unique(order_id, line_no)"]["warn_threshold"] == 0.999


def test_the_report_command_counts_contracts_with_warnings(
    contract: contractkit.Contract, tmp_path: Path
) -> None:
    append(str(tmp_path / "history"), _rows(_report(**WARNED), 0))
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(tmp_path / "history"),
            "--contracts",
            str(tmp_path / "contracts"),
            "--out",
            str(tmp_path / "health.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"wrote {tmp_path / 'health.html'}: 1 contracts, 1 runs, 0 failing, 1 with warnings\n"
    )


def test_the_alert_lists_warnings_after_failures_and_a_warned_run_sends_none(
    contract: contractkit.Contract, webhook: tuple[str, Any]
) -> None:
    contracts = {"orders": contract}
    warned = _rows(_report(**WARNED), 0)
    assert failing_message(warned, contracts) is None  # it passed, as `check` exits 0
    url, handler = webhook
    said: list[str] = []
    keep(warned, contracts, record=None, notify=url, say=said.append)
    assert (said, handler.received) == ([], [])

    failed = _rows(_report(**FAILED), 1)
    keep(failed, contracts, record=None, notify=url, say=said.append)
    assert said == [f"notified {url} of 1 failure(s) and 3 warning(s)"]
    [message] = handler.received
    body = message["body"]
    assert body["text"].splitlines() == [
        "contractkit: 1 failing check(s), 3 warning(s) in orders (run r1)",
        "• orders v1.0.0: references(parent_id) (reference) 40 row(s) hold a value missing "
        "from orders.order_id; consumers: none",
        "• warning: orders v1.0.0: positive_amounts (expectation) passed 99.5000% < 99.9000% "
        "(warn level) (10 of 2000 rows failed); consumers: finance (fin@example.com)",
        "• warning: orders v1.0.0: average (dataset) does not hold (value 612.25); "
        "consumers: finance (fin@example.com)",
        "• warning: orders v1.0.0: unique(order_id, line_no) (unique_key) 99.8000% unique < "
        "99.9000% (warn level) (4 of 2000 rows share their key); consumers: crm",
    ]
    assert [b["type"] for b in body["blocks"]] == ["header"] + ["section"] * 4
    docs = (Path(__file__).resolve().parents[2] / "docs" / "monitoring.md").read_text()
    assert body["text"] in docs  # the page shows this message as it is sent


def test_an_error_is_named_in_the_alert(contract: contractkit.Contract) -> None:
    report = ValidationReport(
        "orders",
        "1.0.0",
        10,
        references=(
            ReferenceResult("parent_id", "orders.order_id", error="cannot read /x: not found"),
        ),
    )
    message = failing_message(_rows(report, 0), {"orders": contract})
    assert message is not None
    assert message["text"].splitlines()[1] == (
        "• orders v1.0.0: references(parent_id) (reference) could not be evaluated: "
        "cannot read /x: not found; consumers: none"
    )


def test_dlt_counts_meet_the_contracts_warn_level(tmp_path: Path) -> None:
    """bronze_orders' amount_not_negative is `{fail: 99%, warn: 99.9%}`: 995 of 1,000 rows
    passing is a warning, 985 a failure, 1,000 ok."""
    root = Path(__file__).resolve().parents[2]
    contracts = {"bronze_orders": contractkit.load(root / "contracts" / "bronze_orders.yaml")}
    events = [
        {
            "event_type": "flow_progress",
            "timestamp": f"2026-06-0{update}T10:00:00.000Z",
            "origin": {"update_id": f"u{update}", "pipeline_name": "p"},
            "details": {
                "flow_progress": {
                    "data_quality": {
                        "expectations": [
                            {
                                "name": "amount_not_negative",
                                "dataset": "main.bronze.bronze_orders",
                                "passed_records": passed,
                                "failed_records": 1000 - passed,
                            }
                        ]
                    }
                }
            },
        }
        for update, passed in ((1, 1000), (2, 995), (3, 985))
    ]
    log = tmp_path / "events.jsonl"
    log.write_text("".join(json.dumps(e) + "\n" for e in events))
    rows = import_events(str(log), contracts).records
    assert [(r.run_id, r.level, r.ok, r.threshold, r.warn_threshold) for r in rows] == [
        ("dlt-u1", "ok", True, 0.99, 0.999),
        ("dlt-u2", "warn", True, 0.99, 0.999),
        ("dlt-u3", "fail", False, 0.99, 0.999),
    ]
