"""Rows of CSV or JSON whose values do not parse as the contract's types, counted.

Spark reads text formats PERMISSIVEly by default: a value that is not of its column's type
(`abc` in an int column, `2024-13-45` in a date, a short CSV line, a broken JSON line)
becomes NULL, and a NULL is not a violation of an expectation. Without more, `check` would
call such data clean. So `read_path` asks Spark to keep each such row's raw text in a column
of its own (`columnNameOfCorruptRecord`), and validation counts the rows that have it, in
the same aggregation as everything else, as one schema issue of kind `unparsed_rows`; the
first such row's text, as an example, costs one short query when there are any.

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

from contractkit.spark.reasons import is_spark_error
from contractkit.sqltext import column_reference
from contractkit.validation import SchemaIssue

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession
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


def _unparsed(column: str, schema: SparkStructType) -> Column:
    """Rows kept aside, read so that every column is parsed (see the module docstring)."""
    from pyspark.sql import functions as F

    others = [F.col(column_reference([f.name])).isNull() for f in schema.fields]
    unparsed = F.col(column_reference([column])).isNotNull()
    return unparsed & (F.size(F.array(*others)) > 0) if others else unparsed


def measures(column: str, schema: SparkStructType) -> dict[str, Column]:
    """The count of unparsed rows, for the validation's one aggregation (a count only: a
    text aggregate would take the whole aggregation off Spark's fast hash aggregate)."""
    from pyspark.sql import functions as F

    return {"unparsed": F.count_if(_unparsed(column, schema))}


def example(df: DataFrame, column: str, schema: SparkStructType) -> str | None:
    """The first unparsed row's text, in a query that stops at it: only run when the count
    found some. None when Spark cannot give it (the count stands)."""
    from pyspark.sql import functions as F

    try:
        rows = df.filter(_unparsed(column, schema)).select(F.col(column_reference([column])))
        found = rows.limit(1).collect()
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        return None
    return str(found[0][0]) if found else None


def issue(count: int, rows: int, example: str | None) -> SchemaIssue:
    """The schema issue saying how many rows did not parse, with one as an example."""
    shown = ""
    if example is not None:
        line = example.strip()
        shown = f" (e.g. {line[:117] + '...' if len(line) > 120 else line!r})"
    return SchemaIssue(
        KIND,
        "",
        f"{count} of {rows} row(s) have values that do not parse as the contract's types "
        f"and were read as NULL{shown}; fix the data, or the column's type in the contract",
        expected="values of the contract's types",
        actual=f"{count} unparsed row(s)",
    )
