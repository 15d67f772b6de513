"""Contract types <-> pyspark types. pyspark's type classes need no JVM, so only the session
test is marked `spark`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from contractkit.errors import SparkUnavailableError
from contractkit.loader import load
from contractkit.types import format_type, parse_type

T = pytest.importorskip("pyspark.sql.types")

from contractkit.spark.schema import (  # noqa: E402  (after the importorskip)
    from_spark_type,
    pyspark_types,
    struct_type,
    to_spark_type,
)

EVERY_FEATURE = Path(__file__).parent.parent / "codegen" / "contracts" / "every_feature.yaml"

CASES: list[tuple[str, Any]] = [
    ("boolean", T.BooleanType()),
    ("tinyint", T.ByteType()),
    ("smallint", T.ShortType()),
    ("int", T.IntegerType()),
    ("bigint", T.LongType()),
    ("float", T.FloatType()),
    ("double", T.DoubleType()),
    ("decimal(38,18)", T.DecimalType(38, 18)),
    ("string", T.StringType()),
    ("string collate UTF8_LCASE", T.StringType("UTF8_LCASE")),
    ("char(3)", T.CharType(3)),
    ("varchar(20)", T.VarcharType(20)),
    ("binary", T.BinaryType()),
    ("date", T.DateType()),
    ("timestamp", T.TimestampType()),
    ("timestamp_ntz", T.TimestampNTZType()),
    ("time(3)", T.TimeType(3)),
    ("void", T.NullType()),
    ("variant", T.VariantType()),
    ("interval", T.CalendarIntervalType()),
    ("interval year", T.YearMonthIntervalType(0, 0)),
    ("interval hour to second", T.DayTimeIntervalType(1, 3)),
    ("array<int NOT NULL>", T.ArrayType(T.IntegerType(), False)),
    ("map<string,array<bigint>>", T.MapType(T.StringType(), T.ArrayType(T.LongType()))),
    ("map<string,int NOT NULL>", T.MapType(T.StringType(), T.IntegerType(), False)),
    (
        "struct<a:int NOT NULL COMMENT 'the a',`b c`:struct<d:date>>",
        T.StructType(
            [
                T.StructField("a", T.IntegerType(), False, {"comment": "the a"}),
                T.StructField("b c", T.StructType([T.StructField("d", T.DateType())])),
            ]
        ),
    ),
]


@pytest.mark.parametrize(("text", "spark_type"), CASES)
def test_types_map_both_ways(text: str, spark_type: Any) -> None:
    ours = parse_type(text)
    assert to_spark_type(ours) == spark_type
    assert format_type(from_spark_type(spark_type)) == format_type(ours)  # comments included


def test_struct_type_of_a_contract_keeps_descriptions_at_every_level() -> None:
    schema = struct_type(str(EVERY_FEATURE))  # a path is loaded first
    assert schema == struct_type(load(EVERY_FEATURE))
    address = schema["address"]
    assert address.nullable is False
    assert address.metadata == {"comment": "Postal address"}
    assert address.dataType["city"].metadata == {"comment": "City name"}
    assert address.dataType["city"].nullable is False
    assert schema["id"].metadata == {}
    assert schema["amount"].dataType == T.DecimalType(18, 2)
    assert format_type(from_spark_type(schema)) == format_type(load(EVERY_FEATURE).struct_type())


def test_char_and_varchar_come_back_from_spark_metadata() -> None:
    field = T.StructField(
        "code", T.StringType(), True, {"__CHAR_VARCHAR_TYPE_STRING": "varchar(10)"}
    )
    assert format_type(from_spark_type(T.StructType([field]))) == "struct<code:varchar(10)>"


def test_types_a_contract_cannot_declare_are_refused() -> None:
    with pytest.raises(ValueError, match="no contract equivalent"):
        from_spark_type(T.GeographyType(4326))


def test_missing_pyspark_is_one_line_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(SparkUnavailableError, match=r"pip install 'contractkit\[spark\]'"):
        pyspark_types()
    from contractkit.spark.sessions import session

    with pytest.raises(SparkUnavailableError, match="not installed"):
        session()


@pytest.mark.spark
def test_session_reuses_the_active_one(spark: Any) -> None:
    from contractkit.spark.sessions import active_or_new, session

    assert session() is spark
    assert active_or_new() is spark


@pytest.mark.spark
def test_governance_metadata_reaches_spark_field_metadata(spark: Any) -> None:
    """Classification, PII, business name, tags and examples ride along as field metadata,
    and Spark keeps them on a DataFrame built with the schema (as it does comments)."""
    schema = struct_type(load(EVERY_FEATURE))
    assert schema["phone"].metadata == {
        "business_name": 'Customer\'s "phone" number',
        "classification": "restricted",
        "pii": True,
        "tags": ["contact", "gdpr"],
        "examples": ["+4712345678"],
    }
    assert schema["address"].dataType["zip"].metadata == {
        "classification": "internal",
        "examples": ["01234"],
    }
    customers = Path(__file__).parent.parent / "governance" / "customers.yaml"
    kept = spark.createDataFrame([], struct_type(load(customers))).schema
    assert kept["email"].metadata["classification"] == "restricted"
    assert kept["email"].metadata["pii"] is True
    assert kept["scores"].metadata == {"examples": ['{"loyalty": 3}']}
    assert kept["address"].dataType["city"].metadata == {
        "business_name": "City | town",
        "examples": ["Oslo"],
    }
