"""Generated modules on a real Spark: schemas build DataFrames and read back from DDL, and
every expression is accepted and means what the contract says. Batched: a few DataFrames,
many columns, one collect each."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from contractkit.codegen import plan
from contractkit.codegen.ddl import exact
from contractkit.codegen.python_module import module_name
from contractkit.loader import load
from contractkit.model import Contract
from contractkit.sqltext import QUOTED_WORDS, quote_name

pytestmark = pytest.mark.spark

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CONTRACT_DIRS = [ROOT / "contracts", HERE / "contracts", HERE / "injection"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Contract, ModuleType]]:
    """Every test contract's generated module, imported from a fresh directory."""
    out = tmp_path_factory.mktemp("generated")
    contracts = [load(p) for d in CONTRACT_DIRS for p in sorted(d.glob("*.yaml"))]
    for file in plan(contracts, str(out)):
        (out / file.name).write_text(file.text, encoding="utf-8")
    modules = []
    for contract in contracts:
        name = module_name(contract.name)
        spec = importlib.util.spec_from_file_location(f"spark_generated_{name}", out / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append((contract, module))
    return modules


@contextmanager
def _conf(spark: Any, key: str, value: str) -> Iterator[None]:
    spark.conf.set(key, value)
    try:
        yield
    finally:
        spark.conf.unset(key)


# -- schemas ------------------------------------------------------------------------------


def _sample(data_type: Any) -> Any:
    """A value of a pyspark type, for a row that fills every column."""
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        return tuple(_sample(f.dataType) for f in data_type.fields)
    if isinstance(data_type, T.ArrayType):
        return [_sample(data_type.elementType)]
    if isinstance(data_type, T.MapType):
        return {_sample(data_type.keyType): _sample(data_type.valueType)}
    if isinstance(data_type, T.DecimalType):
        return Decimal(1).scaleb(-data_type.scale) if data_type.scale else Decimal(1)
    if isinstance(data_type, T.CharType):
        return "c" * data_type.length
    samples: dict[type, Any] = {
        T.StringType: "text",
        T.VarcharType: "v",
        T.BooleanType: True,
        T.ByteType: 1,
        T.ShortType: 2,
        T.IntegerType: 3,
        T.LongType: 4,
        T.FloatType: 1.5,
        T.DoubleType: 2.5,
        T.DateType: dt.date(2025, 1, 15),
        T.TimestampType: dt.datetime(2025, 1, 15, 10, tzinfo=dt.UTC),
        T.TimestampNTZType: dt.datetime(2025, 1, 15, 10),
        T.BinaryType: bytearray(b"\x00\x01"),
        T.DayTimeIntervalType: dt.timedelta(seconds=90),
    }
    return samples[type(data_type)]


def _python_buildable(data_type: Any) -> bool:
    """pyspark cannot turn Python values (not even None) into year-month intervals."""
    from pyspark.sql import types as T

    if isinstance(data_type, T.YearMonthIntervalType | T.CalendarIntervalType):
        return False
    if isinstance(data_type, T.StructType):
        return all(_python_buildable(f.dataType) for f in data_type.fields)
    if isinstance(data_type, T.ArrayType):
        return _python_buildable(data_type.elementType)
    if isinstance(data_type, T.MapType):
        return _python_buildable(data_type.valueType)
    return True


def test_schemas_build_dataframes_and_read_back_from_ddl(
    spark: Any, generated: list[tuple[Contract, ModuleType]]
) -> None:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from contractkit.spark import struct_type

    # char/varchar columns exist in DataFrames only with this flag (by default Spark keeps
    # them in tables alone).
    with _conf(spark, "spark.sql.preserveCharVarcharTypeInfo", "true"):
        for contract, module in generated:
            schema = module.SCHEMA
            assert schema == struct_type(contract), contract.name
            buildable = T.StructType([f for f in schema.fields if _python_buildable(f.dataType)])
            full = tuple(_sample(f.dataType) for f in buildable.fields)
            empty = tuple(
                None if f.nullable else v for f, v in zip(buildable.fields, full, strict=True)
            )
            df = spark.createDataFrame([full, empty], buildable)
            for field in schema.fields:
                if field not in buildable.fields:  # added as a typed NULL column
                    df = df.withColumn(field.name, F.lit(None).cast(field.dataType))
            df = df.select(*[F.col(quote_name(f.name)) for f in schema.fields])
            assert df.schema == schema, contract.name
            from_ddl = T.StructType.fromDDL(module.DDL)
            # DDL carries comments but no other field metadata (governance metadata).
            if exact(contract.struct_type()):
                assert from_ddl == _as_ddl(schema, strict=True), contract.name
            else:
                assert from_ddl == _as_ddl(schema), contract.name


def _as_ddl(data_type: Any, strict: bool = False) -> Any:
    """The type as DDL can say it: field metadata reduced to the comment, and (unless
    `strict`) every array element and map value nullable."""
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        return T.StructType(
            [
                T.StructField(
                    f.name,
                    _as_ddl(f.dataType, strict),
                    f.nullable,
                    {k: v for k, v in f.metadata.items() if k == "comment"},
                )
                for f in data_type.fields
            ]
        )
    if isinstance(data_type, T.ArrayType):
        contains_null = data_type.containsNull if strict else True
        return T.ArrayType(_as_ddl(data_type.elementType, strict), contains_null)
    if isinstance(data_type, T.MapType):
        value_null = data_type.valueContainsNull if strict else True
        return T.MapType(data_type.keyType, _as_ddl(data_type.valueType, strict), value_null)
    return data_type


# -- expressions --------------------------------------------------------------------------


def test_every_expression_is_accepted_and_boolean(
    spark: Any, generated: list[tuple[Contract, ModuleType]]
) -> None:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    with _conf(spark, "spark.sql.preserveCharVarcharTypeInfo", "true"):
        for contract, module in generated:
            df = spark.createDataFrame([], module.SCHEMA)
            names = list(module.EXPECTATIONS)
            exprs = [F.expr(module.EXPECTATIONS[n]).alias(f"e{i}") for i, n in enumerate(names)]
            found = df.select(*exprs).schema.fields  # analysis only: no job runs
            types = {name: f.dataType for name, f in zip(names, found, strict=True)}
            assert types == dict.fromkeys(names, T.BooleanType()), contract.name


UTC = dt.UTC
VALID = {
    "id": 1,
    "order": 1,
    "display name": "O'Brien",
    "phone": "+1234567890",
    "surname": "O'Neil",
    "amount": Decimal("0.01"),
    "ratio": 1500.0,
    "flag": True,
    "small": -1,
    "day": dt.date(2024, 1, 1),
    "at": dt.datetime(2030, 12, 31, 23, 59, 59, tzinfo=UTC),
    "local_at": dt.datetime(2024, 1, 1),
    "address": ("Paris", "75001", (90.0, 0.0)),
}
ROWS = [
    VALID,  # 1: valid, several values exactly on a bound
    dict.fromkeys(VALID),  # 2: NULL everywhere, the address too
    {  # 3: every constraint broken
        "id": 0,
        "order": None,
        "display name": "O\\'Brien",
        "phone": "12345",
        "surname": "OBrien",
        "amount": Decimal("0.00"),
        "ratio": -0.51,
        "flag": False,
        "small": 2,
        "day": dt.date(2023, 12, 31),
        "at": dt.datetime(2031, 1, 1, tzinfo=UTC),
        "local_at": dt.datetime(2023, 12, 31, 23, 59, 59),
        "address": (None, "7500", (90.5, None)),
    },
    {  # 4: the other bounds, a quote-holding value, a struct without its geo
        **VALID,
        "id": 2,
        "order": 2,
        "display name": 'say "hi"',
        "phone": "1234567890123456",
        "surname": "O'Neil2",
        "amount": Decimal("99999999.99"),
        "ratio": -0.5,
        "small": 0,
        "day": dt.date(2030, 12, 31),
        "at": dt.datetime(2024, 1, 1, tzinfo=UTC),
        "local_at": dt.datetime(2030, 1, 1),
        "address": ("X", None, None),
    },
    {
        **VALID,
        "display name": "back\\slash",
        "phone": "+123456789012345",
        "amount": Decimal("100000000.00"),
    },
    {**VALID, "display name": "back\\\\slash", "address": ("Paris", "75001", (None, 1.0))},
    {**VALID, "display name": "50% off"},
    {**VALID, "display name": "50X off"},  # % is a character in IN, not a wildcard
    {**VALID, "display name": "日本語"},
]
# Row by row: T true (passes), F false (violates), N NULL (passes: only FALSE violates).
EXPECTED = {
    "positive_amount": "TNFTTTTTT",
    "known_order": "TFFTTTTTT",
    'odd name: with "quotes"': "FNTTFFFFF",
    "id_not_null": "TFTTTTTTT",
    "id_min": "TNFTTTTTT",
    "order_not_null": "TFFTTTTTT",
    "display name_allowed_values": "TNFTTFTFT",
    "phone_pattern": "TNFFTTTTT",
    "surname_pattern": "TNFTTTTTT",
    "amount_min": "TNFTTTTTT",
    "amount_max": "TNTTFTTTT",
    "ratio_min": "TNFTTTTTT",
    "ratio_max": "TNTTTTTTT",
    "flag_allowed_values": "TNFTTTTTT",
    "small_allowed_values": "TNFTTTTTT",
    "day_not_null": "TFTTTTTTT",
    "day_min": "TNFTTTTTT",
    "day_max": "TNTTTTTTT",
    "at_min": "TNTTTTTTT",
    "at_max": "TNFTTTTTT",
    "local_at_min": "TNFTTTTTT",
    "address_not_null": "TFTTTTTTT",
    "address.city_not_null": "TTFTTTTTT",  # a NULL address does not count against its city
    "address.zip_pattern": "TNFNTTTTT",
    "address.geo.lat_not_null": "TTTTTFTTT",
    "address.geo.lat_min": "TNTNTNTTT",
    "address.geo.lat_max": "TNFNTNTTT",
}


def test_expressions_mean_what_the_contract_says(
    spark: Any, generated: list[tuple[Contract, ModuleType]]
) -> None:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    [module] = [m for c, m in generated if c.name == "every-feature.v1"]
    assert set(module.EXPECTATIONS) == set(EXPECTED)
    fields = [f for f in module.SCHEMA.fields if f.name in VALID]
    schema = _nullable(T.StructType(fields))
    rows = [tuple(row[f.name] for f in fields) for row in ROWS]
    df = spark.createDataFrame(rows, schema)
    names = list(module.EXPECTATIONS)
    exprs = [F.expr(module.EXPECTATIONS[n]).alias(f"e{i}") for i, n in enumerate(names)]
    found = (
        df.select(F.monotonically_increasing_id().alias("_row"), *exprs).orderBy("_row").collect()
    )
    letters = {True: "T", False: "F", None: "N"}
    results = {n: "".join(letters[row[f"e{i}"]] for row in found) for i, n in enumerate(names)}
    assert results == EXPECTED


def _nullable(data_type: Any) -> Any:
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        return T.StructType(
            [
                T.StructField(f.name, _nullable(f.dataType), True, f.metadata)
                for f in data_type.fields
            ]
        )
    return data_type


def _spark_keywords(spark: Any) -> list[str]:
    """Spark's keyword list. `sql_keywords()` works out which are reserved by parsing each
    one (12 s here), which the test below does anyway; the list alone is instant."""
    try:
        utils = spark._jvm.org.apache.spark.sql.catalyst.util.SQLKeywordUtils
        words = spark._jvm.scala.jdk.javaapi.CollectionConverters.asJava(utils.keywords())
        return sorted({str(w).lower() for w in words})
    except Exception:  # a Spark without that internal object: the public, slower way
        rows = spark.sql("SELECT keyword FROM sql_keywords()").collect()
        return sorted({r.keyword.lower() for r in rows})


def test_names_are_quoted_wherever_spark_needs_it(spark: Any) -> None:
    """Every Spark keyword, as a column name written by quote_name, reads as that column,
    with reserved keywords enforced and without: a reserved word missing from QUOTED_WORDS
    would be left bare and fail to parse."""
    key = "spark.sql.ansi.enforceReservedKeywords"
    words = _spark_keywords(spark)
    assert len(words) > 400
    assert {"true", "false", "null", "current_path", "select", "order"} <= QUOTED_WORDS
    df = spark.range(1).selectExpr(*[f"CAST(7 AS TINYINT) AS {quote_name(w)}" for w in words])
    # A name read as the column has its type; as a literal or a function it would not.
    checks = [
        f"named_struct('v', {quote_name(w)}, 'n', {quote_name(w)} IS NOT NULL, "
        f"'i', {quote_name(w)} IN (7, 8), 'c', {quote_name(w)} >= 1)"
        for w in words
    ]
    expected = "struct<v:tinyint,n:boolean,i:boolean,c:boolean>"
    for enforced in ("false", "true"):
        with _conf(spark, key, enforced):
            found = df.selectExpr(*[f"{c} AS c{i}" for i, c in enumerate(checks)]).schema
        wrong = [
            w
            for w, f in zip(words, found.fields, strict=True)
            if f.dataType.simpleString() != expected
        ]
        assert wrong == []


# -- dataset checks: the aggregate view ---------------------------------------------------


def test_dataset_checks_compute_one_row_of_booleans_that_the_view_expectations_read(
    spark: Any, generated: list[tuple[Contract, ModuleType]]
) -> None:
    """`dataset_checks(df)` is one row with one column per check; a check that is NULL (an
    aggregate over no rows) is FALSE; each DLT expectation on the view reads its column."""
    from pyspark.sql import functions as F

    [module] = [m for c, m in generated if c.name == "every-feature.v1"]
    names = ["enough_rows", 'average ratio: "sane"', "order"]
    schema = "`order` INT, ratio DOUBLE"
    cases = {
        "passing": ([(1, 10.0), (5, 20.0), (None, None)], [True, True, True]),
        "failing": ([(500, 5000.0)], [False, False, False]),
        "mixed": ([(100, 999.5), (None, 1000.5)], [True, False, True]),  # avg 1000.0
        "all NULL": ([(None, None), (None, None)], [True, False, False]),
        "empty": ([], [False, False, False]),
    }
    expectations = {**module.DATASET_EXPECT, **module.DATASET_EXPECT_OR_FAIL}
    for case, (rows, expected) in cases.items():
        view = module.dataset_checks(spark.createDataFrame(rows, schema))
        assert view.columns == names, case
        read = view.select(
            *view.columns,
            *[F.expr(expectations[n]).alias(f"expect_{i}") for i, n in enumerate(names)],
        ).collect()
        assert len(read) == 1, case
        assert [read[0][n] for n in names] == expected, case
        assert [read[0][f"expect_{i}"] for i in range(len(names))] == expected, case
