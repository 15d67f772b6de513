"""What `contractkit check --record` costs over `contractkit check` (issue 15).

One contract (8 fields, 6 declared expectations plus the derived ones, two dataset checks,
a composite key, a primary key, a freshness SLA; warn levels on three of them) and
1,000,000 rows of seeded Parquet data under benchmarks/out/history/.
Both commands run in one process on one local SparkSession (started once, not measured),
interleaved --repeat times so that load from elsewhere falls on both alike:

a. check:           `contractkit check CONTRACT --path DATA`
b. check --record:  the same, appending its results to a fresh history folder

Reported: the median wall time of each, the overhead (b - a) / a, and the Spark jobs each
ran (counted with the status tracker in a job group, as tests/spark/test_validate.py does).
On a loaded machine a and b vary by more than recording costs, so the recording step is
also timed alone (rows from one report, one Parquet file written; median of 50), as a
share of a's median: the overhead that noise cannot hide.

    python benchmarks/history.py [--rows 1000000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

OUT = Path(__file__).resolve().parent / "out" / "history"

CONTRACT = """\
contract: {name: bench_orders, version: "1.0.0", owner: o@example.com, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: bigint, nullable: false}
    - {name: customer_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)", min: 0}
    - {name: quantity, type: int}
    - {name: country, type: string, allowed_values: [DE, FR, US, GB]}
    - {name: status, type: string}
    - {name: discount, type: double}
    - {name: updated_at, type: timestamp, nullable: false}
  primary_key: [order_id]
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 99%}
    - {name: sane_quantity, expression: quantity BETWEEN 1 AND 100}
    - {name: known_status, expression: "status IN ('NEW', 'PAID', 'SHIPPED')"}
    - {name: small_discount, expression: discount < 0.5, threshold: 95%}
    - {name: customer_format, expression: "customer_id LIKE 'c%'"}
    - {name: total_positive, expression: amount * quantity > 0, threshold: {fail: 99%, warn: 99.9%}}
  dataset:
    - {name: enough_rows, expression: "count(*) >= 1000"}
    - {name: sane_average, expression: "avg(amount) < 500", action: warn}
  unique:
    - {columns: [customer_id, order_id], threshold: {fail: 99%, warn: 99.9%}}
sla: {freshness: {fail: "< 400 days", warn: "< 300 days"}, freshness_column: updated_at}
consumers:
  - {pipeline: finance, uses: [amount, quantity]}
"""


def _data(spark: Any, rows: int) -> Path:
    path = OUT / f"orders_{rows}"
    if (path / "_SUCCESS").exists():
        return path
    spark.range(rows).selectExpr(
        "id AS order_id",
        "concat('c', CAST(id % 50000 AS STRING)) AS customer_id",
        "CAST((id % 1000) / 10.0 + 0.01 AS DECIMAL(18,2)) AS amount",
        "CAST(id % 100 + 1 AS INT) AS quantity",
        "element_at(array('DE', 'FR', 'US', 'GB'), CAST(id % 4 + 1 AS INT)) AS country",
        "element_at(array('NEW', 'PAID', 'SHIPPED'), CAST(id % 3 + 1 AS INT)) AS status",
        "CAST((id % 100) / 250.0 AS DOUBLE) AS discount",
        "current_timestamp() - make_interval(0, 0, 0, 0, 0, CAST(id % 600 AS INT)) AS updated_at",
    ).write.mode("overwrite").parquet(str(path))
    return path


def _jobs(spark: Any, group: str, action: Any) -> tuple[int, float]:
    spark.sparkContext.setJobGroup(group, group)
    started = time.perf_counter()
    try:
        action()
    finally:
        spark.sparkContext.setLocalProperty("spark.jobGroup.id", None)
    elapsed = time.perf_counter() - started
    return len(spark.sparkContext.statusTracker().getJobIdsForGroup(group)), elapsed


def _recording_alone(spark: Any, contract_path: Path, data: Path, history: Path) -> float:
    import contractkit
    from contractkit.history.keep import Validated, run_records
    from contractkit.history.store import append
    from contractkit.spark import validate

    contract = contractkit.load(contract_path)
    report = validate(spark.read.parquet(str(data)), contract)
    times = []
    for _ in range(50):
        started = time.perf_counter()
        append(str(history), run_records([Validated(report, contract, str(data), 1.0)], "check"))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from contractkit.cli import main as cli
    from contractkit.spark import session

    spark = session(app_name="bench-history", master="local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    OUT.mkdir(parents=True, exist_ok=True)
    contract = OUT / "bench_orders.yaml"
    contract.write_text(CONTRACT)
    data = _data(spark, args.rows)
    history = Path(tempfile.mkdtemp(prefix="history-", dir=OUT))
    base = ["check", str(contract), "--path", str(data), "--format", "json"]

    def run(extra: list[str]) -> None:
        result = CliRunner().invoke(cli, base + extra)
        assert result.exit_code == 0, result.output

    run([])  # warm-up: caches, JIT, the first planning
    timings: dict[str, list[float]] = {"check": [], "check --record": []}
    jobs: dict[str, set[int]] = {"check": set(), "check --record": set()}
    for index in range(args.repeat):
        for name, extra in (("check", []), ("check --record", ["--record", str(history)])):
            count, elapsed = _jobs(spark, f"{name}-{index}", lambda extra=extra: run(extra))
            timings[name].append(elapsed)
            jobs[name].add(count)
    plain = statistics.median(timings["check"])
    recorded = statistics.median(timings["check --record"])
    print(f"rows: {args.rows:,}, repeats: {args.repeat}")
    for name in timings:
        spread = ", ".join(f"{t:.2f}" for t in timings[name])
        print(
            f"{name:15s} median {statistics.median(timings[name]):.3f} s  jobs {sorted(jobs[name])}"
            f"  ({spread})"
        )
    print(f"overhead: {recorded - plain:+.3f} s ({(recorded - plain) / plain:+.1%})")
    alone = _recording_alone(spark, contract, data, history)
    print(f"recording alone: median {alone * 1000:.1f} ms ({alone / plain:.2%} of check)")
    shutil.rmtree(history)
    spark.stop()


if __name__ == "__main__":
    main()
