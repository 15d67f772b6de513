"""Small messy datasets on disk, each beside the contract it claims to meet.

`build(root)` writes one folder per case: `contract.yaml` (with a `local` server pointing at
`data/`) and `data/`, written with pyarrow (no JVM needed, so pytester runs can use it too).
The cases are the data contractkit exists to catch, and that used to break it: values of
the wrong type stored as strings (Spark's ANSI mode fails on the first cast), files that are
not Parquet at all, empty files and empty tables, NULL-only columns, timestamps in the
future and in the far past, and column names with dots, backticks, spaces and non-ASCII.

Each case says what a run must find (`expect`): the exit code of `contractkit check`, and
for the Python API either a read error or the expectations that must error / fail / pass.
The timestamps are written relative to `now` given to `build`, never read from the clock at
import time.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

__all__ = ["CASES", "Case", "build"]

HEADER = """\
contract: {{name: {name}, version: "1.0.0", owner: data@example.com, producer_pipeline: p}}
servers:
  - {{server: local, type: local, path: data, format: parquet}}
"""
CHANGELOG = 'changelog: [{version: "1.0.0"}]\n'


@dataclass(frozen=True)
class Case:
    name: str
    contract: str  # the YAML after the header
    write: Callable[[Path, dt.datetime], None]  # writes the files of data/
    exit_code: int  # of `contractkit check <case>/contract.yaml`
    # validate raises DataReadError (on the files read with the contract's schema, when
    # Spark cannot even read their own)
    read_error: bool = False
    errors: frozenset[str] = frozenset()  # expectations that cannot be evaluated
    failing: dict[str, int] = field(default_factory=dict)  # expectation -> failed rows
    schema: frozenset[tuple[str, str]] = frozenset()  # (kind, path) errors expected
    freshness_ok: bool | None = None


def _parquet(folder: Path, columns: dict[str, list[object]], types: dict[str, object]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, types[name]) for name in columns])
    table = pa.table(columns, schema=schema)
    pq.write_table(table, folder / "part-0.parquet")


def _types() -> dict[str, object]:
    import pyarrow as pa

    return {
        "string": pa.string(),
        "decimal": pa.decimal128(18, 2),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "long": pa.int64(),
    }


# -- the cases ------------------------------------------------------------------------------


def _wrong_types(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {
            "order_id": ["o1", "o2", "o3", "o4"],
            "amount": ["10.00", "abc", "-1.00", None],  # a decimal column stored as text
            "updated_at": [now - dt.timedelta(minutes=m) for m in (1, 2, 3, 4)],
        },
        {"order_id": t["string"], "amount": t["string"], "updated_at": t["timestamp"]},
    )


WRONG_TYPES = """\
schema:
  primary_key: [order_id]
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)", min: 0}
    - {name: updated_at, type: timestamp}
quality:
  expectations:
    - {name: positive_amount, expression: amount > 0}
    - {name: known_order, expression: order_id LIKE 'o%'}
    - {name: short_id, expression: length(order_id) < 3}
sla: {freshness: "< 1 hour", freshness_column: updated_at}
"""


def _corrupt(folder: Path, now: dt.datetime) -> None:
    (folder / "part-0.parquet").write_bytes(random.Random(11).randbytes(700))


def _empty_file(folder: Path, now: dt.datetime) -> None:
    (folder / "part-0.parquet").write_bytes(b"")


def _empty_table(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {"order_id": [], "amount": [], "updated_at": []},
        {"order_id": t["string"], "amount": t["decimal"], "updated_at": t["timestamp"]},
    )


PLAIN = """\
schema:
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)", min: 0}
    - {name: updated_at, type: timestamp}
quality:
  expectations:
    - {name: positive_amount, expression: amount > 0, action: drop}
sla: {freshness: "< 1 hour", freshness_column: updated_at}
"""


def _null_only(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {
            "order_id": [None, None, None],
            "amount": [None, None, None],
            "updated_at": [now, now, now],
        },
        {"order_id": t["string"], "amount": t["decimal"], "updated_at": t["timestamp"]},
    )


def _future(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {
            "order_id": ["o1", "o2"],
            "amount": [Decimal("1.00"), Decimal("2.00")],
            "updated_at": [now - dt.timedelta(days=1), now + dt.timedelta(days=1122, hours=3)],
        },
        {"order_id": t["string"], "amount": t["decimal"], "updated_at": t["timestamp"]},
    )


def _far_past(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {
            "order_id": ["o1", "o2"],
            "amount": [Decimal("1.00"), Decimal("2.00")],
            "updated_at": [
                dt.datetime(1000, 1, 1, tzinfo=dt.UTC),
                dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
            ],
        },
        {"order_id": t["string"], "amount": t["decimal"], "updated_at": t["timestamp"]},
    )


# Names lint accepts that are not plain identifiers: each is quoted wherever it is used.
DOT, TICK, SPACE, UNICODE = "order.id", "we`ird", "event time", "straße"


def _odd_names(folder: Path, now: dt.datetime) -> None:
    t = _types()
    _parquet(
        folder,
        {
            DOT: ["a", "b", "b", None],
            TICK: ["x", "y", "x", "z"],
            SPACE: [now - dt.timedelta(minutes=m) for m in (1, 2, 3, 4)],
            UNICODE: [Decimal("1.00"), Decimal("-2.00"), None, Decimal("3.00")],
        },
        {DOT: t["string"], TICK: t["string"], SPACE: t["timestamp"], UNICODE: t["decimal"]},
    )


ODD_NAMES = f"""\
schema:
  primary_key: ["{DOT}"]
  fields:
    - {{name: "{DOT}", type: string, nullable: false}}
    - {{name: "{TICK}", type: string, unique: true, allowed_values: [x, y, z]}}
    - {{name: "{SPACE}", type: timestamp, nullable: false}}
    - {{name: "{UNICODE}", type: "decimal(18,2)", min: 0}}
quality:
  expectations:
    - {{name: has_dot_id, expression: "`{DOT}` <> ''"}}
sla: {{freshness: "< 1 hour", freshness_column: "{SPACE}"}}
"""

CASES: tuple[Case, ...] = (
    Case(
        "wrong_types",
        WRONG_TYPES,
        _wrong_types,
        exit_code=1,
        errors=frozenset({"positive_amount", "amount_min"}),
        failing={"short_id": 0, "known_order": 0, "order_id_not_null": 0},
        schema=frozenset({("type_mismatch", "amount")}),
        freshness_ok=True,
    ),
    Case("corrupt", PLAIN, _corrupt, exit_code=2, read_error=True),
    # Spark cannot infer a schema from an empty file (check: exit 2); read with the
    # contract's schema, it is an empty table.
    Case(
        "empty_file",
        PLAIN,
        _empty_file,
        exit_code=2,
        failing={"positive_amount": 0, "amount_min": 0, "order_id_not_null": 0},
        freshness_ok=False,
    ),
    Case(
        "empty_table",
        PLAIN,
        _empty_table,
        exit_code=1,  # no data is not fresh data
        failing={"positive_amount": 0, "amount_min": 0, "order_id_not_null": 0},
        freshness_ok=False,
    ),
    Case(
        "null_only",
        PLAIN,
        _null_only,
        exit_code=1,
        failing={"positive_amount": 0, "amount_min": 0, "order_id_not_null": 3},
        freshness_ok=True,
    ),
    Case(
        "future",
        PLAIN,
        _future,
        exit_code=1,
        failing={"positive_amount": 0, "amount_min": 0, "order_id_not_null": 0},
        freshness_ok=False,
    ),
    Case(
        "far_past",
        PLAIN,
        _far_past,
        exit_code=1,
        failing={"positive_amount": 0, "amount_min": 0, "order_id_not_null": 0},
        freshness_ok=False,
    ),
    Case(
        "odd_names",
        ODD_NAMES,
        _odd_names,
        exit_code=1,
        failing={
            "has_dot_id": 0,
            f"{DOT}_not_null": 1,
            f"{TICK}_allowed_values": 0,
            f"{SPACE}_not_null": 0,
            f"{UNICODE}_min": 1,
        },
        freshness_ok=True,
    ),
)


def build(root: Path, now: dt.datetime, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Write the cases (all, or those named) under `root`; case name -> contract path."""
    built = {}
    for case in CASES:
        if names is not None and case.name not in names:
            continue
        folder = root / case.name
        data = folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        case.write(data, now)
        contract = folder / "contract.yaml"
        contract.write_text(HEADER.format(name=case.name) + case.contract + CHANGELOG, "utf-8")
        os.utime(data, None)
        built[case.name] = contract
    return built
