"""The JSON Schema of the contract format, generated from the models.

A copy is committed as `contract.schema.json` so that `contractkit schema` prints it
without building models, and editors can point at it; a test keeps it from drifting.
Regenerate with `python -m contractkit.format_schema > contractkit/contract.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from contractkit.model import Contract

SCHEMA_ID = "https://contractkit.dev/schemas/contract.schema.json"


def contract_json_schema() -> dict[str, Any]:
    schema = Contract.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "contractkit data contract",
    }


def render() -> str:
    return json.dumps(contract_json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render(), end="")
