"""How old the newest data is: `now - max(freshness column)`, else table or file metadata.

Timestamps are compared as instants: Spark's `unix_micros` of the column (a `timestamp`
is an instant; `timestamp_ntz` and `date` values are read in the session time zone, as
Spark casts them) against an aware `now` (a naive `now` is taken as UTC). A newest value
later than `now` by more than the SLA's `clock_skew` (default 5 minutes) fails.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from contractkit.model import Contract
from contractkit.validation import DEFAULT_CLOCK_SKEW, FreshnessResult
from contractkit.values import Duration

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def aware(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


class Clock:
    """The newest data's time, found once, judged against any number of limits (the SLA's
    and each consumer's)."""

    def __init__(
        self,
        df: DataFrame,
        data: object,
        contract: Contract,
        column: str | None,
        latest_micros: int | None,
        now: dt.datetime | None,
        *,
        error: str | None = None,
    ) -> None:
        self.now = aware(now)
        self._df, self._data, self._contract = df, data, contract
        self._column, self._latest_micros = column, latest_micros
        self._error = error  # the column's maximum could not be computed on this data
        skew = contract.sla.clock_skew if contract.sla else None
        self._clock_skew = skew.timedelta if skew is not None else DEFAULT_CLOCK_SKEW
        self._measured: tuple[dt.datetime | None, str, str | None] | None = None

    def _measure(self) -> tuple[dt.datetime | None, str, str | None]:
        sla = self._contract.sla
        if sla is not None and sla.freshness_column is not None:
            if self._column is None:
                return None, "column missing from the data", sla.freshness_column
            micros = self._latest_micros
            latest = None if micros is None else EPOCH + dt.timedelta(microseconds=micros)
            return latest, "column", self._column
        latest, source = _metadata_time(self._df, self._data)
        return latest, source, None

    def result(self, limit: Duration, warn: Duration | None = None) -> FreshnessResult:
        if self._measured is None:
            self._measured = self._measure()
        latest, source, column = self._measured
        return FreshnessResult(
            limit, column, latest, self.now, source, self._clock_skew, self._error, warn
        )


def _metadata_time(df: DataFrame, data: object) -> tuple[dt.datetime | None, str]:
    """Delta history where the data is a Delta table; else the newest local file's mtime."""
    if isinstance(data, str):
        stamp = _delta_last_commit(df, data)
        if stamp is not None:
            return stamp, "delta history"
    mtimes = [_local_mtime(path) for path in _input_files(df)]
    known = [m for m in mtimes if m is not None]
    if known:
        return max(known), "file modification time"
    return None, "no column, no Delta history and no local files to measure"


def _delta_last_commit(df: DataFrame, table: str) -> dt.datetime | None:
    from pyspark.errors import PySparkException

    try:
        row = df.sparkSession.sql(f"DESCRIBE HISTORY {table} LIMIT 1").first()
    except (PySparkException, ValueError):
        return None
    if row is None or row["timestamp"] is None:
        return None
    stamp: dt.datetime = row["timestamp"]
    return stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp.astimezone().astimezone(dt.UTC)


def _input_files(df: DataFrame) -> list[str]:
    from pyspark.errors import PySparkException

    try:
        return list(df.inputFiles())
    except PySparkException:
        return []


def _local_mtime(uri: str) -> dt.datetime | None:
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file"):
        return None
    try:
        seconds = os.stat(unquote(parsed.path)).st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC)
