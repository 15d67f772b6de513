"""The `table:catalog.schema.results` history target: rows appended through Spark.

For users on a cluster, where a shared table is the natural store. The table is created
on first use with the history's layout; later runs append, and Delta (or the catalog's
default format) keeps concurrent appends apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from contractkit.history.records import COLUMNS, ResultRecord

DDL = (
    "run_id STRING, time TIMESTAMP, contract STRING, version STRING, server STRING, "
    "check STRING, kind STRING, consumer STRING, row_count BIGINT, failed BIGINT, "
    "pass_rate DOUBLE, threshold DOUBLE, ok BOOLEAN, severity STRING, "
    "freshness_age_s DOUBLE, duration_s DOUBLE, source STRING"
)


def append_table(spark: Any, table: str, records: Sequence[ResultRecord]) -> None:
    """Append one run's rows to `table`, creating it with the history layout if needed."""
    if not records:
        return
    rows = [tuple(getattr(r, name) for name in COLUMNS) for r in records]
    spark.createDataFrame(rows, schema=DDL).write.mode("append").saveAsTable(table)


def read_table(spark: Any, table: str) -> list[ResultRecord]:
    """Every row of a history table, for `contractkit report table:...`."""
    records = []
    for row in spark.table(table).select(*COLUMNS).collect():
        values = row.asDict()
        # pyspark gives naive datetimes in this process's local time zone
        values["time"] = values["time"].astimezone(dt.UTC)
        records.append(ResultRecord(**values))
    records.sort(key=lambda r: (r.time, r.run_id))
    return records
