"""What a reference check costs, beside a hand-written left-anti join on the same data.

Seeded, hash-based data (the same rows whatever the parallelism), written once to Parquet
under benchmarks/out/ and read back on every run, never cached:

- orders: N rows, `customer_id` a string, NULL in 10% of rows, and 2% of the non-NULL
  values naming no customer (orphans, spread over many distinct values);
- customers: N / 10 rows, one per customer id (plus 5% NULL ids).

Contenders, side by side in one SparkSession (local[*], UI off, 4 shuffle partitions,
adaptive execution on as in a user's session):

1. contractkit: `check_references(orders, contract, References(data={...}))`: the orphan
   count AND the 5 smallest orphan values, one query;
2. hand-written: `orders.where(c IS NOT NULL).join(customers.where(c IS NOT NULL), c,
   "left_anti").count()`: the count alone.

Each size starts with --warmup untimed rounds of both; then --repeat rounds, the order of
the two drawn anew (seeded) each round. After every run the JVM's garbage is collected and
Spark given a second to clean up, untimed. The table gives the median wall time, the ratio
to the hand-written join and the Spark jobs of one run (counted in a job group). The orphan
counts of the two are compared on every run.

    python benchmarks/references.py [--rows 1000000 5000000] [--repeat 5] [--warmup 2]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "out"
SETTLE_SECONDS = 1.0
GENERATOR = 1  # bump when the data changes, so stale files are not reused

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: bench@example.com}
schema:
  fields:
    - {name: order_id, type: bigint}
    - {name: customer_id, type: string, references: customers.customer_id}
"""


def datasets(spark: Any, rows: int, seed: int) -> tuple[Path, Path]:
    from pyspark.sql import functions as F

    orders = OUT / f"references_orders_{rows}_seed{seed}_v{GENERATOR}.parquet"
    customers = OUT / f"references_customers_{rows}_seed{seed}_v{GENERATOR}.parquet"
    known = rows // 10

    def u(k: int) -> Any:
        hashed = F.xxhash64(F.lit(seed), F.lit(k), F.col("id"))
        return F.pmod(hashed, F.lit(1_000_000)) / F.lit(1_000_000.0)

    if not (orders / "_SUCCESS").exists():
        pick = F.floor(u(2) * known).cast("bigint")
        orphan = F.lit(known) + F.floor(u(4) * known).cast("bigint")
        customer = F.when(u(1) < 0.10, F.lit(None)).otherwise(
            F.format_string("C%010d", F.when(u(3) < 0.02, orphan).otherwise(pick))
        )
        spark.range(0, rows, 1, numPartitions=4).select(
            F.col("id").alias("order_id"), customer.alias("customer_id")
        ).write.mode("overwrite").parquet(str(orders))
    if not (customers / "_SUCCESS").exists():
        ids = F.when(u(5) < 0.05, F.lit(None)).otherwise(F.format_string("C%010d", F.col("id")))
        spark.range(0, known, 1, numPartitions=4).select(ids.alias("customer_id")).write.mode(
            "overwrite"
        ).parquet(str(customers))
    for path in (orders, customers):
        for part in path.glob("*.parquet"):  # into the OS file cache
            with part.open("rb") as handle:
                while handle.read(1 << 24):
                    pass
    return orders, customers


def contractkit_run(spark: Any, orders: Path, customers: Path) -> int:
    from contractkit.loader import load_string
    from contractkit.spark.references import References, check_references

    contract = load_string(CONTRACT)
    data = {"customers": spark.read.parquet(str(customers))}
    (result,) = check_references(
        spark.read.parquet(str(orders)), contract, References(data=data), spark=spark
    )
    assert result.error is None, result.error
    assert len(result.samples) == 5
    return result.orphans


def hand_written_run(spark: Any, orders: Path, customers: Path) -> int:
    from pyspark.sql import functions as F

    key = F.col("customer_id")
    source = spark.read.parquet(str(orders)).select(key).where(key.isNotNull())
    target = spark.read.parquet(str(customers)).select(key).where(key.isNotNull())
    return int(source.join(target, "customer_id", "left_anti").count())


CONTENDERS: dict[str, Callable[[Any, Path, Path], int]] = {
    "contractkit": contractkit_run,
    "hand-written": hand_written_run,
}


def timed(
    spark: Any, name: str, orders: Path, customers: Path, group: str
) -> tuple[float, int, int]:
    context = spark.sparkContext
    context.setJobGroup(group, group)
    try:
        start = time.perf_counter()
        orphans = CONTENDERS[name](spark, orders, customers)
        seconds = time.perf_counter() - start
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    jobs = len(context.statusTracker().getJobIdsForGroup(group))
    spark.sparkContext._jvm.System.gc()
    time.sleep(SETTLE_SECONDS)
    return seconds, jobs, orphans


def new_session() -> Any:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[*]")
        .appName("contractkit-bench-references")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "4g")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    spark = new_session()
    rng = random.Random(args.seed)
    lines = [
        "| rows | contender | median s | runs (s) | vs hand-written | Spark jobs | orphans |",
        "| ---: | --- | ---: | --- | ---: | ---: | ---: |",
    ]
    runs = 0
    for rows in args.rows:
        orders, customers = datasets(spark, rows, args.seed)
        for _ in range(args.warmup):
            for name in CONTENDERS:
                CONTENDERS[name](spark, orders, customers)
        seconds: dict[str, list[float]] = {name: [] for name in CONTENDERS}
        jobs: dict[str, int] = {}
        orphans: dict[str, int] = {}
        for _ in range(args.repeat):
            for name in rng.sample(list(CONTENDERS), len(CONTENDERS)):
                runs += 1
                took, job_count, found = timed(spark, name, orders, customers, f"bench-{runs}")
                seconds[name].append(took)
                jobs[name] = job_count
                if orphans.setdefault(name, found) != found:
                    sys.exit(f"{name}: orphan count changed between runs")
        if len(set(orphans.values())) != 1:
            sys.exit(f"the contenders disagree on the orphans: {orphans}")
        floor = statistics.median(seconds["hand-written"])
        for name in CONTENDERS:
            median = statistics.median(seconds[name])
            shown = ", ".join(f"{s:.2f}" for s in seconds[name])
            lines.append(
                f"| {rows:,} | {name} | {median:.2f} | {shown} | {median / floor:.2f} | "
                f"{jobs[name]} | {orphans[name]:,} |"
            )
        print(lines[-2], lines[-1], sep="\n", flush=True)
    print("\n".join(["", *lines]))
    spark.stop()


if __name__ == "__main__":
    main()
