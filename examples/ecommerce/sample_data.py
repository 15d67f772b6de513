"""Landing data for the ingestion hub: order and customer events as JSON lines.

Seeded, so every run writes the same rows. `defects=True` injects what goes wrong in real
platforms, each aimed at one check of the contracts:

- refunds booked as negative sales, in 0.5% of orders: between bronze_orders' fail (99%) and
  warn (99.9%) levels of `amount_not_negative`, so a warning there, and beyond silver_orders'
  99.9% `positive_amounts`, a failure;
- the order service replays 1% of its events: 2% of bronze_orders' rows share an
  (order_id, order_type), beyond the 99.9% of its key `one_row_per_order_event` (the sales
  pipeline drops the copies);
- 2% of orders come from customers the CRM has not sent (`c9...`): orphans of silver_orders'
  reference to silver_customers.customer_id, and their sales land in gold_sales_metrics'
  unknown country 'ZZ', beyond its dataset check `unknown_country_share` (1%).

Every defect leaves the other rows as they are: the same seed draws the same values.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

COUNTRIES = ("DE", "FR", "NL", "ES", "IT")
STATUSES = ("PENDING", "COMPLETED", "COMPLETED", "COMPLETED", "CANCELLED")


def write_landing(
    root: Path,
    *,
    orders: int = 2000,
    customers: int = 200,
    defects: bool = False,
    now: dt.datetime | None = None,
    seed: int = 12,
) -> None:
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC)
    landing = root / "landing"
    _write(
        landing / "customers" / "part-0.json",
        [
            {
                "customer_id": f"c{i:04d}",
                "name": f"  customer {i} ",
                "email": f"customer{i}@example.com" if i % 7 else None,
                "phone": f"+49{rng.randrange(10**9, 10**10)}",
                "address": {
                    "street": f"Main St {i}",
                    "city": "Springfield",
                    "postal_code": f"{10000 + i}",
                    "country": rng.choice(COUNTRIES),
                },
                "created_at": _iso(now - dt.timedelta(days=rng.randrange(1, 900))),
            }
            for i in range(customers)
        ],
    )
    rows = []
    for i in range(orders):
        amount = round(rng.uniform(5, 500), 2)
        status = rng.choice(STATUSES)
        if defects and i % 200 == 7:
            amount = -amount  # a refund booked as a negative sale
        customer = f"c{rng.randrange(customers):04d}"
        if defects and i % 50 == 13:
            customer = f"c9{i:04d}"  # a customer the CRM has not sent
        rows.append(
            {
                "order_id": f"o{i:06d}",
                "customer_id": customer,
                "order_type": "RETURN" if i % 20 == 0 else "SALES",
                "amount": amount,
                "status": status,
                "order_ts": _iso(now - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 3))),
            }
        )
    if defects:  # the order service delivers at least once: 1% of events twice
        rows += [dict(row) for index, row in enumerate(rows) if index % 100 == 3]
    _write(landing / "orders" / "part-0.json", rows)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
