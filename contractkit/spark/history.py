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
    "freshness_age_s DOUBLE, duration_s DOUBLE, source STRING, level STRING, "
    "warn_threshold DOUBLE, value DOUBLE, value_text STRING, target STRING, error STRING"
)


def append_table(spark: Any, table: str, records: Sequence[ResultRecord]) -> None:
    """Append one run's rows to `table`, creating it with the history layout if needed."""
    if not records:
        return
    rows = [tuple(getattr(r, name) for name in COLUMNS) for r in records]
    if spark.catalog.tableExists(table):
        _add_missing_columns(spark, table)
    spark.createDataFrame(rows, schema=DDL).write.mode("append").saveAsTable(table)


def _add_missing_columns(spark: Any, table: str) -> None:
    """A table created before a column existed gets it (NULL in its older rows), so the
    append matches the table's layout instead of failing."""
    present = {name.casefold() for name in spark.table(table).columns}
    missing = [c for c in DDL.split(", ") if c.split(" ", 1)[0].casefold() not in present]
    if missing:
        spark.sql(f"ALTER TABLE {table} ADD COLUMNS ({', '.join(missing)})")


def read_table(spark: Any, table: str) -> list[ResultRecord]:
    """Every row of a history table, for `contractkit report table:...`."""
    records = []
    data = spark.table(table)
    present = {name.casefold() for name in data.columns}
    wanted = [name for name in COLUMNS if name.casefold() in present]
    for row in data.select(*wanted).collect():
        values = row.asDict()  # the columns an older table lacks take their defaults
        # pyspark gives naive datetimes in this process's local time zone
        values["time"] = values["time"].astimezone(dt.UTC)
        records.append(ResultRecord(**values))
    records.sort(key=lambda r: (r.time, r.run_id))
    return records
