"""Governance metadata across the ODCS boundary: `classification`, `businessName`,
`examples`, `tags`, personal data (a contractkit custom property: ODCS has no flag for it)
and the top-level `id`, `name` and `status` are imported and exported, never reported as
unmapped; checked on our own contract and on every official v3.1.0 example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contractkit.loader import load, load_string
from contractkit.model import Contract, Field
from contractkit.odcs import (
    ObjectChoiceError,
    OdcsError,
    export_contract,
    import_document,
    parse_odcs,
    read_odcs,
)
from contractkit.odcs.schema import bundled_schema, schema_problems

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "tests" / "governance" / "customers.yaml"
GOVERNANCE_KEYS = ("businessName", "classification", "examples", "tags")


def _dump(contract: Contract) -> dict[str, Any]:
    return contract.model_dump(by_alias=True)


def test_governance_metadata_round_trips_through_odcs() -> None:
    contract = load(CUSTOMERS)
    exported = export_contract(contract)
    assert schema_problems(exported.document, bundled_schema()) == []
    document = exported.document
    assert (document["id"], document["name"], document["status"]) == (
        "0b7c0e6a-5d0d-4b8e-9a53-6c1b2f6d4e01",
        "customers",
        "draft",
    )
    email = next(p for p in document["schema"][0]["properties"] if p["name"] == "email")
    assert {k: email[k] for k in GOVERNANCE_KEYS} == {
        "businessName": "E-mail address",
        "classification": "restricted",
        "examples": ["ada@example.com"],
        "tags": ["contact", "gdpr"],
    }
    assert {"property": "contractkit.pii", "value": True} in email["customProperties"]
    imported = read_odcs(exported.text, "customers.odcs.yaml")
    assert imported.report == ()
    assert _dump(imported.contract) == _dump(contract)
    assert _dump(load_string(imported.text)) == _dump(contract)


def test_a_title_and_a_status_round_trip_and_defaults_stay_implicit() -> None:
    text = CUSTOMERS.read_text(encoding="utf-8")
    titled = load_string(
        text.replace("  status: draft\n", "  title: Customer master\n  status: deprecated\n")
    )
    exported = export_contract(titled)
    assert (exported.document["name"], exported.document["status"]) == (
        "Customer master",
        "deprecated",
    )
    back = read_odcs(exported.text, "c.odcs.yaml")
    assert back.report == ()
    assert _dump(back.contract) == _dump(titled)
    # Without id, title or status, export writes the name twice and `active`, which read
    # back as nothing: the round trip adds no key.
    bare = load_string(
        text.replace("  id: 0b7c0e6a-5d0d-4b8e-9a53-6c1b2f6d4e01\n", "").replace(
            "  status: draft\n", ""
        )
    )
    document = export_contract(bare).document
    assert (document["id"], document["name"], document["status"]) == (
        "customers",
        "customers",
        "active",
    )
    again = read_odcs(export_contract(bare).text, "b.odcs.yaml")
    assert again.report == ()
    assert _dump(again.contract) == _dump(bare)


def _walk(props: list[dict[str, Any]], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for prop in props:
        path = f"{prefix}{prop['name']}"
        found.append((path, prop))
        found += _walk(prop.get("properties") or [], f"{path}.")
    return found


def _objects(example: str, folder: Path) -> list[tuple[dict[str, Any], Any]]:
    document = parse_odcs((folder / example).read_text(encoding="utf-8"), example)
    try:
        imported = import_document(document, example)
        return [(document["schema"][0], imported)]
    except ObjectChoiceError as choice:
        objects = {o["name"]: o for o in document["schema"]}
        return [
            (objects[n], import_document(document, example, object_name=n)) for n in choice.names
        ]


def _examples(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.glob("**/*.odcs.yaml"))


def test_every_official_example_keeps_its_governance_metadata(shared_dir: Path) -> None:
    folder = shared_dir / "odcs-examples" / "bitol-main" / "docs" / "examples"
    checked = 0
    for example in _examples(folder):
        try:
            pairs = _objects(example, folder)
        except OdcsError:
            continue  # refused examples are covered by test_official_examples
        for chosen, imported in pairs:
            reported = {item.path for item in imported.report}
            assert not reported & {"id", "name", "status"}, (example, reported)
            fields = dict(imported.contract.walk_fields())
            exported = export_contract(imported.contract).document
            written = dict(_walk(exported["schema"][0]["properties"]))
            for path, prop in _walk(chosen.get("properties") or []):
                for key in GOVERNANCE_KEYS:
                    if prop.get(key) in (None, [], ""):
                        continue
                    where = f"schema[{chosen['name']}].properties[{prop['name']}].{key}"
                    assert where not in reported, (example, where)
                    assert _kept(fields[path], key) == _json(prop[key]), (example, path, key)
                    assert _json(written[path][key]) == _json(prop[key]), (example, path, key)
                    checked += 1
            again = read_odcs(export_contract(imported.contract).text, "again.odcs.yaml")
            assert _dump(again.contract) == _dump(imported.contract), example
    assert checked >= 20, f"only {checked} governance values in the official examples"


def _kept(field: Field, key: str) -> Any:
    name = {"businessName": "business_name"}.get(key, key)
    return _json(getattr(field, name))


def _json(value: Any) -> Any:
    if isinstance(value, list):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("flag", [True, "yes"])
def test_pii_comes_from_contractkit_custom_property_only_when_true(flag: object) -> None:
    import yaml

    document = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "t",
        "version": "1.0.0",
        "status": "draft",
        "team": {"name": "team-a"},
        "customProperties": [{"property": "contractkit.producer_pipeline", "value": "p"}],
        "schema": [
            {
                "name": "t",
                "properties": [
                    {
                        "name": "phone",
                        "logicalType": "string",
                        "customProperties": [{"property": "contractkit.pii", "value": flag}],
                    }
                ],
            }
        ],
    }
    contract = read_odcs(yaml.safe_dump(document), "t.odcs.yaml").contract
    assert contract.fields[0].pii is (flag is True)


def test_examples_become_values_of_the_type_or_are_reported() -> None:
    import yaml

    properties = [
        {"name": "qty", "logicalType": "integer", "examples": ["12", 3, "three"]},
        {"name": "ok", "logicalType": "boolean", "examples": ["true", False]},
        {"name": "day", "logicalType": "date", "examples": ["2024-02-29"]},
    ]
    document = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "t",
        "version": "1.0.0",
        "status": "active",
        "team": {"name": "team-a"},
        "customProperties": [{"property": "contractkit.producer_pipeline", "value": "p"}],
        "schema": [{"name": "t", "properties": properties}],
    }
    imported = read_odcs(yaml.safe_dump(document), "t.odcs.yaml")
    assert [f.examples for f in imported.contract.fields] == [
        [12, 3],
        [True, False],
        ["2024-02-29"],
    ]
    assert [str(item) for item in imported.report] == [
        "not mapped: schema[t].properties[qty].examples[2]: 'three' is not a number, "
        "but the field is int"
    ]
