"""contractkit types as pyspark constructor calls: `decimal(18,2)` -> `DecimalType(18, 2)`.

One description serves both the generated modules (written out as source) and
`contractkit.spark.struct_type` (evaluated against pyspark), so a generated `SCHEMA` and the
runtime struct type are built by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from contractkit.codegen.literals import Call, Code, Value
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

__all__ = ["PRIMITIVE_CLASSES", "imported_names", "schema_call", "type_call"]

PRIMITIVE_CLASSES = {
    "boolean": "BooleanType",
    "tinyint": "ByteType",
    "smallint": "ShortType",
    "int": "IntegerType",
    "bigint": "LongType",
    "float": "FloatType",
    "double": "DoubleType",
    "binary": "BinaryType",
    "string": "StringType",
    "date": "DateType",
    "timestamp": "TimestampType",
    "timestamp_ntz": "TimestampNTZType",
    "void": "NullType",
    "variant": "VariantType",
    "interval": "CalendarIntervalType",
}
_DAY_TIME_FIELDS = {"day": "DAY", "hour": "HOUR", "minute": "MINUTE", "second": "SECOND"}
_YEAR_MONTH_FIELDS = {"year": "YEAR", "month": "MONTH"}


def schema_call(struct: StructType) -> Call:
    """`StructType([StructField(...), ...])` for a whole schema."""
    return Call("StructType", ([_field_call(f) for f in struct.fields],))


def type_call(data_type: DataType) -> Call:
    match data_type:
        case PrimitiveType(name):
            return Call(PRIMITIVE_CLASSES[name])
        case DecimalType(precision, scale):
            return Call("DecimalType", (precision, scale))
        case CharType(length):
            return Call("CharType", (length,))
        case VarcharType(length):
            return Call("VarcharType", (length,))
        case CollatedStringType(collation):
            return Call("StringType", (collation,))
        case TimeType(precision):
            return Call("TimeType", (precision,))
        case IntervalType(start, end):
            if start in _YEAR_MONTH_FIELDS:
                cls, fields = "YearMonthIntervalType", _YEAR_MONTH_FIELDS
            else:
                cls, fields = "DayTimeIntervalType", _DAY_TIME_FIELDS
            return Call(cls, (Code(f"{cls}.{fields[start]}"), Code(f"{cls}.{fields[end]}")))
        case ArrayType(element, contains_null):
            extra: tuple[tuple[str, Value], ...] = (
                () if contains_null else (("containsNull", False),)
            )
            return Call("ArrayType", (type_call(element),), extra)
        case MapType(key, value, value_contains_null):
            extra = () if value_contains_null else (("valueContainsNull", False),)
            return Call("MapType", (type_call(key), type_call(value)), extra)
        case StructType():
            return schema_call(data_type)
    raise TypeError(f"not a contractkit DataType: {data_type!r}")


def _field_call(field: StructField) -> Call:
    kwargs: list[tuple[str, Value]] = []
    if not field.nullable:
        kwargs.append(("nullable", False))
    metadata: dict[Value, Value] = {} if field.comment is None else {"comment": field.comment}
    for key, value in field.metadata:
        metadata[key] = list(value) if isinstance(value, tuple) else value
    if metadata:
        kwargs.append(("metadata", metadata))
    return Call("StructField", (field.name, type_call(field.type)), tuple(kwargs))


def imported_names(value: Value) -> set[str]:
    """The pyspark.sql.types names a described value uses."""
    return set(_names(value))


def _names(value: Value) -> Iterator[str]:
    if isinstance(value, Call):
        yield value.name.split(".")[0]
        for arg in value.args:
            yield from _names(arg)
        for _, arg in value.kwargs:
            yield from _names(arg)
    elif isinstance(value, Code):
        yield value.text.split(".")[0]
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _names(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _names(key)
            yield from _names(item)
