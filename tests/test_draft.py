"""Drafting a contract from a schema (the pure half of `contractkit infer`)."""

from __future__ import annotations

import pytest

from contractkit.draft import DraftSource, contract_name, draft_contract
from contractkit.loader import analyze_text
from contractkit.types import StructField, StructType, format_type, parse_type

NESTED = parse_type(
    "struct<id:bigint NOT NULL COMMENT 'Row id: \"quoted\"',"
    "`yes`:string,"
    "`display name`:string COMMENT 'line\\nbreak and \\u2028 separator',"
    "address:struct<city:string NOT NULL COMMENT 'City',geo:struct<lat:double,lon:double>>,"
    "lines:array<struct<sku:string NOT NULL COMMENT 'SKU: stock unit',qty:int>>,"
    "attributes:map<string,decimal(18,2)>,"
    "scores:array<int NOT NULL>,"
    "wait:interval day to second,"
    "folded:string collate utf8_lcase,"
    "code:char(3)>"
)


def _roundtrip(text: str) -> StructType:
    analysis = analyze_text(text, "draft.yaml")
    assert analysis.ok, analysis.diagnostics
    assert analysis.diagnostics == ()  # not even a warning
    assert analysis.contract is not None
    return analysis.contract.struct_type()


def test_draft_lints_clean_and_keeps_the_schema_with_comments() -> None:
    assert isinstance(NESTED, StructType)
    source = DraftSource(path="data/silver orders", format="csv", options={"header": "true"})
    text = draft_contract("orders", NESTED, source, description='Orders "as landed"')
    schema = _roundtrip(text)
    assert format_type(schema) == format_type(NESTED)  # format_type includes the comments


def test_draft_layout() -> None:
    schema = StructType(
        (
            StructField("id", parse_type("bigint"), False, "Row id"),
            StructField(
                "address",
                StructType((StructField("city", parse_type("string"), False),)),
            ),
        )
    )
    text = draft_contract("orders", schema, DraftSource(table="main.sales.orders"))
    assert text == (
        '# Drafted by `contractkit infer` from table "main.sales.orders". Review every line:\n'
        "# owner and pipeline, descriptions, and nullability (files written by Spark declare\n"
        "# every column nullable), then add constraints and expectations.\n"
        "contract:\n"
        "  name: orders\n"
        '  version: "0.1.0"\n'
        '  owner: "TODO: the owning team"\n'
        '  producer_pipeline: "TODO: the pipeline that writes orders"\n'
        "\n"
        "schema:\n"
        "  fields:\n"
        "    - name: id\n"
        "      type: bigint\n"
        "      nullable: false\n"
        '      description: "Row id"\n'
        "    - name: address\n"
        "      fields:\n"
        "        - name: city\n"
        "          type: string\n"
        "          nullable: false\n"
        "\n"
        "changelog:\n"
        '  - version: "0.1.0"\n'
        '    changes: "Drafted by contractkit infer"\n'
        "\n"
        "servers:\n"
        "  - server: source\n"
        "    type: table\n"
        "    table: main.sales.orders\n"
    )
    _roundtrip(text)


def test_hostile_source_text_stays_in_its_comment() -> None:
    source = DraftSource(path="x\ncontract: {name: evil}\n#", format="json")
    text = draft_contract("x", StructType((StructField("a", parse_type("int")),)), source)
    assert text.splitlines()[0].startswith("# Drafted by `contractkit infer` from json files")
    _roundtrip(text)


@pytest.mark.parametrize(
    ("source", "table", "name"),
    [
        ("main.sales.orders", True, "orders"),
        ("`main`.`sales`.`order items`", True, "order_items"),
        ("data/silver/orders.parquet", False, "orders"),
        ("data/silver/orders/", False, "orders"),
        ("data/2024-orders.csv", False, "_2024_orders"),
        ("/", False, "dataset"),
    ],
)
def test_contract_names(source: str, table: bool, name: str) -> None:
    assert contract_name(source, table=table) == name
