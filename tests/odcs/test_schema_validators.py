"""jsonschema-rs decides whether an ODCS document is valid; `jsonschema` words the problems of
one it refuses (contractkit.odcs.schema). The two must agree on validity: on every official
example, the standard's negative tests, this repository's ODCS files, and seeded mutations of
each (a key removed, a value of another type, an unknown key), against the schema of the
version each declares."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from contractkit.odcs.schema import BUNDLED_SCHEMAS, _compiled, schema_for, schema_problems
from contractkit.yamlout import plain_json
from contractkit.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "odcs-examples"
MUTATIONS = 4


def _files() -> list[Path]:
    found = sorted(ROOT.glob("tests/odcs/*.yaml")) + sorted(
        ROOT.glob("benchmarks/fixtures/*.odcs.yaml")
    )
    if SHARED.is_dir():
        found += sorted(p for p in SHARED.rglob("*.odcs.yaml") if p.is_file())
    return found


def _mutated(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    node: Any = copied
    for _ in range(rng.randint(0, 6)):
        children = list(node.values()) if isinstance(node, dict) else node
        nested = [c for c in children if isinstance(c, dict | list) and c]
        if not nested:
            break
        node = rng.choice(nested)
    if isinstance(node, list):
        node.append(rng.choice([1, "x", {}, None]))
        return copied
    key = rng.choice(list(node))
    change = rng.randrange(4)
    if change == 0:
        del node[key]
    elif change == 1:
        node[key] = rng.choice([1, "x", True, None, [], {}, 2.5, "2024-01-01"])
    elif change == 2:
        node["notAKey"] = 1
    else:
        node[rng.choice(["type", "logicalType", "required", "mustBe", "unit"])] = rng.choice(
            ["sql", "library", "string", 1, True, [1]]
        )
    return copied


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_both_validators_agree(path: Path) -> None:
    document = parse_yaml(path.read_bytes(), str(path)).data
    if document.get("apiVersion") not in BUNDLED_SCHEMAS:
        pytest.skip("no bundled schema for its apiVersion")
    schema = schema_for(document["apiVersion"], None).schema
    fast = _compiled(schema)
    assert fast is not None
    slow = jsonschema.validators.validator_for(schema)(schema)
    rng = random.Random(path.name)
    # `jsonschema` takes a second for the 68-object example: that one is tried as it is.
    mutations = MUTATIONS if path.stat().st_size < 50_000 else 0
    for candidate in [document] + [_mutated(document, rng) for _ in range(mutations)]:
        instance = plain_json(candidate)
        assert fast.is_valid(instance) == slow.is_valid(instance), candidate
        assert (schema_problems(candidate, schema) == []) == slow.is_valid(instance)


@pytest.mark.filterwarnings("ignore:The metaschema specified by \\$schema was not found")
def test_a_schema_jsonschema_rs_cannot_compile_is_judged_by_jsonschema() -> None:
    schema = {"$schema": "https://example.com/unknown-draft", "type": "object", "required": ["a"]}
    assert _compiled(schema) is None
    assert schema_problems({"b": 1}, schema) == ["the document: 'a' is a required property"]
    assert schema_problems({"a": 1}, schema) == []
