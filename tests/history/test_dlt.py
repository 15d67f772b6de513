"""A Lakeflow/DLT event log export into the history: the counts are the log's, exactly.

The fixture follows the documented event log shape: `flow_progress` events whose
`details.flow_progress.data_quality.expectations` lists `{name, dataset, passed_records,
failed_records}`; `details` as JSON text (as the event log table stores it) or as an object.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import contractkit
from contractkit.cli import main
from contractkit.history.dlt import import_events
from contractkit.history.store import HistoryError, read

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

FIXTURE = Path(__file__).parent / "fixtures" / "dlt_event_log.jsonl"
ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> dict[str, contractkit.Contract]:
    loaded = [contractkit.load(p) for p in sorted((ROOT / "contracts").glob("*.yaml"))]
    return {c.name: c for c in loaded}


def _fixture_counts() -> dict[tuple[str, str, str], tuple[int, int]]:
    """Passed and failed per (update, dataset, expectation), read straight from the file."""
    passed: Counter[tuple[str, str, str]] = Counter()
    failed: Counter[tuple[str, str, str]] = Counter()
    for line in FIXTURE.read_text().splitlines():
        event = json.loads(line)
        if event["event_type"] != "flow_progress":
            continue
        details = event["details"]
        details = json.loads(details) if isinstance(details, str) else details
        quality = details["flow_progress"].get("data_quality")
        for e in quality["expectations"] if quality else []:
            key = (event["origin"]["update_id"], e["dataset"].rsplit(".", 1)[-1], e["name"])
            passed[key] += e["passed_records"]
            failed[key] += e["failed_records"]
    return {key: (passed[key], failed[key]) for key in passed}


def test_imported_counts_equal_the_event_logs_exactly() -> None:
    imported = import_events(str(FIXTURE), _contracts())
    got = {
        (r.run_id.removeprefix("dlt-"), r.contract, r.check): (
            r.row_count - r.failed,  # type: ignore[operator]
            r.failed,
        )
        for r in imported.records
    }
    expected = _fixture_counts()
    expected = {k: v for k, v in expected.items() if k[1] != "orders_quarantine"}
    assert got == expected
    assert got[("u-0001-aaaa", "silver_orders", "positive_amounts")] == (1990, 10)
    assert imported.events == 11
    assert imported.skipped_datasets == {"main.sales.orders_quarantine"}


def test_thresholds_and_actions_come_from_the_contract() -> None:
    rows = {(r.run_id, r.check): r for r in import_events(str(FIXTURE), _contracts()).records}
    positive = rows[("dlt-u-0001-aaaa", "positive_amounts")]
    assert (positive.threshold, positive.ok, positive.kind) == (0.999, False, "expectation")
    assert positive.pass_rate == 1990 / 2000
    derived = rows[("dlt-u-0002-bbbb", "customer_id_not_null")]
    assert (derived.kind, derived.threshold, derived.ok, derived.contract) == (
        "constraint",
        1.0,
        False,
        "bronze_customers",
    )
    assert str(positive.time) == "2026-06-01 06:04:00+00:00"  # the update's last counted event
    assert positive.server == "ecommerce-platform"  # the pipeline that ran it


def test_the_import_command_appends_one_run_per_update(tmp_path: Path) -> None:
    history = tmp_path / "history"
    result = CliRunner().invoke(
        main,
        [
            "import",
            "dlt-events",
            str(FIXTURE),
            "--contracts",
            str(ROOT / "contracts"),
            "--record",
            str(history),
        ],
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == (
        f"imported 10 expectation result(s) of 2 update(s) from 11 event(s) in {FIXTURE}\n"
    )
    assert "skipped dataset 'main.sales.orders_quarantine': no contract has that name" in (
        result.stderr
    )
    rows = read(str(history))
    assert len(rows) == 10
    assert len(list(history.iterdir())) == 2


def test_a_broken_line_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    export = tmp_path / "events.jsonl"
    export.write_text(FIXTURE.read_text().splitlines()[0] + "\n{not json\n")
    with pytest.raises(HistoryError, match=r"events\.jsonl:2:2: not a JSON event"):
        import_events(str(export), _contracts())
    result = CliRunner().invoke(
        main, ["import", "dlt-events", str(export), "--record", str(tmp_path / "h")]
    )
    assert result.exit_code == 2
    assert "events.jsonl:2:2" in result.output


def test_a_count_that_is_not_a_number_is_an_error(tmp_path: Path) -> None:
    event = {
        "event_type": "flow_progress",
        "origin": {"update_id": "u"},
        "timestamp": "2026-06-01T00:00:00Z",
        "details": {
            "flow_progress": {
                "data_quality": {
                    "expectations": [
                        {"name": "x", "dataset": "silver_orders", "passed_records": "many"}
                    ]
                }
            }
        },
    }
    export = tmp_path / "events.json"
    export.write_text(json.dumps([event]))
    with pytest.raises(HistoryError, match=r"events\.json:1: passed_records of 'x' is 'many'"):
        import_events(str(export), _contracts())
