"""What counting CSV rows that do not parse costs, beside reading the CSV as before.

Seeded, hash-based order-like data (the same rows whatever the parallelism) is written once
as CSV under benchmarks/out/, clean and with 1% of rows holding a value that does not parse
(`n/a` in an int, `12.5.0` in a decimal, month 13 in a date), and read back on every run:

1. contractkit: `validate(read_path(spark, contract, path, "csv"), contract, samples=0)`,
   as `contractkit check` reads a CSV: unparsed rows kept aside and counted in the same
   aggregation, every column parsed, and on dirty data one short query for the first
   unparsed line;
2. before: `read_path` as `check` read a CSV before, without the corrupt-record column
   (the user naming one turns contractkit's off); a bad value is a NULL and the data
   looks clean. Both read the header first (one job), to match columns by name.

Ten expectations over three of the six columns (so the "before" reader parses only those).
Each case starts with --warmup untimed rounds of both; then --repeat rounds in a seeded
order. After every run the JVM's garbage is collected and Spark given a second, untimed.
The table gives the median wall time, the ratio to "before", the Spark jobs of one run
(counted in a job group) and the unparsed rows found.

    python benchmarks/unparsed.py [--rows 1000000] [--repeat 5] [--warmup 2]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import validate as bench

OUT = Path(__file__).parent / "out"
GENERATOR = 2  # bump when the data changes, so stale files are not reused

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: bench@example.com}
schema:
  fields:
    - {name: order_id, type: bigint}
    - {name: customer_id, type: string}
    - {name: quantity, type: int}
    - {name: amount, type: "decimal(12,2)"}
    - {name: ordered_on, type: date}
    - {name: status, type: string}
quality:
  expectations:
    - {name: e1, expression: quantity > 0}
    - {name: e2, expression: quantity < 1000}
    - {name: e3, expression: amount >= 0}
    - {name: e4, expression: amount < 100000}
    - {name: e5, expression: "quantity * amount < 1000000"}
    - {name: e6, expression: "status IN ('NEW', 'PAID', 'SHIPPED')"}
    - {name: e7, expression: status IS NOT NULL}
    - {name: e8, expression: length(status) <= 7}
    - {name: e9, expression: quantity IS NOT NULL}
    - {name: e10, expression: amount IS NOT NULL}
"""


def dataset(spark: Any, rows: int, dirty: bool, seed: int) -> Path:
    from pyspark.sql import functions as F

    kind = "dirty" if dirty else "clean"
    path = OUT / f"unparsed_{kind}_{rows}_seed{seed}_v{GENERATOR}.csv"
    if (path / "_SUCCESS").exists():
        return path

    def u(k: int) -> Any:
        hashed = F.xxhash64(F.lit(seed), F.lit(k), F.col("id"))
        return F.pmod(hashed, F.lit(1_000_000)) / F.lit(1_000_000.0)

    bad = (u(9) < 0.01) if dirty else F.lit(False)
    which = F.floor(u(10) * 3)
    quantity = F.when(bad & (which == 0), F.lit("n/a")).otherwise(
        (F.floor(u(1) * 20) + 1).cast("int").cast("string")
    )
    amount = F.when(bad & (which == 1), F.lit("12.5.0")).otherwise(
        F.format_number(u(2) * 500, 2).cast("string")
    )
    day = F.date_add(F.lit("2024-01-01").cast("date"), F.floor(u(3) * 365).cast("int"))
    ordered_on = F.when(bad & (which == 2), F.lit("2024-13-45")).otherwise(day.cast("string"))
    statuses = F.array(F.lit("NEW"), F.lit("PAID"), F.lit("SHIPPED"))
    frame = spark.range(0, rows, 1, numPartitions=4).select(
        F.col("id").alias("order_id"),
        F.format_string("C%08d", F.floor(u(4) * 100_000).cast("bigint")).alias("customer_id"),
        quantity.alias("quantity"),
        F.regexp_replace(amount, ",(?=\\d{3})", "").alias("amount"),
        ordered_on.alias("ordered_on"),
        F.element_at(statuses, (F.floor(u(5) * 3) + 1).cast("int")).alias("status"),
    )
    frame.write.mode("overwrite").option("header", "true").csv(str(path))
    for part in path.glob("*.csv"):  # into the OS file cache
        with part.open("rb") as handle:
            while handle.read(1 << 24):
                pass
    return path


def contractkit_run(spark: Any, path: Path) -> int:
    from contractkit.loader import load_string
    from contractkit.spark import validate
    from contractkit.spark.sources import read_path

    contract = load_string(CONTRACT)
    report = validate(read_path(spark, contract, str(path), "csv"), contract, samples=0)
    return sum(
        int((i.actual or "0").split()[0]) for i in report.schema_issues if i.kind == "unparsed_rows"
    )


def before_run(spark: Any, path: Path) -> int:
    from contractkit.loader import load_string
    from contractkit.spark import validate
    from contractkit.spark.sources import read_path

    contract = load_string(CONTRACT)
    options = {"columnNameOfCorruptRecord": "_not_in_the_schema"}
    validate(read_path(spark, contract, str(path), "csv", options), contract, samples=0)
    return 0


CONTENDERS: dict[str, Callable[[Any, Path], int]] = {
    "contractkit": contractkit_run,
    "before": before_run,
}


def timed(spark: Any, name: str, path: Path, group: str) -> tuple[float, int, int]:
    context = spark.sparkContext
    context.setJobGroup(group, group)
    try:
        start = time.perf_counter()
        found = CONTENDERS[name](spark, path)
        seconds = time.perf_counter() - start
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    jobs = len(context.statusTracker().getJobIdsForGroup(group))
    spark.sparkContext._jvm.System.gc()
    time.sleep(bench.SETTLE_SECONDS)
    return seconds, jobs, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    spark = bench.new_session()  # the validation benchmark's session, the same settings
    rng = random.Random(args.seed)
    lines = [
        "| rows | data | contender | median s | runs (s) | vs before | Spark jobs | unparsed |",
        "| ---: | --- | --- | ---: | --- | ---: | ---: | ---: |",
    ]
    runs = 0
    for rows in args.rows:
        for dirty in (False, True):
            path = dataset(spark, rows, dirty, args.seed)
            for _ in range(args.warmup):
                for name in CONTENDERS:
                    CONTENDERS[name](spark, path)
            seconds: dict[str, list[float]] = {name: [] for name in CONTENDERS}
            jobs: dict[str, int] = {}
            found: dict[str, int] = {}
            for _ in range(args.repeat):
                for name in rng.sample(list(CONTENDERS), len(CONTENDERS)):
                    runs += 1
                    took, job_count, unparsed = timed(spark, name, path, f"bench-{runs}")
                    seconds[name].append(took)
                    jobs[name], found[name] = job_count, unparsed
            floor = statistics.median(seconds["before"])
            for name in CONTENDERS:
                median = statistics.median(seconds[name])
                shown = ", ".join(f"{s:.2f}" for s in seconds[name])
                lines.append(
                    f"| {rows:,} | {'dirty' if dirty else 'clean'} | {name} | {median:.2f} | "
                    f"{shown} | {median / floor:.2f} | {jobs[name]} | {found[name]:,} |"
                )
            print(lines[-2], lines[-1], sep="\n", flush=True)
    print("\n".join(["", *lines]))
    spark.stop()


if __name__ == "__main__":
    main()
