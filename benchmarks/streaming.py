"""What contracts cost on a Structured Streaming query: `observe` and `split` against bare runs.

Synthetic order-like rows (5M by default, hash-based, the same whatever the parallelism)
are written once as Parquet files under benchmarks/out/streaming/ (20 files); every run
reads them as a file-source stream in micro-batches (`maxFilesPerTrigger`, 4 files each:
5 micro-batches) with `trigger(availableNow=True)` and a new checkpoint. The contract has
ten row expectations of the usual kinds (comparisons, IS NOT NULL, IN lists, RLIKE,
BETWEEN, arithmetic across columns), a few percent of rows failing some, two of them
`drop`.

Cases, each timed from start to the query's end (`awaitTermination`):

1. bare: the stream into one Parquet sink, the baseline of both others.
2. observe: the same stream and sink with `contractkit.spark.observe` attached. The
   observed totals are read after the clock stops and checked against the row count.
   (A `noop` sink is no baseline: with nothing consuming the columns, Spark reads none.)
3. split: `contractkit.spark.split` into two Parquet sinks (valid and quarantine, two
   queries on the same source, run together).

Every case runs --warmup untimed rounds, then --repeat rounds in a new seeded order each
round, so load from elsewhere falls on all alike; the table gives medians.

    python benchmarks/streaming.py [--rows 5000000] [--repeat 3] [--warmup 0]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractkit.loader import load_string  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "streaming"
FILES = 20
FILES_PER_BATCH = 4

CONTRACT = """\
contract:
  name: bench_orders
  version: "1.0.0"
  owner: bench@example.com
  producer_pipeline: bench
schema:
  fields:
    - {name: id, type: bigint, nullable: false}
    - {name: customer_id, type: string, nullable: false, pattern: "^c[0-9]+$"}
    - {name: status, type: string, allowed_values: [NEW, PAID, SHIPPED, DONE]}
    - {name: amount, type: "decimal(18,2)", min: 0}
    - {name: discount, type: "decimal(18,2)"}
    - {name: created_at, type: timestamp, nullable: false}
quality:
  expectations:
    - {name: discount_below_amount, expression: discount <= amount, threshold: 95%}
    - {name: amount_range, expression: amount BETWEEN 0 AND 5000, action: drop, threshold: 90%}
    - {name: recent, expression: "created_at >= TIMESTAMP'2020-01-01'", action: drop}
    - {name: net_positive, expression: amount - discount >= 0, threshold: 95%}
changelog:
  - {version: "1.0.0"}
"""


def _data(spark: Any, rows: int) -> Path:
    """Write the source files once per row count."""
    from pyspark.sql import functions as F

    path = OUT / f"source-{rows}"
    if (path / "_SUCCESS").exists():
        return path
    h = F.abs(F.xxhash64("id"))
    df = spark.range(rows).select(
        "id",
        F.concat(F.lit("c"), (h % 100000).cast("string")).alias("customer_id"),
        F.element_at(
            F.array(*map(F.lit, ["NEW", "PAID", "SHIPPED", "DONE", "LOST"])),
            (h % 41 % 5 + 1).cast("int"),
        ).alias("status"),
        ((h % 600000 - 3000) / 100).cast("decimal(18,2)").alias("amount"),
        (h % 9000 / 100).cast("decimal(18,2)").alias("discount"),
        F.timestamp_seconds(1_700_000_000 - h % 200_000_000).alias("created_at"),
    )
    df.repartition(FILES).write.mode("overwrite").parquet(str(path))
    return path


def _stream(spark: Any, source: Path, schema: Any) -> Any:
    return (
        spark.readStream.schema(schema)
        .option("maxFilesPerTrigger", FILES_PER_BATCH)
        .parquet(str(source))
    )


def _run(*writers: Any) -> float:
    """Seconds from starting the queries to the end of the last one."""
    started = time.perf_counter()
    queries = [w.trigger(availableNow=True).start() for w in writers]
    try:
        for query in queries:
            query.awaitTermination()
    finally:
        for query in queries:
            query.stop()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=0)
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    from contractkit.spark import observe, split

    spark = (
        SparkSession.builder.master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    contract = load_string(CONTRACT, "bench_orders.yaml")
    source = _data(spark, args.rows)
    schema = spark.read.parquet(str(source)).schema
    scratch = Path(tempfile.mkdtemp(prefix="ck-stream-bench-"))
    totals: list[int] = []

    def observed_parquet(run: Path) -> float:
        observed, metrics = observe(_stream(spark, source, schema), contract)
        started = time.perf_counter()
        query = _parquet(observed, run / "all", run / "c").trigger(availableNow=True).start()
        try:
            query.awaitTermination()
        finally:
            query.stop()
        elapsed = time.perf_counter() - started
        totals.append(metrics.total(query).row_count)  # read after the clock stops
        return elapsed

    def bare_parquet(run: Path) -> float:
        stream = _stream(spark, source, schema)
        return _run(_parquet(stream, run / "all", run / "c"))

    def split_parquet(run: Path) -> float:
        valid, quarantine = split(_stream(spark, source, schema), contract, run_id="bench")
        return _run(
            _parquet(valid, run / "valid", run / "cv"), _parquet(quarantine, run / "q", run / "cq")
        )

    cases: dict[str, Callable[[Path], float]] = {
        "bare stream, one parquet sink": bare_parquet,
        "observe, one parquet sink": observed_parquet,
        "split, two parquet sinks": split_parquet,
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    order = list(cases)
    rng = random.Random(14)
    for round_ in range(args.warmup + args.repeat):
        rng.shuffle(order)
        for name in order:
            run = Path(tempfile.mkdtemp(dir=scratch))
            elapsed = cases[name](run)
            shutil.rmtree(run)
            if round_ >= args.warmup:
                times[name].append(elapsed)
    shutil.rmtree(scratch)
    assert set(totals) == {args.rows}, totals  # observe counted every row, every run

    median = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"{args.rows:,} rows, {FILES} files, {FILES // FILES_PER_BATCH} micro-batches, "
        f"median of {args.repeat}"
    )
    print("| case | median | ratio |")
    print("| --- | ---: | ---: |")
    base = median["bare stream, one parquet sink"]
    for name in cases:
        print(f"| {name} | {median[name]:.2f} s | {median[name] / base:.2f} |")
    spark.stop()
    return 0


def _parquet(df: Any, path: Path, checkpoint: Path) -> Any:
    return (
        df.writeStream.format("parquet")
        .option("path", str(path))
        .option("checkpointLocation", str(checkpoint))
    )


if __name__ == "__main__":
    raise SystemExit(main())
