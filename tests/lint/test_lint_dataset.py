"""Dataset checks, composite keys and warn levels under lint, each finding at its place."""

from __future__ import annotations

from pathlib import Path

from contractkit.loader import analyze_file

HEAD = """\
contract: {name: orders, version: "1.0.0", owner: team@example.com, producer_pipeline: p}
changelog:
  - {version: "1.0.0", date: 2025-01-15, changes: [First version]}
schema:
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: line_no, type: int}
    - {name: sku, type: string, unique: true}
    - {name: attrs, type: "map<string,string>"}
    - {name: address, fields: [{name: id, type: string}]}
    - {name: amount, type: "decimal(18,2)"}
"""


def _found(tmp_path: Path, body: str) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "orders.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return sorted((d.line, d.column, d.code, d.message) for d in analyze_file(path).diagnostics)


def test_well_formed_dataset_quality_is_clean(tmp_path: Path) -> None:
    body = """\
quality:
  dataset:
    - {name: enough_rows, expression: "count(*) >= 1000"}
    - {name: sane_average, expression: "avg(amount) < 500", action: warn}
  unique:
    - {columns: [order_id, line_no], threshold: {fail: 99.9%, warn: 99.99%}}
    - {name: per_address, columns: [address.id, line_no]}
sla:
  freshness: {fail: 1 hour, warn: 30 minutes}
consumers:
  - pipeline: gold
    dataset:
      - {name: enough_rows, expression: "count(*) >= 5000"}
"""
    assert _found(tmp_path, body) == []


def test_composite_key_columns_resolve_once_each(tmp_path: Path) -> None:
    body = """\
quality:
  unique:
    - {columns: [order_id, line_nr]}
    - {columns: [attrs, line_no]}
"""
    found = [(line, col, code) for line, col, code, _ in _found(tmp_path, body)]
    assert found == [(14, 28, "unknown-field"), (15, 18, "invalid-unique-key")]


def test_keys_that_repeat_a_promise_are_warned(tmp_path: Path) -> None:
    body = """\
quality:
  unique:
    - {columns: [sku, line_no]}
    - {columns: [line_no, order_id]}
    - {name: again, columns: [order_id, line_no], threshold: 99%}
"""
    found = [(line, code, message) for line, _, code, message in _found(tmp_path, body)]
    assert found == [
        (
            14,
            "redundant-unique-key",
            "composite key 'unique(sku, line_no)' repeats a promise: field 'sku' is declared "
            "`unique: true` already",
        ),
        (
            16,
            "redundant-unique-key",
            "composite key 'again' repeats a promise: composite key 'unique(line_no, "
            "order_id)' already keys on the same columns",
        ),
    ]


def test_a_key_including_the_primary_key_is_warned(tmp_path: Path) -> None:
    body = """\
quality:
  unique:
    - {columns: [line_no, order_id], threshold: 99%}
"""
    path = tmp_path / "orders.yaml"
    path.write_text(HEAD.replace("schema:\n", "schema:\n  primary_key: [order_id]\n") + body)
    found = [(d.line, d.code) for d in analyze_file(path).diagnostics]
    assert found == [(15, "redundant-unique-key")]


def test_consumer_dataset_checks_are_checked_alike(tmp_path: Path) -> None:
    body = """\
consumers:
  - pipeline: gold
    dataset:
      - {name: big, expression: "count(*) >= 5000"}
      - {name: big, expression: "sum(amount)"}
"""
    found = [(line, col, code) for line, col, code, _ in _found(tmp_path, body)]
    assert found == [
        (16, 16, "duplicate-dataset-check"),
        (16, 34, "invalid-dataset-expression"),
    ]


def test_equal_warn_levels_are_warned_everywhere(tmp_path: Path) -> None:
    body = """\
quality:
  unique:
    - {columns: [order_id, line_no], threshold: {fail: 99%, warn: 99%}}
sla:
  freshness: {fail: 1 hour, warn: 60 minutes}
"""
    found = [(line, col, code) for line, col, code, _ in _found(tmp_path, body)]
    assert found == [(14, 67, "warn-level-equal"), (16, 35, "warn-level-equal")]
