"""Keep every run's results and draw the platform's health page (docs/monitoring.md).

    python -m examples.ecommerce.run            # records the clean run
    python -m examples.ecommerce.run --defects  # records the failing one
    # both append to data/history/ and redraw data/health.html

Each contract is validated once on the data the pipelines just published, and the
reports (nothing read twice) go to the results history, as `contractkit check --record`
would write them.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import contractkit
from contractkit.history.keep import Validated, keep, run_records
from contractkit.history.store import read
from contractkit.report import health
from examples.ecommerce.pipelines import CONTRACTS, DATA, location

HISTORY = DATA / "history"
PAGE = DATA / "health.html"


def record_run(spark: Any, history: Path = HISTORY, *, now: dt.datetime | None = None) -> None:
    """Validate every contract's `local` data once and append the results to `history`."""
    from contractkit.spark import validate
    from contractkit.spark.references import References
    from contractkit.spark.sources import read_path

    contracts = {c.name: c for c in map(contractkit.load, sorted(CONTRACTS.glob("*.yaml")))}
    # References read the referenced contract's `local` data, as `check --server local` does.
    references = References(tuple(contracts.values()), server="local")
    runs = []
    for contract in contracts.values():
        where, data_format = location(contract.name)
        started = time.perf_counter()
        data = read_path(spark, contract, where, data_format)
        report = validate(data, contract, now=now, references=references)
        runs.append(Validated(report, contract, "local", time.perf_counter() - started))
    keep(run_records(runs, "check"), contracts, record=str(history), notify=None)


def render(history: Path = HISTORY, page: Path = PAGE) -> dict[str, Any]:
    """Draw the health page from `history`; the page's data, as `report --format json`."""
    contracts = {c.name: c for c in map(contractkit.load, sorted(CONTRACTS.glob("*.yaml")))}
    data = health.build(read(str(history)), contracts, out_dir=str(page.parent))
    page.write_text(health.render_html(data), encoding="utf-8")
    print(f"wrote {page}: {len(data['contracts'])} contracts, {data['runs']} runs")
    return data
