"""ODCS v3.2.0, through the installed `contractkit` command: read with the bundled draft
schema (docs/odcs.md, "Versions"), and every message naming that schema calls it a draft."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="the contractkit command is not installed"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        ["contractkit", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _document(api_version: str, status_key: str = "enum") -> dict[str, Any]:
    """Orders whose `status` uses v3.2.0's `enum` (RFC 0033), which v3.1.0 does not have."""
    status: dict[str, Any] = {"name": "status", "logicalType": "string", "required": True}
    status[status_key] = [{"value": "open", "label": "Open"}, {"value": "shipped"}]
    return {
        "apiVersion": api_version,
        "kind": "DataContract",
        "id": "orders",
        "version": "1.0.0",
        "status": "active",
        "schema": [
            {
                "name": "orders",
                "properties": [
                    {"name": "order_id", "logicalType": "string", "required": True},
                    status,
                ],
            }
        ],
    }


def _write(folder: Path, name: str, document: dict[str, Any]) -> str:
    (folder / name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return name


def test_a_v320_document_is_read_with_the_bundled_draft(tmp_path: Path) -> None:
    name = _write(tmp_path, "orders.odcs.yaml", _document("v3.2.0"))
    done = _run("import", "odcs", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    contract = yaml.safe_load(done.stdout)
    status = next(f for f in contract["schema"]["fields"] if f["name"] == "status")
    assert status["allowed_values"] == ["open", "shipped"]
    linted = _run("lint", name, cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_v320_key_under_v310_is_refused_by_the_v310_schema(tmp_path: Path) -> None:
    name = _write(tmp_path, "orders.odcs.yaml", _document("v3.1.0"))
    done = _run("import", "odcs", name, cwd=tmp_path)
    assert done.returncode != 0
    assert "validated against the official ODCS v3.1.0 JSON Schema" in done.stderr
    assert "properties[1]" in done.stderr
    assert "enum" in done.stderr


def test_a_refusal_by_the_draft_says_it_is_a_draft(tmp_path: Path) -> None:
    name = _write(tmp_path, "orders.odcs.yaml", _document("v3.2.0", status_key="enums"))
    done = _run("lint", name, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "not valid ODCS v3.2.0 (validated against the draft ODCS v3.2.0 JSON Schema" in output
    assert "in progress, not yet approved" in output
    assert "orders.odcs.yaml:" in output
    assert "'enums' was unexpected" in output


def test_a_version_with_no_bundled_schema_says_what_to_do(tmp_path: Path) -> None:
    name = _write(tmp_path, "orders.odcs.yaml", _document("v3.3.0"))
    done = _run("import", "odcs", name, cwd=tmp_path)
    assert done.returncode != 0
    assert "apiVersion 'v3.3.0' has no bundled schema" in done.stderr
    assert "v3.1.0, v3.2.0" in done.stderr
    assert "pass the JSON Schema of that ODCS version with --schema" in done.stderr
