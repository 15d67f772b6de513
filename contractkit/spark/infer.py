"""Draft a contract from data Spark can read: a table, files, or a DataFrame's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contractkit.draft import DraftSource, contract_name, draft_contract
from contractkit.errors import DataReadError
from contractkit.spark.schema import from_spark_type
from contractkit.types import StructType

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["UnreadableSourceError", "draft_from_dataframe", "infer_contract", "read_source"]


# The name this module raised before errors.py had one tree; the same class.
UnreadableSourceError = DataReadError


# CSV has no schema of its own: read the header and let Spark infer the types.
_FORMAT_DEFAULTS = {"csv": {"header": "true", "inferSchema": "true"}}


def read_source(spark: SparkSession, source: DraftSource) -> DataFrame:
    if source.table is not None:
        return spark.table(source.table)
    options = {**_FORMAT_DEFAULTS.get(source.format or "", {}), **source.options}
    return spark.read.format(source.format or "parquet").options(**options).load(source.path)


def draft_from_dataframe(
    df: DataFrame,
    name: str,
    source: DraftSource | None = None,
    *,
    description: str | None = None,
) -> str:
    """The YAML of a draft contract for `df`'s schema (types, nullability, comments)."""
    schema = from_spark_type(df.schema)
    assert isinstance(schema, StructType)
    return draft_contract(name, schema, source, description=description)


def infer_contract(
    source: DraftSource,
    name: str | None = None,
    spark: SparkSession | None = None,
    *,
    recorded: DraftSource | None = None,
) -> str:
    """Read `source` with Spark (the active session, or a local one) and draft its contract.

    `recorded` is the source as the draft's `servers` entry names it (a path relative to
    where the contract will live, say); by default `source` itself. Raises
    DataReadError (one line: the table or path and Spark's reason) when Spark cannot read
    the source.
    """
    from contractkit.spark.sessions import active_or_new
    from contractkit.spark.sources import reading

    spark = spark or active_or_new()
    where = source.table if source.table is not None else source.path
    with reading(f"table {where}" if source.table is not None else str(where)):
        df = read_source(spark, source)
        schema = df.schema
    if name is None:
        name = contract_name(where or "dataset", table=source.table is not None)
    description = _table_comment(spark, source.table) if source.table is not None else None
    converted = from_spark_type(schema)
    assert isinstance(converted, StructType)
    return draft_contract(name, converted, recorded or source, description=description)


def _table_comment(spark: SparkSession, table: str) -> str | None:
    try:
        comment = spark.catalog.getTable(table).description
    except Exception:  # temporary views and some catalogs have no table entry
        return None
    return comment or None
