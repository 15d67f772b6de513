"""Where one validation pass spends its time, and so what a loop of counts can cost at least.

benchmarks/validate.py compares whole runs. This script splits them, on the same Parquet
data and rules (1M rows, the 10-expectation contract): a bare count (job overhead plus a
scan with nothing to decode), decoding the ten columns the rules read, each rule alone as
`filter(e).count()` (one step of the seed's loop), and the one-pass floor. If evaluating
the expressions costs more than the jobs around them, no single pass can be many times
faster than the loop, however the loop is written.

Every query runs --warmup times untimed, then --repeat times round-robin; medians.

    python benchmarks/validate_breakdown.py [--rows 1000000] [--repeat 7] [--warmup 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import validate as bench  # the main benchmark: its data generator and rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20250115)
    args = parser.parse_args()

    from pyspark.sql import functions as F

    print(f"started, {bench.uptime()}", flush=True)
    spark = bench.new_session()
    path = str(bench.dataset(spark, args.rows, args.seed))
    rules = bench.RULES[:10]
    columns = sorted({c for r in rules for c in bench_columns(r)})

    def read() -> Any:
        return spark.read.parquet(path)

    queries: dict[str, Callable[[], object]] = {
        "count(*)": lambda: read().count(),
        f"decode the {len(columns)} columns the rules read": lambda: (
            read().agg(F.count(F.lit(1)), *[F.count(c) for c in columns]).collect()
        ),
    }
    for rule in rules:
        queries[f"loop step: {rule.name}"] = lambda r=rule: (
            read().filter(F.expr(r.expression)).count()
        )
    queries["floor: one df.agg of all ten"] = lambda: (
        read().agg(F.count(F.lit(1)), *[F.count_if(~F.expr(r.expression)) for r in rules]).collect()
    )

    for _ in range(args.warmup):
        for query in queries.values():
            query()
    times: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(args.repeat):
        for name, query in queries.items():
            start = time.perf_counter()
            query()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}

    print()
    print(
        f"Command: `python benchmarks/validate_breakdown.py --rows {args.rows} "
        f"--repeat {args.repeat} --warmup {args.warmup}`; {bench.uptime()}  "
    )
    print()
    print("| query | median ms |")
    print("| --- | ---: |")
    for name, seconds in medians.items():
        print(f"| {name} | {seconds * 1000:.0f} |")
    steps = [v for k, v in medians.items() if k.startswith("loop step")]
    count = medians["count(*)"]
    floor = medians["floor: one df.agg of all ten"]
    loop = count + sum(steps)
    print(f"| N+1 loop: count(*) + the ten steps (sum) | {loop * 1000:.0f} |")
    print()
    print(
        f"The loop's steps average {statistics.mean(steps) * 1000:.0f} ms, of which a bare "
        f"count (jobs, scheduling, an empty scan) is {count * 1000:.0f} ms. The floor "
        f"evaluates the same ten expressions in {floor * 1000:.0f} ms; the sum of the steps "
        f"over the floor bounds what one pass can save: {loop / floor:.2f}x."
    )


def bench_columns(rule: Any) -> list[str]:
    from contractkit.sqlnames import referenced_columns

    return sorted(referenced_columns(rule.expression))


if __name__ == "__main__":
    main()
