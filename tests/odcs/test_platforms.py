"""The physical-type table of docs/odcs.md is the code's, and each row is what import does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractkit.odcs.common import Report
from contractkit.odcs.platforms import GENERIC, PLATFORMS, platform_of, platform_type, table_rows
from contractkit.odcs.types import resolve_type
from contractkit.types import format_type, parse_type

ROOT = Path(__file__).resolve().parents[2]
_ROW = re.compile(r"^\| (\w+) \| `([^`]+)` \| `([^`]+)` \| (.*?) \|$")


def _documented() -> list[tuple[str, str, str, str]]:
    text = (ROOT / "docs" / "odcs.md").read_text(encoding="utf-8")
    section = text.split("### Physical types of other platforms", 1)[1].split("\n### ", 1)[0]
    return [m.groups() for line in section.splitlines() if (m := _ROW.match(line))]  # type: ignore[misc]


def test_the_docs_table_is_the_code_table() -> None:
    assert _documented() == list(table_rows())


@pytest.mark.parametrize(("platform", "physical", "spark", "note"), list(table_rows()))
def test_each_row_is_what_import_reads(platform: str, physical: str, spark: str, note: str) -> None:
    report = Report()
    node = {"name": "c", "physicalType": physical}
    on = None if platform == "any" else platform
    data_type = resolve_type(node, "p", report, platform=on).data_type
    assert format_type(data_type) == format_type(parse_type(spark))
    lines = report.lines()
    assert len(lines) == 1
    assert lines[0].startswith(f"not mapped: p.physicalType: {physical!r}")
    assert (note in lines[0]) if note else "holds every value" in lines[0]


def test_platform_comes_from_servers_that_agree() -> None:
    assert platform_of({"servers": [{"type": "bigquery"}, {"type": "BigQuery"}]}) == "bigquery"
    assert platform_of({"servers": [{"type": "postgresql"}, {"type": "postgres"}]}) == "postgres"
    assert platform_of({"servers": [{"type": "bigquery"}, {"type": "snowflake"}]}) is None
    assert platform_of({}) is None


@pytest.mark.parametrize(
    ("physical", "platform", "spark"),
    [
        ("NUMBER(12,2)", "snowflake", "decimal(12,2)"),
        ("NUMBER(5,-2)", "oracle", "decimal(7,0)"),
        ("NUMERIC(50,10)", "postgres", "decimal(38,0)"),  # whole digits first
        ("NUMERIC(50,30)", "postgres", "decimal(38,18)"),
        ("timestamp(3) with time zone", "trino", "timestamp"),
        ("TIMESTAMP(9)", "trino", "timestamp_ntz"),
        ("varchar(16777216)", "snowflake", "varchar(16777216)"),
        ("VARCHAR2(40)", "oracle", "varchar(40)"),
        ("VARCHAR2(40 BYTE)", "oracle", "string"),
        ("nvarchar(max)", "sqlserver", "string"),
        ("INTEGER", None, "int"),  # no platform: Spark's INTEGER
        ("INTEGER", "snowflake", "decimal(38,0)"),
        ("DATE", "oracle", "timestamp_ntz"),
        ("TINYINT", "sqlserver", "smallint"),
    ],
)
def test_parameters_and_platform_words(physical: str, platform: str | None, spark: str) -> None:
    data_type = resolve_type({"physicalType": physical}, "p", Report(), platform=platform).data_type
    assert format_type(data_type) == spark


def test_integers_never_narrow() -> None:
    """Every integer type of a platform reads as a Spark type at least as wide (64-bit ones
    as bigint or wider), the regression of BigQuery INT64 read as int."""
    widths = {"tinyint": 8, "smallint": 16, "int": 32, "bigint": 64}
    for name in ("INT64", "BIGINT", "INT8", "LONG"):
        for table in (*PLATFORMS.values(), GENERIC):
            known = table.get(name)
            if known is not None and known.spark in widths:
                assert widths[known.spark] == 64, (name, known)
    assert platform_type("HUGEINT", None) is not None
