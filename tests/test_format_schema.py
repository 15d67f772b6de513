"""The committed JSON Schema matches the models, and agrees with the loader on real files."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import yaml

from contractkit.format_schema import contract_json_schema, render


def test_committed_schema_has_not_drifted() -> None:
    committed = files("contractkit").joinpath("contract.schema.json").read_text("utf-8")
    assert committed == render(), (
        "contractkit/contract.schema.json is stale: run "
        "`python -m contractkit.format_schema > contractkit/contract.schema.json`"
    )


def test_schema_is_valid_and_accepts_the_repository_contracts(contracts_dir: Path) -> None:
    schema = contract_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(contracts_dir.glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path.name


def test_schema_rejects_unknown_keys_like_the_loader() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(render()))
    bad = {
        "contract": {"name": "x", "version": "1.0.0", "owner": "o", "producer_pipeline": "p"},
        "schema": {"fields": [{"name": "a", "type": "int", "nulable": False}]},
    }
    assert any("nulable" in e.message for e in validator.iter_errors(bad))
