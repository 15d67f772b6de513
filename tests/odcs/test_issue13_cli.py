"""Issue 13, reader side: each problem reproduced through the installed `contractkit` command
(a real subprocess), and once through real pytest for the plugin.

1. each document is judged by the schema of the version it declares, and the message says which;
2. ODCS files, multi-object ones too, are contracts for lint, diff, generate, graph, check,
   import --out FOLDER and pytest --contracts, with findings placed in the ODCS file;
3. other platforms' physical types never narrow (BigQuery INT64 -> bigint);
8. `${model}` / `{model}` SQL rules and DQX row checks become expectations;
9. no producer_pipeline: valid, a source in the graph, never written as 'unknown'.
"""

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


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        ["contractkit", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _doc(api_version: str = "v3.1.0", **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "apiVersion": api_version,
        "kind": "DataContract",
        "id": "shop",
        "version": "1.0.0",
        "status": "active",
        "schema": [
            {
                "name": "orders",
                "properties": [
                    {"name": "order_id", "logicalType": "string", "required": True},
                    {"name": "amount", "logicalType": "number"},
                ],
            },
            {"name": "customers", "properties": [{"name": "id", "logicalType": "string"}]},
        ],
    }
    if api_version == "v3.1.0":
        document["team"] = {"name": "sales"}
    document.update(changes)
    return document


# ------------------------------------------------------------------ 1. versions


def test_v300_document_is_valid_for_its_version_though_v310_rejects_it(tmp_path: Path) -> None:
    # v3.0.x names a library rule `rule`; v3.1.0 requires `metric`.
    document = _doc("v3.0.0")
    rule = {"type": "library", "rule": "nullValues", "mustBe": 0}
    document["schema"][0]["properties"][1]["quality"] = [rule]
    old = _write(tmp_path / "old.odcs.yaml", document)
    result = _run("import", "odcs", str(old), "--object", "orders")
    assert result.returncode == 0, result.stderr
    assert "(ODCS v3.0.0)" in result.stderr

    relabelled = _write(tmp_path / "new.odcs.yaml", {**document, "apiVersion": "v3.1.0"})
    result = _run("import", "odcs", str(relabelled), "--object", "orders")
    assert result.returncode == 2  # nothing imported: the job could not be done
    assert (
        "is not valid ODCS v3.1.0 (validated against the official ODCS v3.1.0 JSON Schema)"
        in result.stderr
    )
    assert "metric" in result.stderr


def test_file_invalid_for_its_own_version_is_refused_naming_that_schema(tmp_path: Path) -> None:
    # team as an object is v3.1.0; v3.0.2 has a list of members there.
    path = _write(tmp_path / "t.odcs.yaml", _doc("v3.0.2", team={"name": "sales"}))
    result = _run("lint", str(path))
    assert result.returncode == 1
    assert f"{path}:" in result.stdout
    assert "team: {'name': 'sales'} is not of type 'array'" in result.stdout
    assert "validated against the official ODCS v3.0.2 JSON Schema" in result.stdout


def test_v2_document_gets_what_to_do(tmp_path: Path) -> None:
    path = _write(tmp_path / "v2.odcs.yaml", _doc("v2.2.2"))
    result = _run("import", "odcs", str(path))
    assert result.returncode == 2  # nothing imported: the job could not be done
    assert "apiVersion 'v2.2.2': ODCS v2 documents are not read" in result.stderr
    assert "upgrade the document to ODCS v3 first" in result.stderr


# ------------------------------------------------------------------ 2. ODCS everywhere


def test_lint_reads_a_folder_mixing_both_formats(tmp_path: Path) -> None:
    shutil.copy(ROOT / "contracts" / "silver_orders.yaml", tmp_path / "silver_orders.yaml")
    _write(tmp_path / "shop.yaml", _doc())  # ODCS by its apiVersion and kind, not its name
    result = _run("lint", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "3 contracts checked: 3 valid" in result.stdout


def test_lint_places_a_contract_finding_in_the_odcs_file(tmp_path: Path) -> None:
    document = _doc()
    document["schema"][0]["properties"].append({"name": "amount", "logicalType": "number"})
    path = _write(tmp_path / "dup.odcs.yaml", document)
    result = _run("lint", str(path))
    assert result.returncode == 1
    lines = path.read_text().splitlines()
    finding = next(line for line in result.stdout.splitlines() if "amount" in line)
    line_number = int(finding.split(":")[1])
    assert "amount" in lines[line_number - 1], (finding, lines)


def test_diff_of_two_odcs_files_sees_a_deleted_property(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.odcs.yaml", _doc())
    changed = _doc()
    del changed["schema"][0]["properties"][1]
    new = _write(tmp_path / "new.odcs.yaml", changed)
    result = _run("diff", str(old), str(new))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FIELD_NO_DELETE" in result.stdout
    assert "amount" in result.stdout
    same = _run("diff", str(old), str(old))
    assert same.returncode == 0, same.stdout + same.stderr


def test_import_to_a_folder_writes_one_contract_per_object(tmp_path: Path) -> None:
    path = _write(tmp_path / "shop.odcs.yaml", _doc())
    out = tmp_path / "contracts"
    out.mkdir()
    result = _run("import", "odcs", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["customers.yaml", "orders.yaml"]
    assert _run("lint", str(out)).returncode == 0
    several = _run("import", "odcs", str(path))
    assert several.returncode == 2
    assert "--out FOLDER" in several.stderr


def test_generate_and_graph_read_odcs(tmp_path: Path) -> None:
    path = _write(tmp_path / "shop.odcs.yaml", _doc())
    out = tmp_path / "generated"
    result = _run("generate", str(path), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"orders.py", "customers.py"} <= {p.name for p in out.iterdir()}
    graph = _run("graph", str(path))
    assert graph.returncode == 0, graph.stdout
    assert "(sources: no producer_pipeline)" in graph.stdout
    assert "2 contracts (2 sources)" in graph.stdout


def test_check_asks_which_contract_of_a_multi_object_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "shop.odcs.yaml", _doc())
    result = _run("check", str(path), "--path", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert "holds 2 contracts (orders, customers): choose one with --object NAME" in (result.stderr)


def test_pytest_plugin_collects_each_object(pytester: pytest.Pytester) -> None:
    pytester.makefile(".odcs.yaml", **{"contracts/shop": yaml.safe_dump(_doc(), sort_keys=False)})
    result = pytester.runpytest("--contracts", "--co", "-q")
    result.stdout.fnmatch_lines(
        [
            "contracts/shop.odcs.yaml::orders::schema",
            "contracts/shop.odcs.yaml::customers::schema",
        ]
    )


# ------------------------------------------------------------------ 3. types never narrow


def test_bigquery_types_import_without_narrowing(tmp_path: Path) -> None:
    document = _doc(
        schema=[
            {
                "name": "events",
                "properties": [
                    {"name": "id", "logicalType": "integer", "physicalType": "INT64"},
                    {"name": "at", "logicalType": "date", "physicalType": "DATETIME"},
                ],
            }
        ]
    )
    result = _run("import", "odcs", str(_write(tmp_path / "bq.odcs.yaml", document)))
    assert result.returncode == 0, result.stderr
    contract = yaml.safe_load(result.stdout)
    assert [(f["name"], f["type"]) for f in contract["schema"]["fields"]] == [
        ("id", "bigint"),
        ("at", "timestamp_ntz"),
    ]
    assert "did you mean" not in result.stderr


def test_a_type_no_spark_type_holds_gets_the_widest_and_a_report_line(tmp_path: Path) -> None:
    servers = [{"server": "wh", "type": "duckdb", "database": "w.duckdb"}]
    document = _doc(
        servers=servers,
        schema=[{"name": "t", "properties": [{"name": "n", "physicalType": "HUGEINT"}]}],
    )
    result = _run("import", "odcs", str(_write(tmp_path / "d.odcs.yaml", document)))
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["schema"]["fields"][0]["type"] == "decimal(38,0)"
    assert (
        "not mapped: schema[t].properties[n].physicalType: 'HUGEINT' (duckdb) is read as "
        "decimal(38,0), the widest Spark fit: HUGEINT is 128-bit (39 digits)"
    ) in result.stderr


# ------------------------------------------------------------------ 8. quality languages


def test_model_placeholders_and_dqx_row_checks_become_expectations(tmp_path: Path) -> None:
    document = _doc(
        schema=[
            {
                "name": "orders",
                "quality": [
                    {
                        "type": "sql",
                        "query": "SELECT count(*) FROM ${model} WHERE amount < 0",
                        "mustBe": 0,
                    },
                    {
                        "type": "sql",
                        "query": "SELECT COUNT(*) FROM {model} WHERE x > 9",
                        "mustBe": 0,
                    },
                ],
                "properties": [
                    {
                        "name": "amount",
                        "logicalType": "integer",
                        "quality": [
                            {
                                "type": "custom",
                                "engine": "dqx",
                                "implementation": {
                                    "check": {
                                        "function": "is_in_range",
                                        "arguments": {
                                            "column": "amount",
                                            "min_limit": 0,
                                            "max_limit": 10,
                                        },
                                    }
                                },
                            },
                            {
                                "type": "custom",
                                "engine": "dqx",
                                "implementation": {
                                    "check": {"function": "is_not_null"},
                                    "criticality": "warn",
                                },
                            },
                        ],
                    },
                    {"name": "x", "logicalType": "integer"},
                ],
            }
        ]
    )
    result = _run("import", "odcs", str(_write(tmp_path / "q.odcs.yaml", document)))
    assert result.returncode == 0, result.stderr
    expressions = [
        e["expression"] for e in yaml.safe_load(result.stdout)["quality"]["expectations"]
    ]
    assert expressions == [
        "amount BETWEEN 0 AND 10",
        "amount IS NOT NULL",
        "NOT (amount < 0)",
        "NOT (x > 9)",
    ]
    assert "implementation.criticality: contractkit expectations have no DQX criticality" in (
        result.stderr
    )


def test_a_dqx_check_without_sql_equivalent_stays_reported(tmp_path: Path) -> None:
    rule = {
        "type": "custom",
        "engine": "dqx",
        "implementation": {"check": {"function": "is_aggr_not_greater_than", "arguments": {}}},
    }
    document = _doc(
        schema=[
            {"name": "t", "quality": [rule], "properties": [{"name": "a", "logicalType": "string"}]}
        ]
    )
    result = _run("import", "odcs", str(_write(tmp_path / "d.odcs.yaml", document)))
    assert result.returncode == 0
    assert "schema[t].quality[0]: a rule for the 'dqx' engine: the DQX check " in result.stderr


# ------------------------------------------------------------------ 9. producer_pipeline


def test_a_contract_without_producer_pipeline_is_a_source(tmp_path: Path) -> None:
    text = (ROOT / "contracts" / "silver_orders.yaml").read_text(encoding="utf-8")
    source = "\n".join(line for line in text.splitlines() if "producer_pipeline:" not in line)
    (tmp_path / "silver_orders.yaml").write_text(source + "\n", encoding="utf-8")
    assert _run("lint", str(tmp_path)).returncode == 0
    graph = _run("graph", str(tmp_path))
    assert graph.returncode == 0, graph.stdout
    assert graph.stdout.startswith("(sources: no producer_pipeline)\n  silver_orders 2.0.0 -> ")

    imported = _run(
        "import", "odcs", str(_write(tmp_path / "o.odcs.yaml", _doc())), "--object", "orders"
    )
    assert imported.returncode == 0
    assert "producer_pipeline" not in imported.stdout
    assert "unknown" not in imported.stdout + imported.stderr
