"""`contractkit diff` on two ODCS files gives the verdict it gives on the same files imported
as contracts, and on the contracts they were exported from (issue 13), through the installed
command. benchmarks/diff_scale.py measures the same pairs beside datacontract-cli."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED_PAIR = ("contracts/silver_orders.yaml", "benchmarks/fixtures/silver_orders_next.yaml")

pytestmark = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="the contractkit command is not installed"
)

Document = dict[str, Any]


def _run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        ["contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def _findings(old: Path, new: Path) -> tuple[bool, list[tuple[str, ...]]]:
    """Whether the diff is breaking, and its findings without their file and line."""
    done = _run("diff", old, new, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    keys = ("contract", "rule", "severity", "path", "message", "old", "new")
    found = sorted(tuple(str(c[k]) for k in keys) for c in report["changes"])
    return bool(report["breaking"]), found


def _shop() -> Document:
    return {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "shop",
        "version": "1.0.0",
        "status": "active",
        "schema": [
            {
                "name": "orders",
                "physicalType": "table",
                "properties": [
                    {
                        "name": "order_id",
                        "logicalType": "string",
                        "physicalType": "varchar(20)",
                        "required": True,
                        "logicalTypeOptions": {"maxLength": 20},
                    },
                    {"name": "amount", "logicalType": "number", "physicalType": "double"},
                    {
                        "name": "lines",
                        "logicalType": "array",
                        "items": {
                            "logicalType": "object",
                            "properties": [
                                {"name": "sku", "logicalType": "string"},
                                {"name": "qty", "logicalType": "integer"},
                            ],
                        },
                    },
                ],
            },
            {
                "name": "customers",
                "properties": [{"name": "id", "logicalType": "string", "required": True}],
            },
        ],
        "servers": [
            {"server": "local", "type": "local", "path": "./data/orders", "format": "parquet"}
        ],
    }


def _orders(document: Document) -> list[Document]:
    properties: list[Document] = document["schema"][0]["properties"]
    return properties


def _drop_qty(document: Document) -> None:
    members = _orders(document)[2]["items"]["properties"]
    members[:] = [m for m in members if m["name"] != "qty"]


def _longer_ids(document: Document) -> None:
    _orders(document)[0]["logicalTypeOptions"]["maxLength"] = 40


def _optional_customer(document: Document) -> None:
    document["schema"][1]["properties"][0]["required"] = False


def _shouted_type(document: Document) -> None:
    _orders(document)[1]["physicalType"] = "DOUBLE"


def _server_path_respelled(document: Document) -> None:
    document["servers"][0]["path"] = "data/orders/"


def _big_amounts_rule(bound: int) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        document["schema"][0]["quality"] = [
            {
                "name": "no_big_amounts",
                "type": "sql",
                "query": f"SELECT COUNT(*) FROM {{object}} WHERE amount > {bound}",
                "mustBe": 0,
            }
        ]

    return edit


EDITS: dict[str, tuple[Callable[[Document], None], bool]] = {
    "a SQL rule's bound loosened": (_big_amounts_rule(5000), True),
    "a SQL rule's bound tightened": (_big_amounts_rule(500), False),
    "a struct member in an array removed": (_drop_qty, True),
    "maxLength loosened": (_longer_ids, True),
    "a required property of the second object made optional": (_optional_customer, True),
    "a physical type spelled in capitals": (_shouted_type, False),
    "a relative server path spelled differently": (_server_path_respelled, False),
}


def _write(path: Path, document: Document) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _import(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    done = _run("import", "odcs", source, "--out", folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_odcs_diff_gives_the_verdict_of_the_imported_contracts(edit: str, tmp_path: Path) -> None:
    change, breaking = EDITS[edit]
    old_document = _shop()
    if "SQL rule" in edit:  # the base holds the rule `amount > 1000`, mustBe 0
        _big_amounts_rule(1000)(old_document)
    new_document = copy.deepcopy(old_document)
    change(new_document)
    new_document["version"] = "2.0.0" if breaking else "1.1.0"
    old = _write(tmp_path / "odcs" / "old" / "shop.odcs.yaml", old_document)
    new = _write(tmp_path / "odcs" / "new" / "shop.odcs.yaml", new_document)

    on_odcs = _findings(old, new)
    imported = _findings(
        _import(old, tmp_path / "imported" / "old"), _import(new, tmp_path / "imported" / "new")
    )

    assert on_odcs == imported
    assert on_odcs[0] is breaking, on_odcs[1]


def test_exported_seed_pair_diffs_as_the_contracts_it_came_from(tmp_path: Path) -> None:
    exported = []
    for written in SEED_PAIR:
        # The repository's layout, mirrored, so relative server paths keep their meaning.
        target = tmp_path / written.replace(".yaml", ".odcs.yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        done = _run("export", "odcs", written, "--out", target)
        assert done.returncode == 0, done.stderr
        exported.append(target)

    original = _findings(ROOT / SEED_PAIR[0], ROOT / SEED_PAIR[1])
    on_odcs = _findings(exported[0], exported[1])

    assert on_odcs == original
    assert {f[1] for f in on_odcs[1]} >= {"FIELD_NO_RENAME", "FIELD_SAME_TYPE"}
