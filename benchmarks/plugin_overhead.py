"""What `pytest --contracts` costs beyond starting Spark and reading each dataset once.

50 generated contracts (seeded: 5 to 30 fields of every scalar type, 3 to 15 declared
expectations of the kinds real contracts use, a third with a freshness SLA on a timestamp
column, a third with a unique column and a few with a primary key) and, for each, matching
Parquet data (100,000 rows by default, about 1% NULLs in some columns; every check
passes) under benchmarks/out/plugin_overhead/. Four commands, each a fresh process run
--repeat times, interleaved so that load from elsewhere falls on all alike:

a. contracts: `pytest --contracts` over all 50 contracts (wall time, items).
b. Spark start: a pytest run of one trivial test that requests the plugin's `spark`
   fixture (the same session, started and stopped).
c. floor: one process that starts the same session and runs one hand-written `df.agg`
   per dataset: `count(1)`, `count_if(NOT e)` for each expectation the contract checks
   (declared and derived) and the freshness column's `max`; the least any tool can do.
d. floor + uniqueness: c, plus the distinct-count aggregation the validator adds for a
   contract that declares a unique column or a primary key.

Per-contract overhead = (a - b - (c - b)) / N = (a - c) / N: what the plugin adds to each
contract beyond the Spark start and one pass over its data (pytest collection and items,
schema comparison, the uniqueness aggregation of contracts that declare one); (a - d) / N
leaves out the uniqueness work, which any tool checking `unique` must do. Spark jobs are
counted with the status tracker; adaptive execution is on, as in a user's session, so one
aggregation is more than one job (the floor's count shows how many).

    python benchmarks/plugin_overhead.py [--contracts 50] [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out" / "plugin_overhead"
SEED = 20250115
GENERATOR_VERSION = 2  # bump when the generated contracts or data change
TYPES = ("string", "int", "bigint", "double", "decimal(18,2)", "date", "timestamp", "boolean")
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_"))}

Data = dict[str, Any]


# -- generated contracts and data ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nulls: bool  # about 1% NULLs

    def sql(self, salt: int, now: int) -> str:
        """A Spark SQL expression of `id` giving this column's seeded values."""
        if self.name == "id":
            return "id"  # the row number: unique
        h = f"pmod(xxhash64(id, {SEED}, {salt}), {{m}})"
        value = {
            "string": f"concat('s', cast({h.format(m=1000)} AS string))",
            "int": f"cast({h.format(m=1000)} AS int)",
            "bigint": h.format(m=1_000_000),
            "double": f"{h.format(m=100_000)} / 100.0",
            "decimal(18,2)": f"cast({h.format(m=100_000)} / 100 AS decimal(18,2))",
            "date": f"date_add(DATE'2025-01-01', cast({h.format(m=365)} AS int))",
            "timestamp": f"timestamp_seconds({now} - {h.format(m=86_400)})",
            "boolean": f"{h.format(m=2)} = 0",
        }[self.type]
        if self.nulls:
            return f"CASE WHEN pmod(xxhash64(id, {salt}, 7), 100) = 0 THEN NULL ELSE {value} END"
        return value


def _expectations(rng: random.Random, columns: list[Column], count: int) -> list[Data]:
    """`count` expectations that the generated data meets (NULLs pass comparisons)."""
    templates = {
        "string": ["length({c}) <= 4", "{c} RLIKE '^s[0-9]+$'", "{c} LIKE 's%'"],
        "int": ["{c} >= 0", "{c} BETWEEN 0 AND 999", "{c} * 2 < 2000"],
        "bigint": ["{c} >= 0", "{c} < 1000000", "{c} % 1000000 = {c}"],
        "double": ["{c} >= 0", "{c} < 1000.0", "abs({c}) <= 1000"],
        "decimal(18,2)": ["{c} >= 0", "{c} < 1000.00", "round({c}, 0) <= 1000"],
        "date": ["{c} >= DATE'2025-01-01'", "year({c}) BETWEEN 2025 AND 2026"],
        "timestamp": ["{c} <= current_timestamp()", "{c} > TIMESTAMP'2020-01-01 00:00:00'"],
        "boolean": ["{c} IN (true, false)"],
    }
    found: list[Data] = []
    for index in range(count):
        column = rng.choice(columns)
        if column.nulls and rng.random() < 0.3:
            found.append(
                {
                    "name": f"e{index}_{column.name}_mostly_present",
                    "expression": f"{column.name} IS NOT NULL",
                    "threshold": "98%",
                }
            )
            continue
        text = rng.choice(templates[column.type]).format(c=column.name)
        found.append({"name": f"e{index}_{column.name}", "expression": text})
    if rng.random() < 0.3:  # a cross-column expectation
        a, b = rng.sample(columns, 2)
        text = f"{a.name} IS NOT NULL OR {b.name} IS NOT NULL OR id >= 0"
        found[-1] = {"name": f"e{count - 1}_cross", "expression": text}
    return found


@dataclass(frozen=True)
class Generated:
    name: str
    columns: list[Column]
    contract: Data


def generate_contract(index: int, rng: random.Random) -> Generated:
    name = f"dataset_{index:03d}"
    width = rng.randint(5, 30)
    columns = [Column("id", "bigint", nulls=False)]
    columns += [
        Column(f"c{i:02d}_{kind.split('(')[0]}", kind, nulls=rng.random() < 0.3)
        for i, kind in ((i, rng.choice(TYPES)) for i in range(1, width))
    ]
    fresh = rng.random() < 1 / 3
    if fresh:
        columns[-1] = Column("updated_at", "timestamp", nulls=False)
    unique = rng.random() < 1 / 3
    primary = not unique and rng.random() < 0.15
    fields: list[Data] = []
    for column in columns:
        field: Data = {"name": column.name, "type": column.type}
        if column.name in ("id", "updated_at"):
            field["nullable"] = False
        if column.name == "id" and unique:
            field["unique"] = True
        fields.append(field)
    schema: Data = {"fields": fields}
    if primary:
        schema["primary_key"] = ["id"]
    contract: Data = {
        "contract": {
            "name": name,
            "version": "1.0.0",
            "owner": "bench@example.com",
            "producer_pipeline": f"{name}-pipeline",
        },
        "schema": schema,
        "quality": {"expectations": _expectations(rng, columns, rng.randint(3, 15))},
    }
    if fresh:
        contract["sla"] = {"freshness": "< 3650 days", "freshness_column": "updated_at"}
    contract["changelog"] = [{"version": "1.0.0"}]
    contract["servers"] = [
        {"server": "local", "type": "local", "path": f"../data/{name}", "format": "parquet"}
    ]
    return Generated(name, columns, contract)


def generate(count: int, rows: int) -> list[Generated]:
    rng = random.Random(SEED)
    return [generate_contract(i, rng) for i in range(count)]


def _manifest(count: int, rows: int) -> Data:
    return {"contracts": count, "rows": rows, "seed": SEED, "version": GENERATOR_VERSION}


def prepare(count: int, rows: int) -> Path:
    """Contracts, data and the trivial test under OUT/<count>x<rows>; data written once."""
    base = OUT / f"{count}x{rows}"
    manifest = base / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()) == _manifest(count, rows):
        return base
    generated = generate(count, rows)
    (base / "contracts").mkdir(parents=True, exist_ok=True)
    for item in generated:
        text = yaml.safe_dump(item.contract, sort_keys=False, width=100)
        (base / "contracts" / f"{item.name}.yaml").write_text(text, encoding="utf-8")
    (base / "pyproject.toml").write_text("[tool.pytest.ini_options]\n", encoding="utf-8")
    (base / "spark_start").mkdir(exist_ok=True)
    (base / "spark_start" / "test_spark_start.py").write_text(
        "def test_spark_starts(spark):\n    assert spark.version\n", encoding="utf-8"
    )
    (base / "jobcount.py").write_text(JOBCOUNT_PLUGIN, encoding="utf-8")
    lint = [sys.executable, "-m", "contractkit", "lint", "contracts"]
    linted = subprocess.run(lint, cwd=base, capture_output=True, text=True, check=False)
    if linted.returncode != 0:
        sys.exit(f"the generated contracts do not lint:\n{linted.stdout}{linted.stderr}")
    command = [sys.executable, __file__, "--write-data", str(base), "--rows", str(rows)]
    subprocess.run(command, check=True, env=ENV)
    manifest.write_text(json.dumps(_manifest(count, rows)), encoding="utf-8")
    return base


def write_data(base: Path, rows: int) -> None:
    """(In a child process, so the measuring process never holds a JVM.)"""
    from pyspark.sql import functions as F

    from contractkit.spark import session

    spark = session(app_name="plugin-overhead-data")
    count = len(list((base / "contracts").glob("*.yaml")))
    now = int(time.time())
    for index, item in enumerate(generate(count, rows)):
        df = spark.range(rows, numPartitions=2).select(
            *[
                F.expr(c.sql(index * 100 + i, now)).cast(c.type).alias(c.name)
                for i, c in enumerate(item.columns)
            ]
        )
        df.write.mode("overwrite").parquet(str(base / "data" / item.name))
    spark.stop()


# -- the three measurements -------------------------------------------------------------------

JOBCOUNT_PLUGIN = '''\
"""Writes the Spark jobs run so far to spark_jobs.txt, before the last item's teardown
stops the session (one call to the status tracker per run)."""
import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    if nextitem is None:
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is not None:
            jobs = active.sparkContext.statusTracker().getJobIdsForGroup(None)
            with open("spark_jobs.txt", "w") as out:
                out.write(f"SPARK_JOBS {len(jobs)}\\n")
'''


def floor(base: Path, uniqueness: bool) -> None:
    """Start the plugin fixture's session; one aggregation per dataset (and, with
    `uniqueness`, the distinct count of contracts declaring a unique column or a primary
    key); print the jobs."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import contractkit
    from contractkit.derived import all_expectations
    from contractkit.spark.sessions import LOCAL_CONFIG

    builder = SparkSession.builder.master("local[*]").appName("pytest-contracts")
    for key, value in LOCAL_CONFIG.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for path in sorted((base / "contracts").glob("*.yaml")):
        contract = contractkit.load(path)
        aggregates = [F.count(F.lit(1))]
        aggregates += [F.count_if(~F.expr(e.expression)) for e in all_expectations(contract)]
        if contract.sla is not None and contract.sla.freshness_column is not None:
            aggregates.append(F.max(contract.sla.freshness_column))
        df = spark.read.parquet(str(base / "data" / contract.name))
        df.agg(*aggregates).collect()
        keys = [(f.name,) for f in contract.fields if f.unique]
        keys += [tuple(contract.schema_.primary_key)] if contract.schema_.primary_key else []
        if uniqueness and keys:  # as the validator does: one more aggregation
            df.agg(
                *[F.count_if(F.col(k[0]).isNotNull()) - F.count_distinct(*k) for k in keys],
                *[F.count_if(F.col(k[0]).isNull()) for k in keys],
            ).collect()
    jobs = spark.sparkContext.statusTracker().getJobIdsForGroup(None)
    print(f"SPARK_JOBS {len(jobs)}")
    spark.stop()


@dataclass
class Run:
    wall: float
    output: str

    def number(self, pattern: str) -> int | None:
        found = re.search(pattern, self.output)
        return int(found.group(1)) if found else None


def run(command: list[str], cwd: Path) -> Run:
    (cwd / "spark_jobs.txt").unlink(missing_ok=True)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"$ {shlex.join(command)}\nexit {done.returncode}\n{done.stdout}{done.stderr}")
    jobs = cwd / "spark_jobs.txt"
    return Run(wall, done.stdout + (jobs.read_text() if jobs.exists() else ""))


def commands(base: Path) -> dict[str, list[str]]:
    """Each run in `base`, so the commands printed are the ones run."""
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    script = os.path.relpath(Path(__file__).resolve(), base)
    return {
        "a": [
            *pytest,
            *("-p", "jobcount", "--contracts", "--contracts-server", "local"),
            "contracts",
        ],
        "b": [*pytest, "spark_start/test_spark_start.py"],
        "c": [sys.executable, script, "--floor", "."],
        "d": [sys.executable, script, "--floor", ".", "--unique"],
    }


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=50)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--unique", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_data is not None:
        write_data(args.write_data, args.rows)
        return
    if args.floor is not None:
        floor(args.floor, args.unique)
        return

    base = prepare(args.contracts, args.rows)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {_load()}", flush=True)
    todo = commands(base)
    runs: dict[str, list[Run]] = {key: [] for key in todo}
    for _ in range(args.repeat):
        for key, command in todo.items():
            runs[key].append(run(command, base))
    median = {key: statistics.median(r.wall for r in found) for key, found in runs.items()}
    last = {key: found[-1] for key, found in runs.items()}
    items = last["a"].number(r"(\d+) passed")
    n = args.contracts
    overhead = (median["a"] - median["b"] - (median["c"] - median["b"])) / n

    print()
    print(
        f"{n} contracts, {args.rows:,} rows each, Parquet; medians of {args.repeat} fresh "
        f"processes per command (all runs: wall seconds)."
    )
    print()
    print("| command | median wall | runs | Spark jobs | items |")
    print("| --- | ---: | --- | ---: | ---: |")
    labels = {
        "a": f"a. `pytest --contracts` over {n} contracts",
        "b": "b. Spark start (one trivial test with the `spark` fixture)",
        "c": f"c. floor: start + one `df.agg` per dataset ({n})",
        "d": "d. floor + the uniqueness aggregation where declared",
    }
    for key, label in labels.items():
        walls = ", ".join(f"{r.wall:.1f}" for r in runs[key])
        jobs = last[key].number(r"SPARK_JOBS (\d+)")
        shown_jobs = "0" if key == "b" else ("-" if jobs is None else str(jobs))
        shown_items = str(items) if key == "a" else ""
        print(f"| {label} | {median[key]:.1f} s | {walls} | {shown_jobs} | {shown_items} |")
    print()
    print(f"- Spark start (b): {median['b']:.1f} s")
    print(f"- one pass per dataset beyond the start (c - b): {median['c'] - median['b']:.1f} s")
    print(f"- the plugin beyond both (a - c): {median['a'] - median['c']:.1f} s")
    print(f"- per contract: (a - b - (c - b)) / {n} = {overhead * 1000:.0f} ms")
    unique = median["d"] - median["c"]
    print(f"- of which the uniqueness aggregations (d - c): {unique:.1f} s")
    pure = (median["a"] - median["d"]) / n
    print(f"- per contract beyond the same Spark work (a - d) / {n}: {pure * 1000:.0f} ms")
    if items:
        per_item = (median["a"] - median["d"]) / items
        print(f"- per item beyond the same Spark work: {per_item * 1000:.1f} ms ({items} items)")
    print()
    print("Commands, each run as a fresh process from the repository root:")
    print()
    for key, command in todo.items():
        shown = shlex.join(["python", *command[1:]])
        print(f"    {key}. cd {base.relative_to(ROOT)} && {shown}")
    print()
    print(f"At the end: {_load()}.")


if __name__ == "__main__":
    main()
