"""`contractkit import odcs` and `contractkit export odcs|jsonschema|markdown|html`: output to
stdout or --out, reports on stderr, exit codes 0/1/2; and one run of the installed command."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.loader import load

ROOT = Path(__file__).resolve().parent.parent
ORDERS = ROOT / "contracts" / "silver_orders.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _odcs(tmp_path: Path, **changes: object) -> Path:
    document = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "orders",
        "version": "1.0.0",
        "status": "active",
        "team": {"name": "sales"},
        "schema": [{"name": "orders", "properties": [{"name": "id", "logicalType": "string"}]}],
        **changes,
    }
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_export_then_import_gives_the_contract_back(tmp_path: Path) -> None:
    odcs = tmp_path / "out" / "silver_orders.odcs.yaml"
    code, out, err = _run("export", "odcs", str(ORDERS), "--out", str(odcs))
    assert (code, out, err) == (0, "", f"wrote {odcs}\n")
    code, out, err = _run("import", "odcs", str(odcs))
    assert code == 0
    assert err == (
        "imported object 'silver_orders' (ODCS v3.1.0) as contract 'silver_orders'; "
        "0 items not mapped.\n"
    )
    back = tmp_path / "silver_orders.yaml"
    back.write_text(out)
    assert load(back).model_dump(by_alias=True) == load(ORDERS).model_dump(by_alias=True)


def test_import_reports_what_is_not_mapped_on_stderr(tmp_path: Path) -> None:
    path = _odcs(tmp_path, tenant="acme")
    code, out, err = _run("import", "odcs", str(path), "--producer-pipeline", "ingest")
    assert code == 0
    assert out.startswith("# Imported by `contractkit import odcs` from orders.odcs.yaml")
    assert "producer_pipeline: ingest" in out
    assert err.splitlines() == [
        "not mapped: tenant: contractkit has no tenant",
        "imported object 'orders' (ODCS v3.1.0) as contract 'orders'; 1 item not mapped.",
    ]
    code, _, _ = _run("import", "odcs", str(path), "--producer-pipeline", "ingest", "--strict")
    assert code == 1


def test_import_refuses_an_invalid_document_with_exit_2(tmp_path: Path) -> None:
    path = _odcs(tmp_path, kind="DataModel")
    code, out, err = _run("import", "odcs", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(
        f"error: {path} is not valid ODCS v3.1.0 (validated against the official ODCS "
        f"v3.1.0 JSON Schema):\n  {path}:2:7: kind:"
    )


def test_import_needs_an_object_choice_exit_2(tmp_path: Path) -> None:
    objects = [
        {"name": "a", "properties": [{"name": "x"}]},
        {"name": "b", "properties": [{"name": "y"}]},
    ]
    path = _odcs(tmp_path, schema=objects)
    code, _, err = _run("import", "odcs", str(path))
    assert code == 2
    assert "describes 2 objects (a, b)" in err
    code, _, _ = _run(
        "import", "odcs", str(path), "--object", "b", "--out", str(tmp_path / "b.yaml")
    )
    assert code == 0
    assert load(tmp_path / "b.yaml").name == "b"


def test_import_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("import", "odcs", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "does not exist" in err


@pytest.mark.parametrize(
    ("command", "start"),
    [
        (["export", "odcs"], "# Exported by `contractkit export odcs`"),
        (
            ["export", "jsonschema"],
            '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"',
        ),
        (["export", "markdown"], "# silver_orders 2.0.0\n"),
        (["export", "markdown", "--format", "html"], "<!DOCTYPE html>"),
        (["export", "html"], "<!DOCTYPE html>"),
    ],
)
def test_exports_print_to_stdout(command: list[str], start: str) -> None:
    code, out, err = _run(*command, str(ORDERS))
    assert (code, err) == (0, "")
    assert out.startswith(start)


def test_export_of_an_invalid_contract_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("contract: {name: x}\n")
    for command in ("odcs", "jsonschema", "markdown", "html"):
        code, out, err = _run("export", command, str(bad))
        assert (code, out) == (2, "")
        assert "Nothing exported: fix the contract first." in err


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_installed_command_round_trips(tmp_path: Path) -> None:
    exported = subprocess.run(
        ["contractkit", "export", "odcs", str(ORDERS)], capture_output=True, text=True, check=True
    )
    (tmp_path / "o.odcs.yaml").write_text(exported.stdout)
    imported = subprocess.run(
        ["contractkit", "import", "odcs", str(tmp_path / "o.odcs.yaml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "producer_pipeline: sales-silver-pipeline" in imported.stdout
    schema = subprocess.run(
        ["contractkit", "export", "jsonschema", str(ORDERS)], capture_output=True, text=True
    )
    assert json.loads(schema.stdout)["required"][0] == "order_id"
