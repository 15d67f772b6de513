"""Histories for tests: contracts and results made from a seed, the same on every run."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from contractkit.history.records import ResultRecord

START = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)

CONTRACT = """\
contract: {{name: {name}, version: "1.{minor}.0", owner: team-{index}@example.com,
  producer_pipeline: producer-{index}}}
schema:
  fields:
    - {{name: id, type: string, nullable: false}}
    - {{name: amount, type: "decimal(18,2)"}}
    - {{name: country, type: string, allowed_values: [DE, FR, US]}}
    - {{name: note, type: string}}
quality:
  expectations:
    - name: positive_amounts
      expression: amount > 0
      threshold: 99%
    - name: known_country
      expression: country IS NOT NULL
      threshold: 95%
sla: {{freshness: "< 1 hour"}}
consumers:
  - pipeline: finance-{index}
    contact: finance-{index}@example.com
    uses: [id, amount]
  - pipeline: marketing-{index}
    contact: marketing-{index}@example.com
    uses: [id, country]
  - pipeline: archive-{index}
"""


def write_contracts(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        name = f"dataset_{index:02d}"
        (folder / f"{name}.yaml").write_text(CONTRACT.format(name=name, index=index, minor=index))
        names.append(name)
    return names


def daily_runs(names: list[str], days: int, seed: int = 7) -> list[list[ResultRecord]]:
    """One run per contract per day; a few days dip below the thresholds."""
    rng = random.Random(seed)
    runs = []
    for day in range(days):
        for index, name in enumerate(names):
            time = START + dt.timedelta(days=day, minutes=index)
            run_id = f"run-{day:03d}-{index:02d}"
            rows = 10_000 + rng.randrange(500)
            runs.append(
                [
                    _row(run_id, time, name, index, "schema", "schema", rows, 0, None, None),
                    _row(
                        run_id,
                        time,
                        name,
                        index,
                        "positive_amounts",
                        "expectation",
                        rows,
                        rng.choice([0, 3, 12, 250]),
                        0.99,
                        None,
                    ),
                    _row(
                        run_id,
                        time,
                        name,
                        index,
                        "known_country",
                        "expectation",
                        rows,
                        rng.randrange(200),
                        0.95,
                        None,
                    ),
                    _row(
                        run_id, time, name, index, "id_not_null", "constraint", rows, 0, 1.0, None
                    ),
                    _row(
                        run_id,
                        time,
                        name,
                        index,
                        "freshness",
                        "freshness",
                        rows,
                        None,
                        3600.0,
                        float(rng.choice([300, 1200, 5400])),
                    ),
                ]
            )
    return runs


def _row(
    run_id: str,
    time: dt.datetime,
    contract: str,
    index: int,
    check: str,
    kind: str,
    rows: int,
    failed: int | None,
    threshold: float | None,
    age: float | None,
) -> ResultRecord:
    if kind == "freshness":
        ok = age is not None and threshold is not None and age < threshold
        rate = None
    elif kind == "schema":
        ok, rate = failed == 0, None
    else:
        assert failed is not None
        assert threshold is not None
        rate = (rows - failed) / rows
        ok = rate >= threshold
    return ResultRecord(
        run_id=run_id,
        time=time,
        contract=contract,
        version=f"1.{index}.0",
        server="prod",
        check=check,
        kind=kind,
        consumer=None,
        row_count=rows,
        failed=failed,
        pass_rate=rate,
        threshold=threshold,
        ok=ok,
        severity="warn" if kind == "expectation" else "error",
        freshness_age_s=age,
        duration_s=1.5,
        source="check",
    )
