"""Reading a contract's data from its Location, and Spark's failures as one line.

Self-describing formats (parquet, delta, orc, avro) are read as they are, so their schema
is checked against the contract. Text formats carry no types:

- CSV is read with its header (on by default) and matched to the contract BY NAME: each
  header column gets the contract's type for that name (a string where the contract has
  none), so a reordered header still fills the right columns, a renamed or missing one
  shows as a missing column and an unknown one as an extra column. Values that do not
  parse become NULL, and the row's text is kept aside so validation counts it
  (contractkit.spark.unparsed). With `header: "false"` the columns are the contract's, in
  its order.
- JSON is keyed by name already: it is read with the contract's schema, unparsed lines
  kept aside the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from contractkit.datalocation import DEFAULT_OPTIONS, Location
from contractkit.errors import ContractKitError, DataReadError
from contractkit.model import Contract
from contractkit.spark.reasons import is_spark_error, read_reason
from contractkit.spark.unparsed import reading_options

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["read", "read_path", "reading"]

# Modules whose exceptions mean "Spark could not do it" rather than a bug of ours.


def read(spark: SparkSession, contract: Contract, location: Location) -> DataFrame | str:
    """The data at `location`: a DataFrame, or a table's name (so freshness can fall back
    on the table's Delta history)."""
    if location.kind == "table":
        return location.target
    return read_path(
        spark, contract, location.target, location.data_format or "parquet", location.options
    )


def read_path(
    spark: SparkSession,
    contract: Contract,
    path: str,
    data_format: str,
    options: Mapping[str, str] | None = None,
) -> DataFrame:
    """Files of `data_format` at `path`, text formats matched to the contract (see above)."""
    from contractkit.spark.schema import struct_type

    merged = {**DEFAULT_OPTIONS.get(data_format, {}), **dict(options or {})}
    if data_format not in ("csv", "json"):
        return spark.read.format(data_format).options(**merged).load(path)
    schema = struct_type(contract)
    if data_format == "csv" and merged.get("header", "false").lower() == "true":
        header = _csv_header(spark, path, merged)
        if header is not None:
            schema = _by_name(header, schema)
    merged, schema = reading_options(merged, schema)
    return spark.read.format(data_format).options(**merged).schema(schema).load(path)


def _csv_header(spark: SparkSession, path: str, options: Mapping[str, str]) -> list[str] | None:
    """The header's column names as Spark reads them (duplicates and blanks renamed), or
    None when there is no line to read a header from."""
    plain = {k: v for k, v in options.items() if k.lower() not in ("inferschema", "enforceschema")}
    try:
        names = spark.read.format("csv").options(**plain).load(path).columns
    except Exception as exc:
        if "UNABLE_TO_INFER_SCHEMA" in str(exc):  # empty files: no header to match
            return None
        raise
    return list(names) or None


def _by_name(header: list[str], declared: StructType) -> StructType:
    from pyspark.sql.types import StringType, StructField, StructType

    fields = {f.name: f for f in declared.fields}
    folded = {f.name.casefold(): f for f in declared.fields}
    matched = []
    for name in header:
        found = fields.get(name) or folded.get(name.casefold())
        if found is None:
            matched.append(StructField(name, StringType(), True))
        else:
            matched.append(StructField(name, found.dataType, True, found.metadata))
    return StructType(matched)


@contextmanager
def reading(where: str) -> Iterator[None]:
    """Turn Spark's failures to read or scan the data at `where` into one DataReadError."""
    try:
        yield
    except DataReadError as exc:  # raised deeper (a scan that failed): name it as the caller does
        raise DataReadError(where, exc.reason, exc.schema_issues) from exc
    except ContractKitError:
        raise
    except Exception as exc:
        if not (isinstance(exc, OSError) or is_spark_error(exc)):
            raise
        raise DataReadError(where, read_reason(exc)) from exc
