"""The results store: a folder of Parquet files, one per run, readable without a JVM.

Concurrent runs append without coordination: each writes its rows to a hidden temporary
file in the folder and renames it into place (an atomic step on one file system), so a
reader never sees half a file and two runs never write the same name. pyarrow is the
`history` extra and is imported only here, only when the history is read or written.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contractkit.errors import HistoryError
from contractkit.history.records import COLUMNS, REQUIRED_COLUMNS, ResultRecord

TABLE_PREFIX = "table:"
INSTALL_HINT = "pip install 'contractkit[history]'"


@dataclass(frozen=True)
class Target:
    """Where results go: a local folder (the default) or a Spark table (`table:c.s.t`)."""

    folder: str | None = None
    table: str | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        if text.startswith(TABLE_PREFIX):
            table = text[len(TABLE_PREFIX) :].strip()
            if not table:
                raise HistoryError(
                    f"history target {text!r} names no table; write table:catalog.schema.results"
                )
            return cls(table=table)
        return cls(folder=text)

    def describe(self) -> str:
        return f"table {self.table}" if self.table else f"folder {self.folder}"


def _pyarrow() -> tuple[Any, Any]:
    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise HistoryError(
            f"the results history is stored as Parquet and needs pyarrow: {INSTALL_HINT}"
        ) from None
    return pa, pq


def arrow_schema(pa: Any) -> Any:
    types = {
        "run_id": pa.string(),
        "time": pa.timestamp("us", tz="UTC"),
        "contract": pa.string(),
        "version": pa.string(),
        "server": pa.string(),
        "check": pa.string(),
        "kind": pa.string(),
        "consumer": pa.string(),
        "row_count": pa.int64(),
        "failed": pa.int64(),
        "pass_rate": pa.float64(),
        "threshold": pa.float64(),
        "ok": pa.bool_(),
        "severity": pa.string(),
        "freshness_age_s": pa.float64(),
        "duration_s": pa.float64(),
        "source": pa.string(),
        "level": pa.string(),
        "warn_threshold": pa.float64(),
        "value": pa.float64(),
        "value_text": pa.string(),
        "target": pa.string(),
        "error": pa.string(),
    }
    return pa.schema([pa.field(name, types[name]) for name in COLUMNS])


def append(folder: str, records: Sequence[ResultRecord]) -> str | None:
    """Write one run's rows as a new file in `folder` (created if needed); its path."""
    if not records:
        return None
    pa, pq = _pyarrow()
    schema = arrow_schema(pa)
    columns = {name: [getattr(r, name) for r in records] for name in COLUMNS}
    table = pa.table(columns, schema=schema)
    try:
        os.makedirs(folder, exist_ok=True)
        stamp = records[0].time.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{records[0].run_id}-{uuid.uuid4().hex[:8]}.parquet"
        temporary = os.path.join(folder, f".{name}.tmp")
        pq.write_table(table, temporary)
        final = os.path.join(folder, name)
        os.replace(temporary, final)
    except OSError as exc:
        raise HistoryError(
            f"cannot write the results history to {folder!r}: {exc.strerror or exc}; "
            "give --record a folder you can write to"
        ) from None
    return final


def read(path: str) -> list[ResultRecord]:
    """Every row of a history folder (or of one Parquet file), oldest first."""
    if not os.path.exists(path):
        raise HistoryError(
            f"no results history at {path!r}; record one with "
            f"`contractkit check CONTRACT --record {path}`"
        )
    pa, pq = _pyarrow()
    files = [path] if os.path.isfile(path) else _parquet_files(path)
    if not files:
        return []
    schema = arrow_schema(pa)
    try:  # one scan of every file: ~4x faster than file by file for thousands of runs
        dataset = importlib.import_module("pyarrow.dataset")
        # The full layout, not the first file's: a column an older file lacks reads as NULL.
        table = dataset.dataset(files, schema=schema, format="parquet").to_table()
        if _lacks_required(table, files, pq):
            table = _read_each(pa, pq, files)  # to name the file of another layout
    except (OSError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        table = _read_each(pa, pq, files)  # to name the file at fault
    records = list(_records(table.select(list(COLUMNS)).to_pylist()))
    records.sort(key=lambda r: (r.time, r.run_id))
    return records


def _lacks_required(table: Any, files: list[str], pq: Any) -> bool:
    """Whether a file lacks a column every history file has (a Parquet file of another
    layout in the folder): the scan above would read its rows as all NULL."""
    if table.num_rows == 0 or table.column("run_id").null_count == 0:
        return False
    return any(not set(REQUIRED_COLUMNS) <= set(pq.read_schema(file).names) for file in files)


def _read_each(pa: Any, pq: Any, files: list[str]) -> Any:
    schema = arrow_schema(pa)
    tables = []
    for file in files:
        try:
            table = pq.read_table(file)
        except (OSError, pa.ArrowInvalid) as exc:
            raise HistoryError(
                f"{file}: not a readable results file ({exc}); remove it or restore it"
            ) from None
        missing = [c for c in REQUIRED_COLUMNS if c not in table.column_names]
        if missing:
            raise HistoryError(
                f"{file}: not a contractkit results file, it lacks the column(s) "
                f"{', '.join(missing)}"
            )
        for name in COLUMNS:  # a file written before a column existed: NULL in it
            if name not in table.column_names:
                column = pa.nulls(table.num_rows, schema.field(name).type)
                table = table.append_column(schema.field(name), column)
        tables.append(table.select(list(COLUMNS)).cast(schema))
    return pa.concat_tables(tables)


def _parquet_files(folder: str) -> list[str]:
    return sorted(
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.endswith(".parquet") and not name.startswith((".", "_"))
    )


def _records(rows: Iterable[dict[str, Any]]) -> Iterable[ResultRecord]:
    for row in rows:
        time = row["time"]
        if time.tzinfo is None:
            row["time"] = time.replace(tzinfo=dt.UTC)
        yield ResultRecord(**row)
