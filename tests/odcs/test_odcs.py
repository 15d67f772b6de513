"""ODCS interop without the official examples: round trips, and each mapping rule on small
documents written here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from contractkit.loader import load
from contractkit.model import Contract
from contractkit.odcs import ObjectChoiceError, OdcsError, export_contract, read_odcs
from contractkit.odcs.schema import bundled_schema, schema_problems

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CONTRACTS = [
    *sorted((ROOT / "contracts").glob("*.yaml")),
    HERE / "kitchen_sink.yaml",
    HERE / "dataset_checks.yaml",
]


def _same(a: Contract, b: Contract) -> None:
    """Equal as contracts: every key and value, source positions aside."""
    assert a.model_dump(by_alias=True) == b.model_dump(by_alias=True)


def _doc(*objects: dict[str, Any], **top: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "t",
        "version": "1.0.0",
        "status": "active",
        "team": {"name": "team-a"},
        "customProperties": [{"property": "contractkit.producer_pipeline", "value": "p"}],
        "schema": list(objects)
        or [{"name": "t", "properties": [{"name": "id", "logicalType": "string"}]}],
    }
    document.update(top)
    return document


def _import(document: dict[str, Any], **options: Any) -> tuple[Contract, list[str]]:
    imported = read_odcs(yaml.safe_dump(document, sort_keys=False), "t.odcs.yaml", **options)
    return imported.contract, [str(item) for item in imported.report]


def _obj(*properties: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return {"name": "t", "properties": list(properties), **keys}


# ------------------------------------------------------------------------------ round trip


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_contract_to_odcs_and_back_is_the_same_contract(path: Path) -> None:
    contract = load(path)
    exported = export_contract(contract)
    assert schema_problems(exported.document, bundled_schema()) == []
    imported = read_odcs(exported.text, f"{path.stem}.odcs.yaml")
    assert imported.report == ()
    _same(contract, imported.contract)
    # and the YAML written for the contract reads back as the same contract
    _same(contract, load_text(imported.text))


def load_text(text: str) -> Contract:
    from contractkit.loader import load_string

    return load_string(text)


def test_export_is_deterministic_and_validates_against_the_bundled_schema() -> None:
    contract = load(HERE / "kitchen_sink.yaml")
    assert export_contract(contract).text == export_contract(contract).text
    assert bundled_schema()["properties"]["apiVersion"]["default"] == "v3.1.0"


def test_export_puts_what_odcs_lacks_into_custom_properties() -> None:
    document = export_contract(load(ROOT / "contracts" / "silver_orders.yaml")).document
    names = [p["property"] for p in document["customProperties"]]
    assert names == [
        "contractkit.producer_pipeline",
        "contractkit.compatibility",
        "contractkit.consumers",
        "contractkit.changelog",
        "contractkit.freshness",
    ]
    status = document["schema"][0]["properties"][4]
    assert status["quality"][0]["arguments"] == {
        "validValues": ["PENDING", "COMPLETED", "CANCELLED"]
    }
    assert document["slaProperties"] == [
        {"property": "latency", "value": 15, "unit": "min"},
        {"property": "availability", "value": Decimal("99.9"), "unit": "percent"},
    ]
    assert document["schema"][0]["quality"][1] == {
        "type": "sql",
        "name": "positive_amounts",
        "query": "SELECT COUNT(*) FROM {object} WHERE NOT (amount > 0)",
        "mustBeLessOrEqualTo": Decimal("0.1"),
        "unit": "percent",
    }


# ---------------------------------------------------------------------------------- types


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        ({"physicalType": "DECIMAL(18, 2)", "logicalType": "number"}, "decimal(18,2)"),
        ({"physicalType": "varchar(18)", "logicalType": "string"}, "varchar(18)"),
        ({"physicalType": "int4", "logicalType": "integer"}, "int"),
        ({"logicalType": "integer", "logicalTypeOptions": {"format": "i64"}}, "bigint"),
        ({"logicalType": "integer", "logicalTypeOptions": {"format": "i8"}}, "tinyint"),
        ({"logicalType": "integer", "logicalTypeOptions": {"format": "u32"}}, "bigint"),
        ({"logicalType": "number", "logicalTypeOptions": {"format": "f32"}}, "float"),
        ({"logicalType": "number"}, "double"),
        ({"physicalType": "numeric", "logicalType": "number"}, "double"),
        ({"logicalType": "timestamp"}, "timestamp"),
        ({"logicalType": "timestamp", "logicalTypeOptions": {"timezone": False}}, "timestamp_ntz"),
        ({"logicalType": "date"}, "date"),
        ({"logicalType": "boolean", "physicalType": "bool"}, "boolean"),
        ({"logicalType": "array", "items": {"logicalType": "string"}}, "array<string>"),
        ({"logicalType": "object"}, "variant"),
        ({"physicalType": "text"}, "string"),
        ({}, "string"),
    ],
)
def test_types_prefer_a_spark_physical_type_then_the_logical_type(
    prop: dict[str, Any], expected: str
) -> None:
    contract, _ = _import(_doc(_obj({"name": "c", **prop})))
    assert contract.fields[0].type_string == expected


def test_a_physical_type_that_is_not_spark_is_reported() -> None:
    _, report = _import(_doc(_obj({"name": "c", "physicalType": "int9", "logicalType": "integer"})))
    assert report == [
        "not mapped: schema[t].properties[c].physicalType: 'int9' not kept: it is not a Spark "
        "SQL type (unknown type 'int9'; did you mean 'int'?); typed from logicalType 'integer' "
        "as int"
    ]


def test_nested_properties_become_fields_with_their_own_nullability() -> None:
    prop = {
        "name": "address",
        "logicalType": "object",
        "required": True,
        "properties": [
            {"name": "city", "logicalType": "string", "required": True, "description": "City"},
            {"name": "zip", "logicalType": "string"},
        ],
    }
    items = {
        "name": "lines",
        "logicalType": "array",
        "items": {
            "logicalType": "object",
            "properties": [{"name": "sku", "logicalType": "string", "required": True}],
        },
    }
    contract, report = _import(_doc(_obj(prop, items)))
    address = contract.fields[0]
    assert address.nullable is False
    assert [(f.name, f.nullable, f.description) for f in address.fields or ()] == [
        ("city", False, "City"),
        ("zip", True, None),
    ]
    assert contract.fields[1].type_string == "array<struct<sku:string NOT NULL>>"
    assert report == []


def test_required_unique_primary_key_in_position_order() -> None:
    contract, _ = _import(
        _doc(
            _obj(
                {"name": "b", "logicalType": "string", "primaryKey": True, "primaryKeyPosition": 2},
                {"name": "a", "logicalType": "string", "primaryKey": True, "primaryKeyPosition": 1},
                {"name": "u", "logicalType": "string", "unique": True, "required": True},
            )
        )
    )
    assert contract.schema_.primary_key == ["a", "b"]
    unique = contract.field("u")
    assert unique is not None
    assert unique.unique
    assert not unique.nullable


def test_logical_type_options_become_constraints_or_expectations() -> None:
    contract, report = _import(
        _doc(
            _obj(
                {
                    "name": "code",
                    "logicalType": "string",
                    "logicalTypeOptions": {"pattern": "^[A-Z]+$", "maxLength": 3, "format": "x"},
                },
                {
                    "name": "n",
                    "logicalType": "integer",
                    "logicalTypeOptions": {"minimum": 1, "exclusiveMaximum": 10, "multipleOf": 2},
                },
                {
                    "name": "d",
                    "logicalType": "date",
                    "logicalTypeOptions": {"minimum": "2020-01-01"},
                },
                {
                    "name": "xs",
                    "logicalType": "array",
                    "items": {"logicalType": "integer"},
                    "logicalTypeOptions": {"minItems": 0, "maxItems": 3, "uniqueItems": True},
                },
            )
        )
    )
    assert contract.field("code").pattern == "^[A-Z]+$"  # type: ignore[union-attr]
    assert contract.field("n").min == 1  # type: ignore[union-attr]
    assert contract.field("d").min == dt.date(2020, 1, 1)  # type: ignore[union-attr]
    assert {e.name: e.expression for e in contract.expectations} == {
        "code_max_length": "length(code) <= 3",
        "n_exclusive_maximum": "n < 10",
        "n_multiple_of": "n % 2 = 0",
        "xs_max_items": "size(xs) <= 3",
        "xs_unique_items": "size(xs) = size(array_distinct(xs))",
    }
    assert report == [
        "not mapped: schema[t].properties[code].logicalTypeOptions.format: contractkit types "
        "are Spark types; a text format has no place"
    ]


# -------------------------------------------------------------------------------- quality


def _rule(rule: dict[str, Any], level: str = "property") -> tuple[Contract, list[str]]:
    prop = {"name": "amount", "logicalType": "number", "physicalType": "decimal(18,2)"}
    if level == "property":
        return _import(_doc(_obj({**prop, "quality": [rule]})))
    return _import(_doc(_obj(prop, quality=[rule])))


@pytest.mark.parametrize(
    ("rule", "expression", "threshold"),
    [
        ({"metric": "nullValues", "mustBe": 0}, "amount IS NOT NULL", "1"),
        (
            {"metric": "nullValues", "mustBeLessThan": 1, "unit": "percent"},
            "amount IS NOT NULL",
            "0.99",
        ),
        ({"metric": "nullValues", "mustBeLessThan": 1}, "amount IS NOT NULL", "1"),
        (
            {"metric": "missingValues", "arguments": {"missingValues": [None, -1, 0]}, "mustBe": 0},
            "amount IS NOT NULL AND amount NOT IN (-1, 0)",
            "1",
        ),
        (
            {"metric": "invalidValues", "arguments": {"validValues": [1, 2]}, "mustBe": 0},
            "amount IN (1, 2)",
            "1",
        ),
        (
            {
                "metric": "invalidValues",
                "arguments": {"pattern": "^[0-9]+$"},
                "mustBeBetween": [0, 5],
                "unit": "percent",
            },
            "amount RLIKE '^[0-9]+$'",
            "0.95",
        ),
        (
            {"type": "sql", "query": "SELECT COUNT(*) FROM t WHERE amount < 0", "mustBe": 0},
            "NOT (amount < 0)",
            "1",
        ),
        (
            {
                "type": "sql",
                "query": "select count(1) from {object} where {property} > 100;",
                "mustBeLessOrEqualTo": 0.5,
                "unit": "percent",
            },
            "NOT (amount > 100)",
            "0.995",
        ),
        (
            {
                "type": "sql",
                "query": "SELECT COUNT(*) FROM {object} WHERE NOT (amount >= 0)",
                "mustBe": 0,
            },
            "amount >= 0",
            "1",
        ),
    ],
)
def test_row_level_rules_become_expectations(
    rule: dict[str, Any], expression: str, threshold: str
) -> None:
    contract, report = _rule({**rule, "name": "r", "description": "why"})
    assert [(e.name, e.expression, e.threshold, e.description) for e in contract.expectations] == [
        ("r", expression, Decimal(threshold), "why")
    ]
    assert report == []


@pytest.mark.parametrize(
    ("rule", "level", "reason"),
    [
        ({"metric": "nullValues", "mustBeLessThan": 10}, "property", "an absolute count"),
        ({"metric": "nullValues", "mustBeGreaterThan": 1}, "property", "only an upper bound"),
        ({"metric": "nullValues", "mustBe": 3}, "property", "exactly 3 failing rows"),
        ({"metric": "rowCount", "mustBeGreaterThan": 10, "unit": "percent"}, "object", "unit"),
        ({"metric": "duplicateValues", "mustBeLessThan": 10}, "property", "an absolute count"),
        ({"metric": "duplicateValues", "mustBe": 0}, "object", "names no properties"),
        (
            {"metric": "duplicateValues", "arguments": {"properties": ["nope"]}, "mustBe": 0},
            "object",
            "'nope', not a property",
        ),
        ({"metric": "nullValues", "mustBe": 0}, "object", "applies to a property"),
        (
            {
                "metric": "invalidValues",
                "arguments": {"validValues": [1], "pattern": "x"},
                "mustBe": 0,
            },
            "property",
            "both validValues and pattern",
        ),
        ({"type": "text", "description": "nice data"}, "property", "describes quality in words"),
        (
            {"type": "custom", "engine": "soda", "implementation": "x: 1"},
            "property",
            "'soda' engine",
        ),
        (
            {"type": "sql", "query": "SELECT amount FROM t", "mustBeLessThan": 5},
            "object",
            "a value per row, not an aggregate",
        ),
        (
            {"type": "sql", "query": "SELECT AVG(amount) FROM t GROUP BY amount", "mustBe": 1},
            "object",
            "has GROUP",
        ),
        (
            {"type": "sql", "query": "SELECT COUNT(*) FROM other WHERE x = 1", "mustBe": 0},
            "object",
            "it reads 'other', not this object",
        ),
        (
            {
                "type": "sql",
                "query": "SELECT COUNT(*) FROM t JOIN u ON t.id = u.id WHERE x",
                "mustBe": 0,
            },
            "object",
            "it has JOINS",
        ),
        (
            {"type": "sql", "query": "SELECT COUNT(*) FROM t WHERE amout > 1", "mustBe": 0},
            "object",
            "unknown column 'amout'",
        ),
    ],
)
def test_rules_a_row_cannot_express_are_reported(
    rule: dict[str, Any], level: str, reason: str
) -> None:
    contract, report = _rule(rule, level)
    assert contract.expectations == []
    assert len(report) == 1, report
    assert report[0].startswith("not mapped: schema[t].")
    assert reason in report[0]


def test_duplicate_values_map_to_unique_and_to_the_primary_key() -> None:
    contract, report = _rule({"metric": "duplicateValues", "mustBe": 0, "name": "no dups"})
    assert contract.fields[0].unique is True
    assert report == [
        "not mapped: schema[t].properties[amount].quality[0].name: the field constraint "
        "`unique` has no name"
    ]
    one = {"metric": "duplicateValues", "arguments": {"properties": ["amount"]}, "mustBe": 0}
    contract, report = _rule(one, "object")
    assert contract.fields[0].unique is True
    assert report == []
    key_rule = {"metric": "duplicateValues", "arguments": {"properties": ["b", "a"]}, "mustBe": 0}
    props = [
        {"name": n, "logicalType": "string", "primaryKey": True, "primaryKeyPosition": i}
        for i, n in enumerate(["a", "b"], 1)
    ]
    _, report = _import(_doc(_obj(*props, quality=[key_rule])))
    assert report == []


def test_allowed_values_marker_gives_the_field_constraint_back() -> None:
    rule = {
        "metric": "invalidValues",
        "arguments": {"validValues": ["A", None, "B"]},
        "mustBe": 0,
        "description": "dropped",
        "customProperties": [{"property": "contractkit.constraint", "value": "allowed_values"}],
    }
    prop = {"name": "s", "logicalType": "string", "quality": [rule]}
    contract, report = _import(_doc(_obj(prop)))
    assert contract.fields[0].allowed_values == ["A", "B"]
    assert contract.expectations == []
    assert report == [
        "not mapped: schema[t].properties[s].quality[0].description: the field constraint "
        "`allowed_values` has no description"
    ]


def test_rule_attributes_without_a_place_are_reported_by_name() -> None:
    _, report = _rule(
        {"metric": "nullValues", "mustBe": 0, "dimension": "completeness", "severity": "error"}
    )
    assert report == [
        "not mapped: schema[t].properties[amount].quality[0].dimension: contractkit "
        "expectations have no dimension",
        "not mapped: schema[t].properties[amount].quality[0].severity: contractkit "
        "expectations have no severity",
    ]


def test_generated_expectation_names_are_unique() -> None:
    rules = [{"metric": "nullValues", "mustBe": 0}, {"metric": "nullValues", "mustBe": 0}]
    contract, _ = _rule(rules[0])
    doubled, _ = _import(_doc(_obj({"name": "amount", "logicalType": "number", "quality": rules})))
    assert [e.name for e in contract.expectations] == ["amount_null_values"]
    assert [e.name for e in doubled.expectations] == ["amount_null_values", "amount_null_values_2"]


# ------------------------------------------------------------------------------------ SLA


@pytest.mark.parametrize(
    ("entry", "freshness", "column"),
    [
        ({"property": "latency", "value": 4, "unit": "d", "element": "t.ts"}, "4 days", "ts"),
        ({"property": "latency", "value": 15, "unit": "min"}, "15 minutes", None),
        ({"property": "latency", "value": 2, "unit": "hours", "element": "ts"}, "2 hours", "ts"),
        ({"property": "ly", "value": 30, "unit": "s", "element": "txn_ts"}, "30 seconds", "ts"),
    ],
)
def test_latency_is_freshness_and_its_element_the_column(
    entry: dict[str, Any], freshness: str, column: str | None
) -> None:
    prop = {"name": "ts", "physicalName": "txn_ts", "logicalType": "timestamp"}
    contract, report = _import(_doc(_obj(prop), slaProperties=[entry]))
    assert contract.sla is not None
    assert (str(contract.sla.freshness), contract.sla.freshness_column) == (freshness, column)
    assert [line for line in report if "slaProperties" in line] == []


def test_sla_properties_without_a_place_are_reported() -> None:
    entries = [
        {"property": "latency", "value": 1, "unit": "y"},
        {"property": "availability", "value": 99.5, "unit": "percent", "driver": "operational"},
        {"property": "retention", "value": 3, "unit": "y"},
        {"property": "latency", "value": 4, "unit": "d", "element": "other.ts"},
    ]
    contract, report = _import(_doc(slaProperties=entries))
    assert contract.sla is not None
    assert str(contract.sla.freshness) == "4 days"
    assert contract.sla.availability == Decimal("0.995")
    assert report == [
        "not mapped: slaProperties[0]: latency: unit 'y' varies in length; contractkit "
        "durations are exact",
        "not mapped: slaProperties[1].driver: contractkit's SLA has no driver",
        "not mapped: slaProperties[2]: retention: contractkit does not model how long data is kept",
        "not mapped: slaProperties[3].element: 'other.ts' names object 'other', not 't'; "
        "freshness_column not set",
    ]


# -------------------------------------------------------------------------------- servers


def test_servers_spark_can_read_are_mapped_the_others_reported() -> None:
    servers = [
        {"server": "files", "type": "local", "path": "data/t", "format": "parquet"},
        {"server": "lake", "type": "s3", "location": "s3://b/t", "format": "delta"},
        {
            "server": "adls",
            "type": "azure",
            "location": "az://c/t",
            "format": "csv",
            "delimiter": ";",
        },
        {"server": "uc", "type": "databricks", "catalog": "main", "schema": "sales", "host": "h"},
        {
            "server": "pg",
            "type": "postgres",
            "host": "h",
            "port": 5432,
            "database": "d",
            "schema": "s",
        },
        {"server": "xml", "type": "local", "path": "x", "format": "xml"},
    ]
    contract, report = _import(_doc(_obj({"name": "id"}, physicalName="orders"), servers=servers))
    assert [(s.server, s.type, s.path or s.table, s.format) for s in contract.servers] == [
        ("files", "local", "data/t", "parquet"),
        ("lake", "local", "s3://b/t", "delta"),
        ("adls", "local", "az://c/t", "csv"),
        ("uc", "table", "main.sales.orders", None),
    ]
    assert contract.servers[2].options == {"delimiter": ";"}
    assert [line for line in report if "servers" in line] == [
        "not mapped: servers[uc].host: contractkit servers have no host",
        "not mapped: servers[pg]: a postgres server: contractkit servers are paths Spark reads "
        "(local, s3, azure) and tables (databricks)",
        "not mapped: servers[xml]: a local server needs path and a format Spark reads (avro, "
        "csv, delta, json, orc, parquet); got format 'xml'",
    ]


# ----------------------------------------------------------------- document and refusals


def test_top_level_keys_without_a_place_are_reported_never_dropped() -> None:
    contract, report = _import(
        _doc(
            _obj({"name": "id", "logicalType": "string", "businessName": "Id", "examples": ["1"]}),
            name="other name",
            id="uuid-1",
            status="draft",
            tenant="acme",
            description={"purpose": "What", "usage": "How"},
            tags=["x"],
            domain="sales",
            price={"priceAmount": 1},
            customProperties=[{"property": "owner-slack", "value": "#team"}],
            team={"name": "team-a", "members": [{"username": "u"}]},
        )
    )
    assert (contract.info.description, contract.info.domain, contract.info.tags) == (
        "What",
        "sales",
        ["x"],
    )
    assert contract.info.owner == "team-a"
    assert (contract.info.id, contract.info.title, contract.info.status) == (
        "uuid-1",
        "other name",
        "draft",
    )
    assert (contract.fields[0].business_name, contract.fields[0].examples) == ("Id", ["1"])
    assert sorted(line.split(":")[1].strip() for line in report) == sorted(
        [
            "customProperties[0]",
            "description.usage",
            "price",
            "team.members",
            "tenant",
        ]
    )


def test_owner_and_pipeline_from_options_or_the_owner_member() -> None:
    document = _doc(team=[{"username": "ann", "role": "Owner"}], customProperties=[])
    contract, report = _import(document, producer_pipeline="ingest")
    assert (contract.info.owner, contract.info.producer_pipeline) == ("ann", "ingest")
    assert report == [
        "not mapped: team: the deprecated list of members: contractkit records one owner"
    ]
    document = _doc()
    del document["team"]
    contract, report = _import(document, owner="ops")
    assert contract.info.owner == "ops"
    assert not any("owner" in line for line in report)


def test_several_objects_need_a_choice() -> None:
    document = _doc(_obj({"name": "a"}), {"name": "u", "properties": [{"name": "b"}]})
    with pytest.raises(ObjectChoiceError, match=r"describes 2 objects \(t, u\)") as raised:
        _import(document)
    assert raised.value.names == ["t", "u"]
    contract, report = _import(document, object_name="u")
    assert contract.name == "u"
    assert report[0].startswith("not mapped: schema: the other object (t)")
    with pytest.raises(ObjectChoiceError, match="has no object named 'v'"):
        _import(document, object_name="v")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_doc(schema=[]), "describes no dataset"),
        (_doc({"name": "t"}), "object 't' lists no properties"),
        ({**_doc(), "apiVersion": "v3.3.0"}, "apiVersion 'v3.3.0' has no bundled schema"),
        ({**_doc(), "kind": "Other"}, "kind: 'Other' is not one of ['DataContract']"),
        ({**_doc(), "version": "one"}, "version 'one' is not a semantic version"),
        ({**_doc(), "extra": 1}, "Additional properties are not allowed ('extra' was unexpected)"),
    ],
)
def test_documents_that_cannot_be_imported_are_refused_with_the_reason(
    document: dict[str, Any], message: str
) -> None:
    with pytest.raises(OdcsError) as raised:
        _import(document)
    assert message in str(raised.value)


def test_schema_problems_are_located_in_the_file() -> None:
    text = yaml.safe_dump({**_doc(), "kind": "Other"}, sort_keys=False)
    with pytest.raises(OdcsError) as raised:
        read_odcs(text, "bad.odcs.yaml")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("kind:"))
    assert raised.value.problems == (
        f"bad.odcs.yaml:{line}:7: kind: 'Other' is not one of ['DataContract']",
    )


def test_imported_contract_is_written_as_yaml_that_lints(tmp_path: Path) -> None:
    imported = read_odcs(yaml.safe_dump(_doc()), "t.odcs.yaml")
    path = tmp_path / "t.yaml"
    path.write_text(imported.text)
    _same(load(path), imported.contract)
    assert imported.text.startswith("# Imported by `contractkit import odcs` from t.odcs.yaml")


def test_freshness_column_without_freshness_round_trips() -> None:
    from contractkit.loader import load_string

    contract = load_string(
        """
contract: {name: t, version: "1.0.0", owner: o, producer_pipeline: p}
schema: {fields: [{name: ts, type: timestamp}]}
sla: {freshness_column: ts}
"""
    )
    imported = read_odcs(export_contract(contract).text, "t.odcs.yaml")
    _same(contract, imported.contract)


def test_a_rule_named_like_a_derived_expectation_is_renamed() -> None:
    prop = {
        "name": "amount",
        "logicalType": "number",
        "required": True,
        "quality": [{"metric": "nullValues", "mustBe": 0, "name": "amount_not_null"}],
    }
    contract, _ = _import(_doc(_obj(prop)))
    assert [e.name for e in contract.expectations] == ["amount_not_null_2"]


# ------------------------------------------- dataset checks, composite keys, references


@pytest.mark.parametrize(
    ("rule", "expression", "action"),
    [
        ({"metric": "rowCount", "mustBeGreaterThan": 1000000}, "count(*) > 1000000", "fail"),
        ({"metric": "rowCount", "mustBe": 12, "severity": "error"}, "count(*) = 12", "fail"),
        ({"metric": "rowCount", "mustNotBe": 0, "severity": "warning"}, "count(*) <> 0", "warn"),
        ({"metric": "rowCount", "mustBeLessOrEqualTo": 5, "unit": "rows"}, "count(*) <= 5", "fail"),
        (
            {"metric": "rowCount", "mustBeBetween": [100, 120], "severity": "info"},
            "count(*) BETWEEN 100 AND 120",
            "warn",
        ),
        (
            {"metric": "rowCount", "mustNotBeBetween": [1, 9]},
            "count(*) NOT BETWEEN 1 AND 9",
            "fail",
        ),
        (
            {"type": "sql", "query": "SELECT AVG(amount) FROM {object}", "mustBeLessThan": 500},
            "AVG(amount) < 500",
            "fail",
        ),
        (
            {"type": "sql", "query": "SELECT COUNT(*) FROM ${model}", "mustBeGreaterThan": 0},
            "COUNT(*) > 0",
            "fail",
        ),
        (
            {"type": "sql", "query": "SELECT max(amount) - min(amount) FROM t", "mustBe": 0.5},
            "(max(amount) - min(amount)) = 0.5",
            "fail",
        ),
        (
            {"type": "sql", "query": "SELECT avg(amount) < 500 FROM {object}", "mustBe": True},
            "avg(amount) < 500",
            "fail",
        ),
        (
            {"type": "sql", "query": "SELECT count(*) > 5 FROM t", "mustBe": False},
            "NOT (count(*) > 5)",
            "fail",
        ),
    ],
)
def test_row_counts_and_aggregates_become_dataset_checks(
    rule: dict[str, Any], expression: str, action: str
) -> None:
    contract, report = _rule({**rule, "name": "volume", "description": "why"}, "object")
    assert [(c.name, c.expression, c.action, c.description) for c in contract.quality.dataset] == [
        ("volume", expression, action, "why")
    ]
    assert contract.expectations == []
    assert report == []


def test_dataset_checks_without_a_name_are_named_and_kept_apart() -> None:
    rules = [
        {"metric": "rowCount", "mustBeGreaterThan": 1},
        {"metric": "rowCount", "mustBeLessThan": 9, "dimension": "completeness"},
        {"type": "sql", "query": "SELECT sum(amount) FROM t", "mustBeGreaterThan": 0, "id": "s"},
    ]
    contract, report = _import(_doc(_obj(_AMOUNT, quality=rules)))
    assert [c.name for c in contract.quality.dataset] == ["row_count", "row_count_2", "s"]
    assert report == [
        "not mapped: schema[t].quality[1].dimension: contractkit dataset checks have no dimension"
    ]


_AMOUNT = {"name": "amount", "logicalType": "number", "physicalType": "decimal(18,2)"}


def test_duplicate_values_with_a_rate_or_a_combination_become_composite_keys() -> None:
    props = [
        {
            "name": "a",
            "logicalType": "string",
            "quality": [
                {"metric": "duplicateValues", "mustBeLessThan": 1, "unit": "percent", "name": "few"}
            ],
        },
        {"name": "b", "logicalType": "string"},
        {"name": "c", "logicalType": "string"},
    ]
    object_rules = [
        {"metric": "duplicateValues", "arguments": {"properties": ["B", "c"]}, "mustBe": 0},
        {
            "metric": "duplicateValues",
            "arguments": {"properties": ["a", "b", "c"]},
            "mustBeLessOrEqualTo": 0.01,
            "unit": "percent",
            "description": "replays",
        },
    ]
    contract, report = _import(_doc(_obj(*props, quality=object_rules)))
    keys = [(k.name, k.columns, k.threshold, k.description) for k in contract.quality.unique]
    assert keys == [
        ("few", ["a"], Decimal("0.99"), None),
        (None, ["b", "c"], Decimal(1), None),  # the property's own spelling
        (None, ["a", "b", "c"], Decimal("0.9999"), "replays"),
    ]
    assert not any(f.unique for f in contract.fields)
    assert report == []


def test_relationships_become_references() -> None:
    props = [
        {"name": "rcvr_id", "logicalType": "string", "relationships": [{"to": "receivers.id"}]},
        {"name": "type_code", "logicalType": "string"},
        {"name": "cntry", "logicalType": "string"},
        {"name": "other", "logicalType": "string"},
    ]
    relationships = [
        {"from": "t.type_code", "to": "receiver_types.code", "type": "foreignKey"},
        {"from": ["t.rcvr_id", "t.cntry"], "to": ["receivers.id", "receivers.country"]},
        {"from": "t.cntry", "to": "schema/rcv/properties/cc"},
        {"from": "elsewhere.other", "to": "receivers.id"},
        {
            "from": "t.rcvr_id",
            "to": "payers.id",
            "customProperties": [{"property": "cardinality", "value": "many-to-one"}],
        },
    ]
    contract, report = _import(_doc(_obj(*props, relationships=relationships)))
    assert [(f.name, f.references) for f in contract.fields] == [
        ("rcvr_id", "receivers.id"),
        ("type_code", "receiver_types.code"),
        ("cntry", None),
        ("other", None),
    ]
    assert [line.split(": ", 2)[1] for line in report] == [
        "schema[t].relationships[1]",
        "schema[t].relationships[2].to",
        "schema[t].relationships[3].from",
        "schema[t].relationships[4].customProperties[0]",
        "schema[t].relationships[4]",
    ]
    assert "composite foreign key" in report[0]
    assert "names its target by ids" in report[1]
    assert "a second target 'payers.id'" in report[4]


def test_references_odcs_cannot_spell_ride_in_a_custom_property() -> None:
    contract = load(HERE / "dataset_checks.yaml")
    document = export_contract(contract).document
    properties = {p["name"]: p for p in document["schema"][0]["properties"]}
    assert properties["order_id"]["relationships"] == [{"to": "orders.order_id"}]
    assert properties["customer_id"]["customProperties"] == [
        {"property": "contractkit.references", "value": "sales.customers.customer_id"}
    ]
    rules = {r["name"]: r for r in document["schema"][0]["quality"] if "name" in r}
    assert rules["enough_rows"]["metric"] == "rowCount"
    assert rules["enough_rows"]["mustBeGreaterOrEqualTo"] == 1000
    assert rules["sane_average"]["query"] == "SELECT avg(amount) < 500 FROM {object}"
    assert rules["sane_average"]["severity"] == "warning"


def test_an_aggregate_over_a_column_the_object_lacks_is_reported() -> None:
    rule = {"type": "sql", "query": "SELECT avg(amout) FROM t", "mustBeLessThan": 5}
    contract, report = _rule(rule, "object")
    assert contract.quality.dataset == []
    assert report == [
        "not mapped: schema[t].quality[0]: the check 'avg(amout) < 5' reads 'amout', not a "
        "property of this object"
    ]


def test_a_composite_key_may_name_subfields_by_their_dotted_path() -> None:
    address = {
        "name": "address",
        "logicalType": "object",
        "properties": [{"name": "city", "logicalType": "string"}],
    }
    rule = {
        "metric": "duplicateValues",
        "arguments": {"properties": ["amount", "address.city"]},
        "mustBe": 0,
    }
    contract, report = _import(_doc(_obj(_AMOUNT, address, quality=[rule])))
    assert [k.columns for k in contract.quality.unique] == [["amount", "address.city"]]
    assert report == []
