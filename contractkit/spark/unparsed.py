"""Rows of CSV or JSON whose values do not parse as the contract's types, counted.

Spark reads text formats PERMISSIVEly by default: a value that is not of its column's type
(`abc` in an int column, `2024-13-45` in a date, a short CSV line, a broken JSON line)
becomes NULL, and a NULL is not a violation of an expectation. Without more, `check` would
call such data clean. So `read_path` asks Spark to keep each such row's raw text in a column
of its own (`columnNameOfCorruptRecord`), and validation counts the rows that have it, in
the same aggregation as everything else, as one schema issue of kind `unparsed_rows`.

Two things make the count exact. Spark refuses a query that reads only that column, and
its CSV and JSON readers parse only the columns a query reads, so a bad value in a column
no check reads would go unseen: the count reads every column (`size(array(c IS NULL, ...))`,
which no optimizer rule folds away in Spark 4), so each row is parsed whole. A DataFrame the
user read with Spark's own corrupt-record column (`_corrupt_record` by default, which
`spark.read.json` adds when it meets a malformed line) is counted the same way, unless the
contract declares a column of that name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from contractkit.sqltext import column_reference
from contractkit.validation import SchemaIssue

if TYPE_CHECKING:
    from pyspark.sql import Column, SparkSession
    from pyspark.sql.types import StructType as SparkStructType

UNPARSED_COLUMN = "_contractkit_unparsed"
_OPTION = "columnNameOfCorruptRecord"
_SPARK_DEFAULT = "_corrupt_record"
KIND = "unparsed_rows"


def reading_options(
    options: Mapping[str, str], schema: SparkStructType
) -> tuple[dict[str, str], SparkStructType]:
    """Reader options and schema that keep unparsed rows' text in UNPARSED_COLUMN; as they
    were when the reader would not keep them (a `mode` other than PERMISSIVE drops or
    fails on such rows as the user asked) or the user named the column already."""
    from pyspark.sql.types import StringType, StructField, StructType

    given = {k.lower(): v for k, v in options.items()}
    if given.get("mode", "permissive").lower() != "permissive" or _OPTION.lower() in given:
        return dict(options), schema
    if any(f.name.casefold() == UNPARSED_COLUMN for f in schema.fields):
        return dict(options), schema
    kept = StructType([*schema.fields, StructField(UNPARSED_COLUMN, StringType(), True)])
    return {**options, _OPTION: UNPARSED_COLUMN}, kept


def unparsed_column(
    schema: SparkStructType, declared: set[str], spark: SparkSession | None
) -> str | None:
    """The column holding unparsed rows' text in data of `schema`, if it has one the
    contract does not declare (`declared`: top-level names, case-folded)."""
    names = [UNPARSED_COLUMN]
    if spark is not None:
        names.append(_session_name(spark))
    by_name = {f.name.casefold(): f for f in schema.fields}
    for name in names:
        found = by_name.get(name.casefold())
        if (
            found is not None
            and name.casefold() not in declared
            and found.dataType.typeName() == "string"
        ):
            return found.name
    return None


def _session_name(spark: SparkSession) -> str:
    try:
        return spark.conf.get("spark.sql.columnNameOfCorruptRecord", _SPARK_DEFAULT) or (
            _SPARK_DEFAULT
        )
    except Exception:  # a Connect server that refuses to say: Spark's default
        return _SPARK_DEFAULT


def without(schema: SparkStructType, column: str | None) -> SparkStructType:
    """`schema` without the unparsed rows' column, as the contract sees the data."""
    from pyspark.sql.types import StructType

    if column is None:
        return schema
    return StructType([f for f in schema.fields if f.name != column])


def measures(column: str, schema: SparkStructType) -> dict[str, Column]:
    """The count of unparsed rows (reading every column, so that every row is parsed
    whole) and the smallest of their texts, as an example."""
    from pyspark.sql import functions as F

    others = [F.col(column_reference([f.name])).isNull() for f in schema.fields]
    raw = F.col(column_reference([column]))
    unparsed = raw.isNotNull()
    if others:
        unparsed = unparsed & (F.size(F.array(*others)) > 0)
    return {
        "unparsed": F.count_if(unparsed),
        "unparsed_example": F.min(F.when(unparsed, raw)),
    }


def issue(count: int, rows: int, example: str | None) -> SchemaIssue:
    """The schema issue saying how many rows did not parse, with one as an example."""
    shown = (example or "").strip()
    if len(shown) > 120:
        shown = shown[:117] + "..."
    return SchemaIssue(
        KIND,
        "",
        f"{count} of {rows} row(s) have values that do not parse as the contract's types "
        f"and were read as NULL (e.g. {shown!r}); fix the data, or the column's type in "
        f"the contract",
        expected="values of the contract's types",
        actual=f"{count} unparsed row(s)",
    )
