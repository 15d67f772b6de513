"""Results history: every check's outcome kept as one row, so health can be drawn over time.

`records` turns a `ValidationReport` (or a DLT event log) into rows of one fixed layout;
`store` appends them to a folder of Parquet files (one file per run, so concurrent runs
never overwrite each other) and reads them back without a JVM; `impact` says which
consumers a failing check touches; `notify` posts failing runs to a webhook. Nothing here
imports pyspark: the `table:` target writes through `contractkit.spark.history`.
"""

from __future__ import annotations

from contractkit.history.records import COLUMNS, ResultRecord, records_from_report

__all__ = ["COLUMNS", "ResultRecord", "records_from_report"]
