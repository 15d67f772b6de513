"""Run the whole platform, then every consumer's contract tests.

    python -m examples.ecommerce.run             # a clean run: every contract test passes
    python -m examples.ecommerce.run --defects   # the documented failing variant

From the repository root, with Java 17+. The defects variant injects refunds booked as
negative sales (silver_orders' `positive_amounts` needs 99.9% and gets 99.5%; bronze_orders
warns), replays 1% of the order events (bronze_orders' composite key), sends 2% of the
orders from unknown customers (silver_orders' reference, gold_sales_metrics' dataset check)
and runs the customer pipeline two hours late (silver_customers' freshness SLA is 15
minutes). README.md has the table of which check each defect trips.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys

from examples.ecommerce.monitoring import record_run, render
from examples.ecommerce.pipelines import CONTRACTS, DATA, ORDER, ROOT, customer_silver
from examples.ecommerce.sample_data import write_landing

CONSUMERS = (
    "sales-silver-pipeline",
    "customer-silver-pipeline",
    "gold-sales-pipeline",
    "gold-marketing-pipeline",
    "sales-kpi-dashboard",
)


def build(spark: object, *, defects: bool, now: dt.datetime | None = None) -> None:
    """Landing data, then every pipeline in deployment order."""
    now = now or dt.datetime.now(dt.UTC)
    write_landing(DATA, defects=defects, now=now)
    for name, pipeline in ORDER:
        late = defects and pipeline is customer_silver
        print(f"running {name}" + (" (two hours late)" if late else ""), flush=True)
        pipeline(spark, now - dt.timedelta(hours=2) if late else now)  # type: ignore[arg-type]


def consumer_tests(consumer: str) -> int:
    """What a consumer's CI runs: its contract tests against the data, on Spark."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--contracts",
        "--contracts-server",
        "local",
        "--contracts-consumer",
        consumer,
        "-q",
        "-p",
        "no:cacheprovider",
        str(CONTRACTS),
    ]
    print(f"\n$ pytest --contracts --contracts-server local --contracts-consumer {consumer}")
    return subprocess.call(command, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--defects", action="store_true", help="inject the documented defects")
    parser.add_argument("--no-tests", action="store_true", help="build the data only")
    args = parser.parse_args(argv)
    from contractkit.spark import session

    spark = session(app_name="ecommerce")
    build(spark, defects=args.defects)
    record_run(spark)  # the results history and its page: docs/monitoring.md
    render()
    spark.stop()
    if args.no_tests:
        return 0
    failed = [c for c in CONSUMERS if consumer_tests(c) != 0]
    print(f"\nconsumers with failing contract tests: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
