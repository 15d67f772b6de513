"""The issue-16 format: warn/fail pairs, dataset checks, composite keys, references.

Read through the loader, as users write them, so positions and messages are the real ones."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from contractkit.errors import ContractLoadError
from contractkit.loader import load
from contractkit.model import Contract

BASE = """\
contract:
  name: silver_orders
  version: 1.0.0
  owner: orders-team
  producer_pipeline: orders_silver
schema:
  fields:
    - name: order_id
      type: bigint
    - name: line_no
      type: int
    - name: customer_id
      type: string
      references: silver_customers.customer_id
    - name: amount
      type: decimal(10,2)
    - name: updated_at
      type: timestamp
quality:
  expectations:
    - name: positive_amounts
      expression: amount > 0
      threshold: {fail: 99%, warn: 99.9%}
  dataset:
    - name: enough_rows
      expression: count(*) >= 1000
    - name: sane_average
      expression: avg(amount) < 500
      action: warn
  unique:
    - columns: [order_id, line_no]
      threshold: {fail: 99.9%, warn: 99.99%}
sla:
  freshness: {fail: 1 hour, warn: 30 minutes}
  freshness_column: updated_at
consumers:
  - pipeline: finance_gold
    dataset:
      - name: a_day_of_orders
        expression: count(*) >= 10
"""


def _load(tmp_path: Path, text: str) -> Contract:
    path = tmp_path / "silver_orders.yaml"
    path.write_text(text)
    return load(path)


def test_the_new_constructs_read_as_written(tmp_path: Path) -> None:
    contract = _load(tmp_path, BASE)
    (expectation,) = contract.expectations
    assert expectation.threshold == Decimal("0.99")
    assert expectation.warn_threshold == Decimal("0.999")
    assert [(c.name, c.action) for c in contract.quality.dataset] == [
        ("enough_rows", "fail"),
        ("sane_average", "warn"),
    ]
    (key,) = contract.quality.unique
    assert key.label == "unique(order_id, line_no)"
    assert (key.threshold, key.warn_threshold) == (Decimal("0.999"), Decimal("0.9999"))
    assert contract.sla is not None
    assert contract.sla.freshness is not None
    assert contract.sla.freshness_warn is not None
    assert (contract.sla.freshness.seconds, contract.sla.freshness_warn.seconds) == (3600, 1800)
    customer_id = contract.field("customer_id")
    assert customer_id is not None
    assert customer_id.references == "silver_customers.customer_id"
    assert [c.name for c in contract.consumers[0].dataset] == ["a_day_of_orders"]


def test_a_plain_threshold_keeps_its_meaning_and_dumps_back_as_written(tmp_path: Path) -> None:
    contract = _load(tmp_path, BASE.replace("{fail: 99%, warn: 99.9%}", "99%"))
    (expectation,) = contract.expectations
    assert (expectation.threshold, expectation.warn_threshold) == (Decimal("0.99"), None)
    assert expectation.model_dump(mode="json", exclude_defaults=True)["threshold"] == "99%"
    paired = _load(tmp_path, BASE).expectations[0]
    assert paired.model_dump(mode="json")["threshold"] == {"fail": "99%", "warn": "99.9%"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{fail: 99%, warn: 99.9%}", "{fail: 99.9%, warn: 99%}", "threshold.warn (99%) is below"),
        ("{fail: 99%, warn: 99.9%}", "{warn: 99.9%}", "threshold needs a `fail` level"),
        ("{fail: 99%, warn: 99.9%}", "{fail: 99%, wran: 1}", "not wran"),
        ("{fail: 1 hour, warn: 30 minutes}", "{fail: 30 minutes, warn: 1 hour}", "longer than"),
        ("action: warn", "action: drop", "action"),
        ("silver_customers.customer_id", "silver_customers", "references"),
    ],
)
def test_malformed_levels_are_refused_with_the_fix(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ContractLoadError) as caught:
        _load(tmp_path, BASE.replace(old, new, 1))
    assert message in str(caught.value)
