"""The physical types of other platforms, read as the Spark type that holds every value.

ODCS documents written for BigQuery, Snowflake, Postgres and the rest give each property its
platform's `physicalType` (`INT64`, `NUMBER(38,0)`, `TIMESTAMP_NTZ`, `VARCHAR2(40)`). Read as
a Spark type name, some would narrow (BigQuery `INT64` is 64-bit, not `int`; Snowflake `INTEGER`
is `NUMBER(38,0)`) or change meaning (BigQuery `DATETIME` has no time zone: `timestamp_ntz`).
This table maps each to the Spark type that holds every value. Where no Spark type does
(BigQuery `BIGNUMERIC`, DuckDB `HUGEINT`, nanosecond timestamps), the widest one is chosen and
the note is reported, so the import says what may not fit.

A name means different things on different platforms (`INTEGER`, `DATE`, `TIMESTAMP`), so the
platform comes from the document's servers (`platform_of`): a platform's own table is read
first; without one, a `physicalType` that is a Spark type is Spark's, and other names are
looked up in GENERIC, which holds only the names that mean one thing wherever they appear.
docs/odcs.md shows the table; tests/odcs/test_platforms.py checks the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PLATFORMS", "PlatformType", "platform_of", "platform_type", "table_rows"]


@dataclass(frozen=True)
class PlatformType:
    """A platform type's Spark type, and the report line when that type narrows anything."""

    spark: str
    note: str | None = None


_P = PlatformType
_NS = "sub-microsecond precision is truncated (Spark keeps microseconds)"
_OFFSET = "the instant is kept, its original UTC offset is not (Spark has no offset type)"

_BIGQUERY: dict[str, PlatformType] = {
    "INT64": _P("bigint"),
    "INT": _P("bigint"),
    "INTEGER": _P("bigint"),
    "SMALLINT": _P("bigint"),
    "BIGINT": _P("bigint"),
    "TINYINT": _P("bigint"),
    "BYTEINT": _P("bigint"),
    "FLOAT64": _P("double"),
    "NUMERIC": _P("decimal(38,9)"),
    "DECIMAL": _P("decimal(38,9)"),
    "BIGNUMERIC": _P(
        "decimal(38,9)",
        "BIGNUMERIC holds 76 digits (38 after the point)",
    ),
    "BIGDECIMAL": _P(
        "decimal(38,9)",
        "BIGDECIMAL holds 76 digits (38 after the point)",
    ),
    "BOOL": _P("boolean"),
    "STRING": _P("string"),
    "BYTES": _P("binary"),
    "DATE": _P("date"),
    "DATETIME": _P("timestamp_ntz"),
    "TIME": _P("time(6)"),
    "TIMESTAMP": _P("timestamp"),
    "JSON": _P("string"),
    "GEOGRAPHY": _P("string", "GEOGRAPHY is read as its WKT text"),
    "INTERVAL": _P(
        "string", "a BigQuery INTERVAL mixes months and seconds; no Spark interval holds both"
    ),
}
_SNOWFLAKE: dict[str, PlatformType] = {
    "NUMBER": _P("decimal(38,0)"),
    "DECIMAL": _P("decimal(38,0)"),
    "NUMERIC": _P("decimal(38,0)"),
    "INT": _P("decimal(38,0)"),
    "INTEGER": _P("decimal(38,0)"),
    "BIGINT": _P("decimal(38,0)"),
    "SMALLINT": _P("decimal(38,0)"),
    "TINYINT": _P("decimal(38,0)"),
    "BYTEINT": _P("decimal(38,0)"),
    "FLOAT": _P("double"),
    "FLOAT4": _P("double"),
    "FLOAT8": _P("double"),
    "REAL": _P("double"),
    "DOUBLE": _P("double"),
    "DOUBLE PRECISION": _P("double"),
    "VARCHAR": _P("string"),
    "STRING": _P("string"),
    "TEXT": _P("string"),
    "CHAR": _P("string"),
    "CHARACTER": _P("string"),
    "BINARY": _P("binary"),
    "VARBINARY": _P("binary"),
    "BOOLEAN": _P("boolean"),
    "DATE": _P("date"),
    "TIME": _P("time(6)", "Snowflake TIME keeps nanoseconds; " + _NS),
    "DATETIME": _P("timestamp_ntz", _NS),
    "TIMESTAMP": _P("timestamp_ntz", _NS),
    "TIMESTAMP_NTZ": _P("timestamp_ntz", _NS),
    "TIMESTAMP_LTZ": _P("timestamp", _NS),
    "TIMESTAMP_TZ": _P("timestamp", _OFFSET),
    "VARIANT": _P("variant"),
    "OBJECT": _P("variant"),
    "ARRAY": _P("array<variant>"),
    "GEOGRAPHY": _P("string", "GEOGRAPHY is read as its GeoJSON or WKT text"),
    "GEOMETRY": _P("string", "GEOMETRY is read as its GeoJSON or WKT text"),
}
_POSTGRES: dict[str, PlatformType] = {
    "SMALLINT": _P("smallint"),
    "INT2": _P("smallint"),
    "SMALLSERIAL": _P("smallint"),
    "INTEGER": _P("int"),
    "INT": _P("int"),
    "INT4": _P("int"),
    "SERIAL": _P("int"),
    "BIGINT": _P("bigint"),
    "INT8": _P("bigint"),
    "BIGSERIAL": _P("bigint"),
    "REAL": _P("float"),
    "FLOAT4": _P("float"),
    "DOUBLE PRECISION": _P("double"),
    "FLOAT8": _P("double"),
    "FLOAT": _P("double"),
    "NUMERIC": _P(
        "decimal(38,18)",
        "an unconstrained NUMERIC holds up to 131072 digits",
    ),
    "DECIMAL": _P(
        "decimal(38,18)",
        "an unconstrained DECIMAL holds up to 131072 digits",
    ),
    "MONEY": _P("decimal(19,2)"),
    "TEXT": _P("string"),
    "VARCHAR": _P("string"),
    "CHARACTER VARYING": _P("string"),
    "BPCHAR": _P("string"),
    "UUID": _P("string"),
    "JSON": _P("string"),
    "JSONB": _P("string"),
    "BYTEA": _P("binary"),
    "BOOLEAN": _P("boolean"),
    "BOOL": _P("boolean"),
    "DATE": _P("date"),
    "TIME": _P("time(6)"),
    "TIMESTAMP": _P("timestamp_ntz"),
    "TIMESTAMP WITHOUT TIME ZONE": _P("timestamp_ntz"),
    "TIMESTAMPTZ": _P("timestamp"),
    "TIMESTAMP WITH TIME ZONE": _P("timestamp"),
    "INTERVAL": _P(
        "string",
        "a Postgres interval mixes months, days and seconds; no Spark interval holds all three",
    ),
}
_REDSHIFT: dict[str, PlatformType] = {
    **{k: v for k, v in _POSTGRES.items() if k not in ("NUMERIC", "DECIMAL", "INTERVAL")},
    "NUMERIC": _P("decimal(18,0)"),
    "DECIMAL": _P("decimal(18,0)"),
    "SUPER": _P("variant"),
    "VARBYTE": _P("binary"),
    "GEOMETRY": _P("string", "GEOMETRY is read as its WKT text"),
}
_TRINO: dict[str, PlatformType] = {
    "VARCHAR": _P("string"),
    "VARBINARY": _P("binary"),
    "JSON": _P("string"),
    "UUID": _P("string"),
    "IPADDRESS": _P("string"),
    "TIME": _P("time(6)"),
    "TIMESTAMP": _P("timestamp_ntz"),
    "TIMESTAMP WITH TIME ZONE": _P("timestamp", _OFFSET),
    "TIME WITH TIME ZONE": _P("string", "Spark has no time-of-day with an offset; read as text"),
}
_DUCKDB: dict[str, PlatformType] = {
    "HUGEINT": _P("decimal(38,0)", "HUGEINT is 128-bit (39 digits)"),
    "UHUGEINT": _P("decimal(38,0)", "UHUGEINT is 128-bit (39 digits)"),
    "UTINYINT": _P("smallint"),
    "USMALLINT": _P("int"),
    "UINTEGER": _P("bigint"),
    "UBIGINT": _P("decimal(20,0)"),
    "INT1": _P("tinyint"),
    "INT2": _P("smallint"),
    "INT4": _P("int"),
    "INT8": _P("bigint"),
    "FLOAT4": _P("float"),
    "FLOAT8": _P("double"),
    "DECIMAL": _P("decimal(18,3)"),
    "NUMERIC": _P("decimal(18,3)"),
    "VARCHAR": _P("string"),
    "TEXT": _P("string"),
    "BLOB": _P("binary"),
    "BYTEA": _P("binary"),
    "UUID": _P("string"),
    "JSON": _P("string"),
    "TIME": _P("time(6)"),
    "DATETIME": _P("timestamp_ntz"),
    "TIMESTAMP": _P("timestamp_ntz"),
    "TIMESTAMP_NS": _P("timestamp_ntz", _NS),
    "TIMESTAMPTZ": _P("timestamp"),
    "TIMESTAMP WITH TIME ZONE": _P("timestamp"),
    "INTERVAL": _P(
        "string",
        "a DuckDB interval mixes months, days and microseconds; no Spark interval holds all three",
    ),
}
_ORACLE: dict[str, PlatformType] = {
    "NUMBER": _P(
        "decimal(38,10)",
        "an unconstrained NUMBER holds 38 digits at any scale",
    ),
    "INTEGER": _P("decimal(38,0)"),
    "INT": _P("decimal(38,0)"),
    "SMALLINT": _P("decimal(38,0)"),
    "FLOAT": _P("double", "Oracle FLOAT keeps up to 38 decimal digits; a double keeps about 15"),
    "BINARY_FLOAT": _P("float"),
    "BINARY_DOUBLE": _P("double"),
    "VARCHAR2": _P("string"),
    "NVARCHAR2": _P("string"),
    "VARCHAR": _P("string"),
    "CHAR": _P("string"),
    "NCHAR": _P("string"),
    "CLOB": _P("string"),
    "NCLOB": _P("string"),
    "LONG": _P("string"),
    "RAW": _P("binary"),
    "LONG RAW": _P("binary"),
    "BLOB": _P("binary"),
    "DATE": _P("timestamp_ntz"),
    "TIMESTAMP": _P("timestamp_ntz", _NS),
    "TIMESTAMP WITH TIME ZONE": _P("timestamp", _OFFSET),
    "TIMESTAMP WITH LOCAL TIME ZONE": _P("timestamp"),
    "INTERVAL YEAR TO MONTH": _P("interval year to month"),
    "INTERVAL DAY TO SECOND": _P("interval day to second"),
    "BOOLEAN": _P("boolean"),
}
_SQLSERVER: dict[str, PlatformType] = {
    "BIT": _P("boolean"),
    "TINYINT": _P("smallint"),
    "MONEY": _P("decimal(19,4)"),
    "SMALLMONEY": _P("decimal(10,4)"),
    "DECIMAL": _P("decimal(18,0)"),
    "NUMERIC": _P("decimal(18,0)"),
    "FLOAT": _P("double"),
    "REAL": _P("float"),
    "DATETIME": _P("timestamp_ntz"),
    "DATETIME2": _P("timestamp_ntz", "DATETIME2 keeps 100-nanosecond ticks; " + _NS),
    "SMALLDATETIME": _P("timestamp_ntz"),
    "DATETIMEOFFSET": _P("timestamp", _OFFSET),
    "TIME": _P("time(6)", "SQL Server TIME keeps 100-nanosecond ticks; " + _NS),
    "VARCHAR": _P("string"),
    "NVARCHAR": _P("string"),
    "NCHAR": _P("string"),
    "TEXT": _P("string"),
    "NTEXT": _P("string"),
    "UNIQUEIDENTIFIER": _P("string"),
    "XML": _P("string"),
    "VARBINARY": _P("binary"),
    "IMAGE": _P("binary"),
}
_AVRO: dict[str, PlatformType] = {
    "INT": _P("int"),
    "LONG": _P("bigint"),
    "FLOAT": _P("float"),
    "DOUBLE": _P("double"),
    "BOOLEAN": _P("boolean"),
    "STRING": _P("string"),
    "BYTES": _P("binary"),
    "FIXED": _P("binary"),
    "ENUM": _P("string"),
    "UUID": _P("string"),
    "DATE": _P("date"),
    "TIME-MILLIS": _P("time(6)"),
    "TIME-MICROS": _P("time(6)"),
    "TIMESTAMP-MILLIS": _P("timestamp"),
    "TIMESTAMP-MICROS": _P("timestamp"),
    "TIMESTAMP-NANOS": _P("timestamp", _NS),
    "LOCAL-TIMESTAMP-MILLIS": _P("timestamp_ntz"),
    "LOCAL-TIMESTAMP-MICROS": _P("timestamp_ntz"),
    "LOCAL-TIMESTAMP-NANOS": _P("timestamp_ntz", _NS),
    "DURATION": _P(
        "string",
        "an Avro duration mixes months, days and milliseconds; no Spark interval holds all three",
    ),
}
_DATABRICKS: dict[str, PlatformType] = {
    "TIMESTAMP_LTZ": _P("timestamp"),
    "LONG": _P("bigint"),
    "BYTE": _P("tinyint"),
    "SHORT": _P("smallint"),
}

PLATFORMS: dict[str, dict[str, PlatformType]] = {
    "bigquery": _BIGQUERY,
    "snowflake": _SNOWFLAKE,
    "postgres": _POSTGRES,
    "redshift": _REDSHIFT,
    "databricks": _DATABRICKS,
    "trino": _TRINO,
    "duckdb": _DUCKDB,
    "oracle": _ORACLE,
    "sqlserver": _SQLSERVER,
    "kafka": _AVRO,
}
"""Each platform's names that Spark does not read, or reads as a narrower or other type."""

GENERIC: dict[str, PlatformType] = {
    "INT64": _P("bigint"),
    "FLOAT64": _P("double"),
    "BOOL": _P("boolean"),
    "BYTES": _P("binary"),
    "DATETIME": _P("timestamp_ntz"),
    "DATETIME2": _P("timestamp_ntz", "DATETIME2 keeps 100-nanosecond ticks; " + _NS),
    "DATETIMEOFFSET": _P("timestamp", _OFFSET),
    "TIMESTAMP_TZ": _P("timestamp", _OFFSET),
    "TIMESTAMPTZ": _P("timestamp"),
    "TIMESTAMP WITH TIME ZONE": _P("timestamp", _OFFSET),
    "NUMBER": _P(
        "decimal(38,10)",
        "an unconstrained NUMBER holds 38 digits at any scale",
    ),
    "VARCHAR": _P("string"),
    "NVARCHAR": _P("string"),
    "VARCHAR2": _P("string"),
    "NVARCHAR2": _P("string"),
    "TEXT": _P("string"),
    "CHARACTER VARYING": _P("string"),
    "UUID": _P("string"),
    "UNIQUEIDENTIFIER": _P("string"),
    "JSON": _P("string"),
    "JSONB": _P("string"),
    "CLOB": _P("string"),
    "BYTEA": _P("binary"),
    "BLOB": _P("binary"),
    "VARBINARY": _P("binary"),
    "INT2": _P("smallint"),
    "INT4": _P("int"),
    "INT8": _P("bigint"),
    "FLOAT4": _P("float"),
    "FLOAT8": _P("double"),
    "DOUBLE PRECISION": _P("double"),
    "HUGEINT": _DUCKDB["HUGEINT"],
    "UBIGINT": _P("decimal(20,0)"),
    "UINTEGER": _P("bigint"),
    "USMALLINT": _P("int"),
    "UTINYINT": _P("smallint"),
    "BIGNUMERIC": _BIGQUERY["BIGNUMERIC"],
    "SUPER": _P("variant"),
}
"""Names that mean one thing on every platform that has them (no platform needed)."""

_SERVER_PLATFORMS = {
    "bigquery": "bigquery",
    "snowflake": "snowflake",
    "postgres": "postgres",
    "postgresql": "postgres",
    "cloudsql": "postgres",
    "redshift": "redshift",
    "databricks": "databricks",
    "trino": "trino",
    "presto": "trino",
    "athena": "trino",
    "duckdb": "duckdb",
    "oracle": "oracle",
    "sqlserver": "sqlserver",
    "synapse": "sqlserver",
    "kafka": "kafka",
}

_SHAPE = re.compile(
    r"^(?P<base>[A-Z][A-Z0-9_\- ]*?)\s*(?:\(\s*(?P<args>[^()]*)\))?"
    r"(?P<zone>\s+(?:WITH|WITHOUT)(?:\s+LOCAL)?\s+TIME\s+ZONE)?$"
)
_DECIMALS = frozenset({"NUMBER", "NUMERIC", "DECIMAL", "DEC", "BIGNUMERIC", "BIGDECIMAL"})


def platform_of(document: Mapping[str, Any]) -> str | None:
    """The one platform all the document's servers are on, or None (none, or several)."""
    found = {
        _SERVER_PLATFORMS.get(str(server.get("type", "")).lower())
        for server in document.get("servers") or ()
        if isinstance(server, dict)
    }
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def platform_type(
    physical: str, platform: str | None, *, generic: bool = True
) -> PlatformType | None:
    """The Spark type for `physical` on `platform` (GENERIC too, unless `generic=False`);
    None when the table does not know it."""
    text = " ".join(physical.strip().upper().split())
    match = _SHAPE.match(text)
    if match is None:
        return None
    base = match["base"].strip()
    name = base + (" " + " ".join(match["zone"].split()) if match["zone"] else "")
    args = [a.strip() for a in (match["args"] or "").split(",") if a.strip()]
    tables = [PLATFORMS.get(platform or "", {})] + ([GENERIC] if generic else [])
    for table in tables:
        known = table.get(name)
        if known is None:
            continue
        if args and base in _DECIMALS and known.spark.startswith("decimal"):
            return _decimal(args) or known
        if args and known.spark == "string" and len(args) == 1 and args[0].isdigit():
            return PlatformType(f"varchar({args[0]})")  # a bound length; CHAR(n) too: no padding
        if args and known.spark in ("timestamp", "timestamp_ntz", "time(6)"):
            return _fraction(known, args)
        return known
    return None


def _decimal(args: list[str]) -> PlatformType | None:
    try:
        precision = int(args[0])
        scale = int(args[1]) if len(args) > 1 else 0
    except ValueError:
        return None
    if scale < 0:  # Oracle NUMBER(5,-2): rounds to hundreds, whole numbers of p-s digits
        precision, scale = precision - scale, 0
    precision = max(precision, scale, 1)
    if precision <= 38:
        return PlatformType(f"decimal({precision},{scale})")
    kept = min(scale, 38 - max(precision - scale, 0)) if precision - scale < 38 else 0
    return PlatformType(
        f"decimal(38,{max(kept, 0)})",
        f"{precision} digits exceed Spark's 38",
    )


def _fraction(known: PlatformType, args: list[str]) -> PlatformType:
    try:
        digits = int(args[0])
    except ValueError:
        return known
    if digits <= 6:
        return PlatformType(known.spark, known.note if known.note != _NS else None)
    return PlatformType(known.spark, f"{digits} fractional digits: {_NS}")


def table_rows() -> Iterator[tuple[str, str, str, str]]:
    """(platform, physical type, Spark type, note) for every entry: what docs/odcs.md shows."""
    for platform, table in PLATFORMS.items():
        for name, known in table.items():
            yield platform, name, known.spark, known.note or ""
    for name, known in GENERIC.items():
        yield "any", name, known.spark, known.note or ""
