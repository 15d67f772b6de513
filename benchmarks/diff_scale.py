"""How `contractkit diff` scales, and what a cold run costs; datacontract-cli beside it.

1. Generated contracts of N = 1,000 to 10,000 fields (counting struct subfields and the
   members of structs in arrays), with nested types: structs given by `fields`, arrays of
   structs, maps, structs in type strings; constraints, expectations, an SLA and consumers
   with `uses`. A copy is mutated about 1% per kind of change: fields removed, renamed with
   `renamed_from`, widened, made nullable, added; allowed values added; struct subfields
   removed and added; a map's value type widened; thresholds lowered, expressions
   tightened. Loading (as the CLI reads a file) and diffing are timed apart, each the
   median of --runs runs in this process, and the diff time per field shows the growth.
2. A cold `contractkit diff` of contracts/silver_orders.yaml against a changed copy
   (benchmarks/fixtures/silver_orders_next.yaml), each run a fresh process, the median of
   --cli-runs runs after one warm-up run, as benchmarks/cli_startup.py measures.
3. datacontract-cli's `datacontract breaking` on the same contracts in the Open Data
   Contract Standard it reads (benchmarks/fixtures/*.odcs.yaml; the generated ones are
   converted from the same data), when its command is found (--datacontract, else
   /tmp/dcvenv/bin/datacontract, else PATH). It is never a dependency of contractkit:
   install it in a throwaway venv, `python -m venv /tmp/dcvenv &&
   /tmp/dcvenv/bin/pip install datacontract-cli==1.2.8` (the newest release, with both
   `breaking` and `changelog`; they went with its move to ODCS in 0.11, and `breaking` is
   back only from 1.2.0).
4. ODCS pairs (benchmarks/odcs_pairs.py): `contractkit diff` on two ODCS files, whose
   verdict must equal its verdict on the same files imported as contracts, beside
   `datacontract breaking` and `datacontract changelog` on the same files; the seed pair
   exported with `contractkit export odcs`, its hand-written ODCS fixtures, and official
   ODCS examples (../shared/odcs-examples) with a breaking and a compatible edit each. Each
   command a fresh process, medians of --odcs-runs runs, the commands interleaved. A
   contender that is not installed is skipped with the reason.

    python benchmarks/diff_scale.py [--sizes 1000,2500,5000,10000] [--runs 5] [--cli-runs 21]
        [--odcs-runs 11] [--sections scale,cold,odcs]
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import odcs_pairs
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUT = Path(__file__).resolve().parent / "out"
SEED = ROOT / "contracts" / "silver_orders.yaml"
SEED_NEXT = FIXTURES / "silver_orders_next.yaml"
ODCS_SEEDS = ("silver_orders.odcs.yaml", "silver_orders_next.odcs.yaml")

# Installed packages normally carry .pyc files; a sandbox that forbids writing them would
# measure compilation instead of start-up.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

Data = dict[str, Any]
SCALARS = ("string", "int", "bigint", "double", "decimal(18,2)", "date", "timestamp", "boolean")


# -- generated contracts --------------------------------------------------------------------


def _scalar(index: int) -> Data:
    kind = SCALARS[index % len(SCALARS)]
    item: Data = {"name": f"c{index}", "type": kind, "nullable": index % 3 != 0}
    if kind == "string" and index % 7 == 0:
        item["allowed_values"] = ["A", "B", "C"]
    elif kind == "string" and index % 11 == 0:
        item["pattern"] = "^[A-Z0-9]{1,12}$"
    elif kind == "int" and index % 5 == 0:
        item["min"] = 0
        item["max"] = 1_000_000
    if kind in ("string", "bigint") and index % 13 == 0:
        item["unique"] = True
    return item


def _nested(index: int) -> tuple[Data, int]:
    """A nested field and how many fields it counts (itself and its named members)."""
    shape = index % 4
    name = f"n{index}"
    if shape == 0:
        subfields = [
            {"name": "city", "type": "string"},
            {"name": "zip", "type": "string", "nullable": False},
            {"name": "country", "type": "string", "allowed_values": ["DE", "FR", "NL"]},
        ]
        return {"name": name, "fields": subfields}, 4
    if shape == 1:
        return {"name": name, "type": "array<struct<sku:string,qty:int,price:decimal(10,2)>>"}, 4
    if shape == 2:
        return {"name": name, "type": "map<string,int>", "nullable": False}, 1
    return {"name": name, "type": "struct<lat:double,lon:double NOT NULL>"}, 3


def generate(size: int) -> Data:
    """A valid contract with `size` fields, one nested field in every five."""
    fields: list[Data] = []
    count = index = 0
    while count < size:
        if index % 5 == 4:
            item, counted = _nested(index)
        else:
            item, counted = _scalar(index), 1
        fields.append(item)
        count += counted
        index += 1
    ints = [f["name"] for f in fields if f.get("type") == "int"]
    expectations = [
        {"name": f"positive_{name}", "expression": f"{name} > 0", "threshold": "99.9%"}
        for name in ints[::10]
    ]
    tops = [f["name"] for f in fields]
    consumers: list[Data] = [
        {"pipeline": f"consumer-{k}", "uses": tops[k::97][:40]} for k in range(5)
    ]
    consumers.append({"pipeline": "warehouse-export"})  # reads everything
    return {
        "contract": {
            "name": f"wide_{size}",
            "version": "1.0.0",
            "owner": "data@example.com",
            "producer_pipeline": "wide-etl",
        },
        "schema": {"fields": fields},
        "quality": {"expectations": expectations},
        "sla": {"freshness": "< 1 hour", "availability": "99.9%"},
        "consumers": consumers,
        "changelog": [{"version": "1.0.0", "changes": "Initial"}],
    }


def mutate(data: Data) -> Data:
    """About 1% of each kind of change, spread over the schema."""
    new = copy.deepcopy(data)
    used = {u for c in new["consumers"] for u in c.get("uses") or []}
    used |= {e["expression"].split()[0] for e in new["quality"]["expectations"]}
    kept = []
    for position, item in enumerate(new["schema"]["fields"]):
        name = item["name"]
        if position % 97 == 1 and name not in used:
            continue  # removed
        if position % 89 == 2 and name not in used:
            item["name"] = f"{name}_renamed"
            item["renamed_from"] = name
        if item.get("type") == "int" and position % 5 == 2 and name not in used:
            item["type"] = "bigint"
            item.pop("min", None)
            item.pop("max", None)
        if item.get("nullable") is False and position % 7 == 3:
            item["nullable"] = True
        if "allowed_values" in item and position % 3 == 0:
            item["allowed_values"] = [*item["allowed_values"], "Z"]
        if item.get("fields") and position % 10 == 4:
            item["fields"] = [
                *[s for s in item["fields"] if s["name"] != "city"],
                {"name": "street", "type": "string"},
            ]
        if item.get("type") == "map<string,int>" and position % 10 == 2:
            item["type"] = "map<string,bigint>"
        if str(item.get("type", "")).startswith("array<") and position % 20 == 1:
            item["type"] = "array<struct<sku:string,qty:bigint,price:decimal(10,2)>>"
        kept.append(item)
    for index in range(len(kept) // 100):
        kept.append({"name": f"added_{index}", "type": "string"})
    new["schema"]["fields"] = kept
    for position, expectation in enumerate(new["quality"]["expectations"]):
        if position % 2 == 0:
            expectation["threshold"] = "99%"
        elif position % 3 == 0:
            column = expectation["expression"].split()[0]
            expectation["expression"] = f"{column} > 10"
    new["contract"]["version"] = "2.0.0"
    new["changelog"].insert(0, {"version": "2.0.0", "changes": "Many changes"})
    return new


def to_odcs(data: Data) -> Data:
    """The same contract in the Open Data Contract Standard v3 that datacontract-cli reads."""
    table = data["contract"]["name"]
    properties = [_odcs_property(item) for item in data["schema"]["fields"]]
    quality = [
        {
            "type": "sql",
            "name": e["name"],
            "query": f"SELECT COUNT(*) FROM {table} WHERE NOT ({e['expression']})",
            "mustBeLessOrEqualTo": round(100 - float(e["threshold"].rstrip("%")), 4),
            "unit": "percent",
        }
        for e in data["quality"]["expectations"]
    ]
    schema: Data = {"name": table, "physicalType": "table", "properties": properties}
    if quality:
        schema["quality"] = quality
    return {
        "apiVersion": "v3.2.0",
        "kind": "DataContract",
        "id": table,
        "name": table,
        "version": data["contract"]["version"],
        "status": "active",
        "team": {"name": data["contract"]["owner"]},
        "schema": [schema],
        "slaProperties": [
            {"property": "freshness", "value": 1, "unit": "h"},
            {"property": "availability", "value": data["sla"]["availability"]},
        ],
    }


_LOGICAL = {
    "string": "string",
    "int": "integer",
    "bigint": "integer",
    "double": "number",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}


def _odcs_property(item: Data) -> Data:
    result: Data = {"name": item["name"]}
    kind = item.get("type")
    if item.get("fields"):
        result["logicalType"] = "object"
        result["properties"] = [_odcs_property(sub) for sub in item["fields"]]
    elif kind.startswith("array<struct<"):
        members = kind[len("array<struct<") : -2].split(",")
        result["logicalType"] = "array"
        result["items"] = {"logicalType": "object", "properties": _odcs_members(members)}
    elif kind.startswith("struct<"):
        result["logicalType"] = "object"
        result["properties"] = _odcs_members(kind[len("struct<") : -1].split(","))
    else:
        result["logicalType"] = _LOGICAL.get(kind, "number" if "decimal" in kind else "object")
        result["physicalType"] = kind
    if item.get("nullable", True) is False:
        result["required"] = True
    if item.get("unique"):
        result["unique"] = True
    if "allowed_values" in item:
        result["enum"] = [{"value": v} for v in item["allowed_values"]]
    options = {k: item[k] for k in ("pattern",) if k in item}
    options |= {
        {"min": "minimum", "max": "maximum"}[k]: item[k] for k in ("min", "max") if k in item
    }
    if options:
        result["logicalTypeOptions"] = options
    return result


def _odcs_members(members: list[str]) -> list[Data]:
    found = []
    for member in members:
        name, _, kind = member.partition(":")
        required = kind.endswith(" NOT NULL")
        kind = kind.removesuffix(" NOT NULL")
        entry: Data = {"name": name, "logicalType": _LOGICAL.get(kind, "number")}
        entry["physicalType"] = kind
        if required:
            entry["required"] = True
        found.append(entry)
    return found


def field_count(data: Data) -> int:
    def count(items: list[Data]) -> int:
        total = 0
        for item in items:
            total += 1
            if item.get("fields"):
                total += count(item["fields"])
            elif "struct<" in str(item.get("type")):
                total += str(item["type"]).count(":")
        return total

    return count(data["schema"]["fields"])


# -- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Medians of wall time and CPU time, in seconds. On a shared machine other work
    stretches wall time; CPU time (user + system) is what the command itself spent."""

    wall: float
    cpu: float

    def ms(self) -> str:
        return f"{self.wall * 1000:.0f} ms ({self.cpu * 1000:.0f} ms)"

    def s(self) -> str:
        return f"{self.wall:.2f} s ({self.cpu:.2f} s)"


def median_in_process(action: Callable[[], object], runs: int) -> Timing:
    action()  # warm-up: imports, caches
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus))


def median_process(command: list[str], runs: int, cwd: Path = ROOT) -> tuple[Timing, int]:
    """A fresh process each run, after one warm-up run: median times, and the exit code."""
    subprocess.run(command, capture_output=True, check=False, cwd=cwd, env=ENV)
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=cwd, env=ENV)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = done.returncode
    return Timing(statistics.median(walls), statistics.median(cpus)), code


def find_datacontract(given: str | None) -> tuple[str | None, str]:
    """The datacontract executable and its version, or None and why not."""
    candidates = (
        [given] if given else ["/tmp/dcvenv/bin/datacontract", shutil.which("datacontract")]
    )
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            try:
                done = subprocess.run(
                    [candidate, "--version"], capture_output=True, text=True, timeout=120, env=ENV
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return None, f"{candidate} does not run: {exc}"
            if done.returncode != 0:
                return None, f"{candidate} --version failed: {done.stderr.strip()[:200]}"
            return candidate, done.stdout.strip()
    missing = f"{given} does not exist" if given else "datacontract-cli is not installed"
    return None, (
        f"{missing} (python -m venv /tmp/dcvenv && "
        "/tmp/dcvenv/bin/pip install datacontract-cli==1.2.8)"
    )


def write_yaml(path: Path, data: Data) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def heavy_modules() -> str:
    probe = (
        "import sys\n"
        "from contractkit.cli import main\n"
        "main(['diff', sys.argv[1], sys.argv[2]], standalone_mode=False)\n"
        "roots = {'pyspark', 'pandas', 'py4j'}\n"
        "print('HEAVY', ','.join(sorted(m for m in sys.modules if m.split('.')[0] in roots)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(SEED), str(SEED_NEXT)],
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
    )
    marked = [line for line in done.stdout.splitlines() if line.startswith("HEAVY")]
    if done.returncode != 0 or not marked:
        return f"probe failed: {done.stderr.strip()[-300:]}"
    return marked[-1].removeprefix("HEAVY").strip() or "none"


def scale_row(size: int, runs: int, cli_runs: int, exe: str, datacontract: str | None) -> str:
    """One table row: `size` fields, loaded and diffed in process, then both CLIs."""
    from contractkit.breaking import diff_contracts
    from contractkit.breaking.snapshot import flatten
    from contractkit.loader import analyze_text

    old_data = generate(size)
    new_data = mutate(old_data)
    old_text = yaml.safe_dump(old_data, sort_keys=False)
    new_text = yaml.safe_dump(new_data, sort_keys=False)

    def load() -> tuple[Any, Any]:
        """Both versions, as `contractkit diff` reads its files (expressions not parsed)."""
        before = analyze_text(old_text, "old.yaml", expressions=False)
        after = analyze_text(new_text, "new.yaml", expressions=False)
        assert before.ok, before.diagnostics[:3]
        assert after.ok, after.diagnostics[:3]
        return before.contract, after.contract

    previous, current = load()
    load_time = median_in_process(load, runs)
    diff_time = median_in_process(lambda: diff_contracts(previous, current), runs)
    findings = len(diff_contracts(previous, current).findings)
    fields = field_count(old_data)
    old_path = write_yaml(OUT / f"wide_{size}.yaml", old_data)
    new_path = write_yaml(OUT / f"wide_{size}_next.yaml", new_data)
    cli_time, _ = median_process([exe, "diff", str(old_path), str(new_path)], cli_runs)
    per_field = f"{diff_time.wall / fields * 1e6:.0f} µs ({diff_time.cpu / fields * 1e6:.0f} µs)"
    row = (
        f"| {fields:,} | {len(flatten(previous)):,} | {findings:,} | {load_time.ms()} "
        f"| {diff_time.ms()} | {per_field} | {cli_time.s()} |"
    )
    if datacontract:
        odcs_old = write_yaml(OUT / f"wide_{size}.odcs.yaml", to_odcs(old_data))
        odcs_new = write_yaml(OUT / f"wide_{size}_next.odcs.yaml", to_odcs(new_data))
        command = [datacontract, "breaking", str(odcs_old), str(odcs_new)]
        dc_time, dc_code = median_process(command, cli_runs, cwd=OUT)
        row += f" {dc_time.s()}, exit {dc_code} |"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    parser.add_argument("--runs", type=int, default=5, help="in-process runs per size")
    parser.add_argument("--cli-runs", type=int, default=21, help="fresh processes per command")
    parser.add_argument("--scale-cli-runs", type=int, default=3, help="processes per size")
    parser.add_argument("--datacontract", help="datacontract-cli executable to compare")
    parser.add_argument("--odcs-runs", type=int, default=11, help="processes per ODCS command")
    parser.add_argument(
        "--sections", default="scale,cold,odcs", help="which parts to run: scale, cold, odcs"
    )
    args = parser.parse_args()
    sections = set(args.sections.split(","))

    exe = shutil.which("contractkit")
    if exe is None:
        sys.exit("contractkit is not installed: pip install -e '.[dev]'")
    datacontract, dc_version = find_datacontract(args.datacontract)
    OUT.mkdir(exist_ok=True)

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {_load()}; ", end="")
    print(
        f"datacontract-cli {dc_version}" if datacontract else f"no datacontract-cli: {dc_version}"
    )
    if "scale" in sections:
        scale_section(args, exe, datacontract)
    if "cold" in sections:
        cold_section(args, exe, datacontract)
    if "odcs" in sections:
        print()
        print("## ODCS pairs: contractkit beside datacontract-cli")
        print()
        lines = odcs_pairs.report(OUT / "odcs", exe, datacontract, dc_version, args.odcs_runs, ENV)
        print("\n".join(lines), flush=True)
    print(f"At the end: {_load()}.")


def scale_section(args: argparse.Namespace, exe: str, datacontract: str | None) -> None:
    print()
    print("## Scale: a generated contract against a mutated copy")
    print()
    print(
        f"Times are wall (CPU): medians of {args.runs} runs in this process, and of "
        f"{args.scale_cli_runs} fresh processes per command."
    )
    print()
    header = (
        "| fields | schema nodes | findings | load both (CLI path) | diff | diff per field "
        "| `contractkit diff` process |"
    )
    rule = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if datacontract:
        header += " `datacontract breaking` process |"
        rule += " ---: |"
    print(header)
    print(rule)
    for size in (int(s) for s in args.sizes.split(",")):
        print(scale_row(size, args.runs, args.scale_cli_runs, exe, datacontract), flush=True)


def cold_section(args: argparse.Namespace, exe: str, datacontract: str | None) -> None:
    print()
    print(f"## Cold CLI: medians of {args.cli_runs} fresh processes after one warm-up run")
    print()
    print("| command | wall (CPU) | exit |")
    print("| --- | ---: | ---: |")
    seed, following = str(SEED.relative_to(ROOT)), str(SEED_NEXT.relative_to(ROOT))
    commands = {
        "python -c pass (interpreter floor)": [sys.executable, "-c", "pass"],
        "contractkit --version": [exe, "--version"],
        f"contractkit diff {seed} {seed} (no changes)": [exe, "diff", seed, seed],
        f"contractkit diff {seed} {following}": [exe, "diff", seed, following],
        f"contractkit diff {seed} {following} --format json": [
            *(exe, "diff", seed, following, "--format", "json")
        ],
    }
    if datacontract:
        odcs = [f"benchmarks/fixtures/{name}" for name in ODCS_SEEDS]
        commands[f"datacontract breaking {' '.join(odcs)}"] = [datacontract, "breaking", *odcs]
    for label, command in commands.items():
        seconds, code = median_process(command, args.cli_runs)
        print(f"| `{label}` | {seconds.ms()} | {code} |", flush=True)
    print()
    print(f"pyspark, pandas or py4j modules loaded by `contractkit diff`: {heavy_modules()}")


def _load() -> str:
    """The machine's load, since other work on a shared machine skews the figures."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


if __name__ == "__main__":
    main()
