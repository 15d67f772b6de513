"""ODCS pairs for benchmarks/diff_scale.py: `contractkit diff` on two ODCS files, its verdict on
the same files imported as contracts, and datacontract-cli's `breaking` and `changelog` beside
it, each timed as a whole process.

The pairs: the seed pair (contracts/silver_orders.yaml and its changed copy) exported with the
installed `contractkit export odcs`; the hand-written ODCS fixtures of the same pair; and
official examples of the Bitol repository (../shared/odcs-examples, skipped where absent), each
with one breaking and one compatible edit made here, so the expected verdict is known.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Data = dict[str, Any]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT.parent / "shared" / "odcs-examples" / "bitol-main" / "docs" / "examples"
SEED_PAIR = ("contracts/silver_orders.yaml", "benchmarks/fixtures/silver_orders_next.yaml")
HAND_WRITTEN = ("silver_orders.odcs.yaml", "silver_orders_next.odcs.yaml")
DC_OPTIONS = ["--no-inline-references"]
"""datacontract-cli would otherwise look up authoritativeDefinitions over the network."""


# -- edits of the official examples ---------------------------------------------------------


def _object(document: Data, name: str) -> Data:
    return next(o for o in document["schema"] if o["name"] == name)


def _property(document: Data, obj: str, name: str) -> Data:
    return next(p for p in _object(document, obj)["properties"] if p["name"] == name)


def _remove(obj: str, name: str) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        target = _object(document, obj)
        target["properties"] = [p for p in target["properties"] if p["name"] != name]

    return edit


def _add_optional(obj: str, name: str, physical: str) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        _object(document, obj)["properties"].append(
            {"name": name, "logicalType": "string", "physicalType": physical, "required": False}
        )

    return edit


def _set(obj: str, name: str, key: str, value: Any) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        _property(document, obj, name)[key] = value

    return edit


def _set_quality_bound(obj: str, name: str, bound: float) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        _property(document, obj, name)["quality"][0]["mustBeLessOrEqualTo"] = bound

    return edit


def _item_members(document: Data) -> list[Data]:
    members: list[Data] = _property(document, "AnotherObject", "x")["items"]["properties"]
    return members


def _remove_zip_member(document: Data) -> None:
    members = _item_members(document)
    members[:] = [m for m in members if m["name"] != "zip"]


def _add_city_member(document: Data) -> None:
    _item_members(document).append(
        {"name": "city", "logicalType": "string", "physicalType": "VARCHAR(40)"}
    )


def _reverse_properties(obj: str) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        _object(document, obj)["properties"].reverse()

    return edit


def _sql_rule(query: str) -> Callable[[Data], None]:
    def edit(document: Data) -> None:
        rule = {"type": "sql", "name": "no_large_amounts", "query": query, "mustBe": 0}
        _object(document, "tbl")["quality"] = [rule]

    return edit


def _max_length(length: int) -> Callable[[Data], None]:
    return _set("tbl", "rcvr_id", "logicalTypeOptions", {"maxLength": length})


@dataclass(frozen=True)
class Edit:
    expected: str
    """'breaking' or 'compatible': what a consumer of the old version would say."""
    what: str
    apply: Callable[[Data], None]
    prepare: Callable[[Data], None] | None = None
    """Applied to both versions first: what the example lacks for this edit."""


EXAMPLE_EDITS: dict[str, tuple[Edit, ...]] = {
    "all/full-example.odcs.yaml": (
        Edit("breaking", "receivers.receiver_name removed", _remove("receivers", "receiver_name")),
        Edit(
            "compatible",
            "optional receivers.receiver_city added",
            _add_optional("receivers", "receiver_city", "varchar(80)"),
        ),
        Edit(
            "breaking",
            "receivers.id may be null (required true -> false)",
            _set("receivers", "id", "required", False),
        ),
        Edit(
            "compatible",
            "tbl.rcvr_id now required (false -> true)",
            _set("tbl", "rcvr_id", "required", True),
        ),
        Edit("compatible", "tbl's properties reordered", _reverse_properties("tbl")),
    ),
    "all/postgresql-adventureworks-contract.odcs.yaml": (
        Edit("breaking", "employee.jobtitle removed (68 objects)", _remove("employee", "jobtitle")),
        Edit(
            "compatible",
            "employee.loginid description added (68 objects)",
            _set("employee", "loginid", "description", "The employee's network login."),
        ),
    ),
    "schema/table-columns-with-partition.odcs.yaml": (
        Edit(
            "breaking", "tbl.amount double -> float", _set("tbl", "amount", "physicalType", "float")
        ),
        Edit(
            "compatible",
            "tbl.amount businessName changed",
            _set("tbl", "amount", "businessName", "Amount of the transaction"),
        ),
        Edit(
            "compatible",
            "tbl.amount physicalType double -> DOUBLE (same type)",
            _set("tbl", "amount", "physicalType", "DOUBLE"),
        ),
        Edit(
            "breaking",
            "tbl.rcvr_id maxLength 20 -> 40",
            _max_length(40),
            prepare=_max_length(20),
        ),
        Edit(
            "compatible",
            "tbl.rcvr_id maxLength 20 -> 10",
            _max_length(10),
            prepare=_max_length(20),
        ),
        Edit(
            "breaking",
            "SQL rule `amount > 1000` -> `amount > 5000` (rows allowed up to 5000)",
            _sql_rule("SELECT COUNT(*) FROM tbl WHERE amount > 5000"),
            prepare=_sql_rule("SELECT COUNT(*) FROM tbl WHERE amount > 1000"),
        ),
    ),
    "schema/all-schema-types.odcs.yaml": (
        Edit("breaking", "x[].zip (struct in array) removed", _remove_zip_member),
        Edit("compatible", "optional x[].city added", _add_city_member),
    ),
    "quality/column-validity.odcs.yaml": (
        Edit(
            "breaking",
            "invalid values allowed 5% -> 10%",
            _set_quality_bound("Air_Quality", "air_quality_status", 10),
        ),
        Edit(
            "compatible",
            "invalid values allowed 5% -> 2%",
            _set_quality_bound("Air_Quality", "air_quality_status", 2),
        ),
    ),
}


# -- building the pairs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two ODCS files, where to import them, and the verdict a consumer expects."""

    label: str
    change: str
    expected: str
    old: Path
    new: Path
    old_imported: Path
    new_imported: Path


def _run(
    command: list[str], env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, env=env)


def _import(pair: Pair, exe: str, env: dict[str, str]) -> None:
    """Each ODCS file imported by the installed command into a folder at the file's own
    depth, so relative server paths mean the same from the contracts as from the ODCS files."""
    for source, folder in ((pair.old, pair.old_imported), (pair.new, pair.new_imported)):
        folder.mkdir(parents=True, exist_ok=True)
        done = _run([exe, "import", "odcs", str(source), "--out", str(folder)], env)
        if done.returncode != 0:
            raise RuntimeError(f"import odcs {source} failed: {done.stderr.strip()[-400:]}")


def _seed_pairs(out: Path, exe: str, env: dict[str, str]) -> Iterator[Pair]:
    root = out / "seed-exported"
    shutil.rmtree(root, ignore_errors=True)
    exported = []
    for written in SEED_PAIR:
        # The repository's layout, mirrored: each contract's relative server path keeps
        # pointing where it points from the contract.
        target = root / "odcs" / written.replace(".yaml", ".odcs.yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        done = _run([exe, "export", "odcs", written, "--out", str(target)], env)
        if done.returncode != 0:
            raise RuntimeError(f"export odcs {written} failed: {done.stderr.strip()[-400:]}")
        exported.append(target)
    yield Pair(
        "seed pair, exported",
        "rename, widening, new allowed value, lower threshold",
        "breaking",
        exported[0],
        exported[1],
        root / "imported" / "contracts",
        root / "imported" / "benchmarks" / "fixtures",
    )
    root = out / "seed-hand-written"
    shutil.rmtree(root, ignore_errors=True)
    (root / "odcs").mkdir(parents=True)
    copies = [shutil.copy(FIXTURES / name, root / "odcs" / name) for name in HAND_WRITTEN]
    yield Pair(
        "seed pair, hand-written ODCS v3.2.0",
        "the same changes, no renamed_from",
        "breaking",
        Path(copies[0]),
        Path(copies[1]),
        root / "imported" / "old",
        root / "imported" / "new",
    )


def _bumped(version: str, expected: str) -> str:
    """The version a producer would give the change: major for a break, else minor."""
    major, minor, _ = (int(part) for part in version.split("."))
    return f"{major + 1}.0.0" if expected == "breaking" else f"{major}.{minor + 1}.0"


def _example_pairs(out: Path) -> Iterator[Pair]:
    for example, edits in EXAMPLE_EDITS.items():
        original = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
        stem = Path(example).name.removesuffix(".odcs.yaml")
        for number, edit in enumerate(edits, 1):
            root = out / f"{stem}-{number}-{edit.expected}"
            shutil.rmtree(root, ignore_errors=True)
            base = json.loads(json.dumps(original, default=str))
            if edit.prepare:
                edit.prepare(base)
            changed = json.loads(json.dumps(base))
            edit.apply(changed)
            changed["version"] = _bumped(str(base["version"]), edit.expected)
            files = []
            for side, document in (("old", base), ("new", changed)):
                path = root / "odcs" / side / Path(example).name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
                files.append(path)
            yield Pair(
                f"{example} (v{str(original['apiVersion']).lstrip('v')})",
                edit.what,
                edit.expected,
                files[0],
                files[1],
                root / "imported" / "old",
                root / "imported" / "new",
            )


def build_pairs(out: Path, exe: str, env: dict[str, str]) -> tuple[list[Pair], list[str]]:
    """The pairs, imported; and a note for each group that could not be built."""
    notes: list[str] = []
    pairs = list(_seed_pairs(out, exe, env))
    if EXAMPLES.is_dir():
        pairs += list(_example_pairs(out))
    else:
        notes.append(f"official examples skipped: {EXAMPLES} is absent")
    for pair in pairs:
        _import(pair, exe, env)
    return pairs, notes


# -- verdicts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    breaking: bool
    text: str
    findings: tuple[tuple[Any, ...], ...] = ()


def contractkit_verdict(exe: str, old: Path, new: Path, env: dict[str, str]) -> Verdict:
    done = _run([exe, "diff", str(old), str(new), "--format", "json"], env)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return Verdict(False, f"exit {done.returncode}: {done.stderr.strip()[-200:]}")
    changes = report.get("changes", [])
    keys = ("contract", "rule", "severity", "path", "message", "old", "new")
    findings = tuple(sorted(tuple(str(c.get(k)) for k in keys) for c in changes))
    breaking = sorted({c["rule"] for c in changes if c["severity"] == "breaking"})
    counts = {s: sum(c["severity"] == s for c in changes) for s in ("warning", "info")}
    others = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if breaking:
        text = f"breaking: {', '.join(breaking)}"
    else:
        text = "not breaking" + (f" ({others})" if others else "")
    return Verdict(bool(report.get("breaking")), f"{text}; exit {done.returncode}", findings)


_SUMMARY = re.compile(r"\[ (\d+) (Error|Warning|Info) \]")


def datacontract_verdict(datacontract: str, old: Path, new: Path, env: dict[str, str]) -> Verdict:
    done = _run([datacontract, "breaking", *DC_OPTIONS, str(old), str(new)], env)
    counts = {kind: int(n) for n, kind in _SUMMARY.findall(done.stdout)}
    if done.returncode not in (0, 1) or (not counts and "Summary" not in done.stdout):
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        return Verdict(False, f"failed, exit {done.returncode}: {tail[0][:160]}")
    listed = ", ".join(f"{n} {k.lower()}" for k, n in counts.items()) or "no changes"
    breaking = done.returncode == 1
    return Verdict(breaking, f"{'breaking' if breaking else 'not breaking'} ({listed})")


# -- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def ms(self) -> str:
        return f"{self.wall * 1000:,.0f} ms ({self.cpu * 1000:,.0f} ms)"


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, Timing]:
    """Median wall and CPU time of each command as a fresh process, the commands taking turns
    run after run (after one warm-up run each), so a change in the machine's load falls on
    all of them alike."""
    import resource

    for command in commands.values():
        _run(command, env)
    walls: dict[str, list[float]] = {label: [] for label in commands}
    cpus: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=env)
            walls[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[label].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {
        label: Timing(statistics.median(walls[label]), statistics.median(cpus[label]))
        for label in commands
    }


# -- the section ----------------------------------------------------------------------------

_COLUMNS = ("odcs", "imported", "breaking", "changelog")


def _agreement(verdict: Verdict, expected: str) -> str:
    if verdict.breaking == (expected == "breaking"):
        return ""
    return " **(misses the break)**" if expected == "breaking" else " **(false alarm)**"


def report(
    out: Path, exe: str, datacontract: str | None, dc_reason: str, runs: int, env: dict[str, str]
) -> list[str]:
    """The section's lines: a verdict table and a time table, one row per pair."""
    out.mkdir(parents=True, exist_ok=True)
    pairs, notes = build_pairs(out, exe, env)
    lines = [f"Pairs written under {out.relative_to(ROOT)}/.", *notes]
    if datacontract is None:
        lines.append(f"datacontract-cli skipped: {dc_reason}")
    lines += [
        "",
        "| pair | change | expected | `contractkit diff` on the ODCS files | the same on the "
        "imported contracts | `datacontract breaking` |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    timings: list[tuple[Pair, dict[str, Timing]]] = []
    mismatches = 0
    for pair in pairs:
        on_odcs = contractkit_verdict(exe, pair.old, pair.new, env)
        on_imported = contractkit_verdict(exe, pair.old_imported, pair.new_imported, env)
        same = on_odcs.findings == on_imported.findings and on_odcs.breaking == on_imported.breaking
        mismatches += not same
        imported_text = (
            f"same {len(on_odcs.findings)} findings" if same else f"**differs**: {on_imported.text}"
        )
        dc_text = "skipped (not installed)"
        if datacontract:
            dc = datacontract_verdict(datacontract, pair.old, pair.new, env)
            dc_text = dc.text + _agreement(dc, pair.expected)
        lines.append(
            f"| {pair.label} | {pair.change} | {pair.expected} "
            f"| {on_odcs.text}{_agreement(on_odcs, pair.expected)} | {imported_text} | {dc_text} |"
        )
        commands = {
            "odcs": [exe, "diff", str(pair.old), str(pair.new)],
            "imported": [exe, "diff", str(pair.old_imported), str(pair.new_imported)],
        }
        if datacontract:
            for verb in ("breaking", "changelog"):
                commands[verb] = [datacontract, verb, *DC_OPTIONS, str(pair.old), str(pair.new)]
        if runs:
            timings.append((pair, interleaved(commands, runs, env)))
    lines += [
        "",
        f"contractkit's verdict on the ODCS files differs from the one on the imported "
        f"contracts in {mismatches} of {len(pairs)} pairs.",
    ]
    if not runs:
        return lines
    lines += [
        "",
        f"Whole-process times, wall (CPU): medians of {runs} runs, the commands interleaved.",
        "",
        "| pair | change | `contractkit diff` ODCS | `contractkit diff` imported "
        "| ODCS / imported, CPU | `datacontract breaking` | `datacontract changelog` |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pair, timing in timings:
        cells = [timing[k].ms() if k in timing else "skipped" for k in _COLUMNS]
        ratio = timing["odcs"].cpu / timing["imported"].cpu
        cells.insert(2, f"{ratio:.2f}x")
        lines.append(f"| {pair.label} | {pair.change} | {' | '.join(cells)} |")
    return lines
