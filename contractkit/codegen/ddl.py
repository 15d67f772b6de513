"""A schema as Spark DDL (`order_id STRING NOT NULL COMMENT '...', ...`), written as Spark's
own `StructType.toDDL` writes it, and read back by `StructType.fromDDL` to the same schema.

One thing Spark DDL cannot say: that array elements or map values are NOT NULL
(`ARRAY<INT NOT NULL>` is a syntax error). `exact()` tells whether a schema needs it.
"""

from __future__ import annotations

from contractkit.sqltext import quote_name, string_literal
from contractkit.types import (
    ArrayType,
    CharType,
    CollatedStringType,
    DataType,
    DecimalType,
    IntervalType,
    MapType,
    PrimitiveType,
    StructField,
    StructType,
    TimeType,
    VarcharType,
)

__all__ = ["column_definitions", "ddl", "exact", "type_sql"]


def ddl(struct: StructType) -> str:
    return ", ".join(column_definitions(struct))


def column_definitions(struct: StructType) -> list[str]:
    """One `name TYPE [NOT NULL] [COMMENT '...']` per top-level column."""
    return [_definition(f, " ") for f in struct.fields]


def type_sql(data_type: DataType) -> str:
    match data_type:
        case PrimitiveType(name):
            return name.upper()
        case DecimalType(precision, scale):
            return f"DECIMAL({precision},{scale})"
        case CharType(length):
            return f"CHAR({length})"
        case VarcharType(length):
            return f"VARCHAR({length})"
        case CollatedStringType(collation):
            return f"STRING COLLATE {collation}"
        case TimeType(precision):
            return f"TIME({precision})"
        case IntervalType(start, end):
            unit = start.upper() if start == end else f"{start.upper()} TO {end.upper()}"
            return f"INTERVAL {unit}"
        case ArrayType(element):
            return f"ARRAY<{type_sql(element)}>"
        case MapType(key, value):
            return f"MAP<{type_sql(key)}, {type_sql(value)}>"
        case StructType(fields):
            return "STRUCT<" + ", ".join(_definition(f, ": ") for f in fields) + ">"
    raise TypeError(f"not a contractkit DataType: {data_type!r}")


def exact(data_type: DataType) -> bool:
    """Whether DDL can express the type fully (no NOT NULL array elements or map values)."""
    match data_type:
        case ArrayType(element, contains_null):
            return contains_null and exact(element)
        case MapType(key, value, value_contains_null):
            return value_contains_null and exact(key) and exact(value)
        case StructType(fields):
            return all(exact(f.type) for f in fields)
    return True


def _definition(field: StructField, separator: str) -> str:
    text = f"{quote_name(field.name)}{separator}{type_sql(field.type)}"
    if not field.nullable:
        text += " NOT NULL"
    if field.comment is not None:
        text += f" COMMENT {string_literal(field.comment)}"
    return text
