"""Which type changes are widenings: every old value is representable in the new type.

Used to tell a widening (breaks existing consumers' schemas, but old data still reads) from
a narrowing or an unrelated change (also breaks reading old data). Follows Spark's safe
up-casts (`Cast.canUpCast`): integral types widen to larger integral types, to decimals with
enough integer digits and to double where exact; decimals widen when neither integer nor
fraction digits shrink; float to double; date to timestamp; char/varchar to string.
"""

from __future__ import annotations

from contractkit.types import (
    CharType,
    DataType,
    DecimalType,
    PrimitiveType,
    VarcharType,
)

_INTEGRAL_ORDER = ("tinyint", "smallint", "int", "bigint")
_INTEGRAL_DIGITS = {"tinyint": 3, "smallint": 5, "int": 10, "bigint": 20}
# Integral types whose every value a double represents exactly (53-bit mantissa).
_EXACT_IN_DOUBLE = {"tinyint", "smallint", "int"}
_EXACT_IN_FLOAT = {"tinyint", "smallint"}


def is_widening(old: DataType, new: DataType) -> bool:
    """True when `new` can hold every value of `old` exactly (and they differ)."""
    if old == new:
        return False
    if isinstance(old, PrimitiveType) and isinstance(new, PrimitiveType):
        return _primitive_widening(old.name, new.name)
    if isinstance(old, DecimalType) and isinstance(new, DecimalType):
        return new.scale >= old.scale and new.precision - new.scale >= old.precision - old.scale
    if isinstance(old, PrimitiveType) and isinstance(new, DecimalType):
        digits = _INTEGRAL_DIGITS.get(old.name)
        return digits is not None and new.precision - new.scale >= digits
    if isinstance(old, CharType | VarcharType):
        if isinstance(new, VarcharType):
            return new.length >= old.length
        return isinstance(new, PrimitiveType) and new.name == "string"
    return False


def _primitive_widening(old: str, new: str) -> bool:
    if old in _INTEGRAL_ORDER and new in _INTEGRAL_ORDER:
        return _INTEGRAL_ORDER.index(new) > _INTEGRAL_ORDER.index(old)
    if new == "double":
        return old == "float" or old in _EXACT_IN_DOUBLE
    if new == "float":
        return old in _EXACT_IN_FLOAT
    return bool(old == "date" and new in ("timestamp", "timestamp_ntz"))
