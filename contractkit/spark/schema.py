"""Contract schemas as pyspark types, and pyspark types as contract types.

`struct_type(contract)` is the runtime twin of a generated module's `SCHEMA`: both are built
from one description (`contractkit.codegen.spark_types`), so they are equal by construction,
and a test keeps it so. `from_spark_type` goes the other way, for `contractkit infer` and for
comparing a DataFrame's schema with its contract. pyspark is imported on first use; its
type classes need no JVM.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from contractkit.codegen.literals import Call, Code, Value
from contractkit.codegen.spark_types import PRIMITIVE_CLASSES, schema_call, type_call
from contractkit.errors import SparkUnavailableError
from contractkit.model import Contract
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
    parse_type,
)

if TYPE_CHECKING:
    from types import ModuleType

    from pyspark.sql import types as spark_types

__all__ = ["from_spark_type", "pyspark_types", "struct_type", "to_spark_type"]

INSTALL_HINT = "pip install 'contractkit[spark]'"
_PRIMITIVE_NAMES = {cls: name for name, cls in PRIMITIVE_CLASSES.items()}
_DAY_TIME = ("day", "hour", "minute", "second")
_YEAR_MONTH = ("year", "month")
# Spark keeps char/varchar columns as strings and records the declared type here.
_CHAR_VARCHAR_KEY = "__CHAR_VARCHAR_TYPE_STRING"


def pyspark_types() -> ModuleType:
    """`pyspark.sql.types`, or a one-line error saying how to install it."""
    try:
        from pyspark.sql import types
    except ImportError as exc:
        raise SparkUnavailableError(
            f"this needs pyspark, which is not installed: {INSTALL_HINT}"
        ) from exc
    return types


def struct_type(contract: Contract | str | os.PathLike[str]) -> spark_types.StructType:
    """The contract's schema as a pyspark StructType: exact types, nullability, and
    descriptions as `comment` metadata. A path is loaded first."""
    if not isinstance(contract, Contract):
        from contractkit.loader import load

        contract = load(contract)
    result: spark_types.StructType = _evaluate(schema_call(contract.struct_type()), pyspark_types())
    return result


def to_spark_type(data_type: DataType) -> spark_types.DataType:
    """A contractkit type as the pyspark type Spark would give it."""
    result: spark_types.DataType = _evaluate(type_call(data_type), pyspark_types())
    return result


def _evaluate(value: Value, types: ModuleType) -> Any:
    if isinstance(value, Call):
        args = [_evaluate(a, types) for a in value.args]
        kwargs = {k: _evaluate(v, types) for k, v in value.kwargs}
        return _attribute(types, value.name)(*args, **kwargs)
    if isinstance(value, Code):
        return _attribute(types, value.text)
    if isinstance(value, list):
        return [_evaluate(v, types) for v in value]
    if isinstance(value, tuple):
        return tuple(_evaluate(v, types) for v in value)
    if isinstance(value, dict):
        return {_evaluate(k, types): _evaluate(v, types) for k, v in value.items()}
    return value


def _attribute(types: ModuleType, dotted: str) -> Any:
    found: Any = types
    for part in dotted.split("."):
        found = getattr(found, part, None)
        if found is None:
            raise SparkUnavailableError(
                f"this pyspark has no {dotted}; contractkit needs pyspark 4.0 or newer "
                f"({INSTALL_HINT})"
            )
    return found


def from_spark_type(spark_type: spark_types.DataType) -> DataType:
    """A pyspark type as a contractkit type; field comments come from `comment` metadata.

    Raises ValueError for types a contract cannot declare (user-defined, spatial types).
    """
    types = pyspark_types()
    if isinstance(spark_type, types.StructType):
        return StructType(tuple(_field(f) for f in spark_type.fields))
    if isinstance(spark_type, types.ArrayType):
        return ArrayType(from_spark_type(spark_type.elementType), spark_type.containsNull)
    if isinstance(spark_type, types.MapType):
        return MapType(
            from_spark_type(spark_type.keyType),
            from_spark_type(spark_type.valueType),
            spark_type.valueContainsNull,
        )
    if isinstance(spark_type, types.DecimalType):
        return DecimalType(spark_type.precision, spark_type.scale)
    if isinstance(spark_type, types.CharType):
        return CharType(spark_type.length)
    if isinstance(spark_type, types.VarcharType):
        return VarcharType(spark_type.length)
    if isinstance(spark_type, types.StringType):
        collation = getattr(spark_type, "collation", "UTF8_BINARY")
        if collation.upper() in ("UTF8_BINARY", "SYSTEM.BUILTIN.UTF8_BINARY"):
            return PrimitiveType("string")
        return CollatedStringType(collation.split(".")[-1])
    if isinstance(spark_type, types.DayTimeIntervalType):
        return IntervalType(_DAY_TIME[spark_type.startField], _DAY_TIME[spark_type.endField])
    if isinstance(spark_type, types.YearMonthIntervalType):
        return IntervalType(_YEAR_MONTH[spark_type.startField], _YEAR_MONTH[spark_type.endField])
    time_type = getattr(types, "TimeType", None)  # pyspark 4.1+
    if time_type is not None and isinstance(spark_type, time_type):
        return TimeType(spark_type.precision)
    name = _PRIMITIVE_NAMES.get(type(spark_type).__name__)
    if name is None:
        raise ValueError(
            f"Spark type {spark_type.simpleString()!r} has no contract equivalent; "
            "declare the column with a standard Spark SQL type"
        )
    return PrimitiveType(name)


def _field(field: spark_types.StructField) -> StructField:
    metadata = field.metadata or {}
    comment = metadata.get("comment")
    declared = metadata.get(_CHAR_VARCHAR_KEY)
    data_type = from_spark_type(field.dataType)
    if isinstance(declared, str) and data_type == PrimitiveType("string"):
        with contextlib.suppress(ValueError):
            data_type = parse_type(declared)
    return StructField(
        field.name, data_type, field.nullable, comment if isinstance(comment, str) else None
    )
