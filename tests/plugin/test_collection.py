"""`pytest --contracts` collection, with pytester running real pytest (no Spark needed)."""

from __future__ import annotations

import fnmatch

import pytest


def _match(result: pytest.RunResult, patterns: list[str]) -> None:
    """Like fnmatch_lines, but `[` and `]` in patterns are literal (node ids use them)."""
    escaped = [fnmatch.translate(p.replace("[", "\x00").replace("]", "\x01")) for p in patterns]
    escaped = [e.replace("\x00", "\\[").replace("\x01", "\\]") for e in escaped]
    result.stdout.re_match_lines(escaped)


CONTRACT = """\
contract:
  name: orders
  version: "1.2.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  primary_key: [order_id]
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)"}
    - {name: email, type: string, unique: true}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 99%}
sla:
  freshness: "< 1 hour"
consumers:
  - pipeline: finance
    uses: [amount]
    freshness: "< 15 minutes"
    expectations:
      - {name: no_refunds, expression: amount >= 0}
  - pipeline: marketing
    uses: [email]
changelog:
  - {version: "1.2.0"}
servers:
  - {server: local, type: local, path: data/orders, format: parquet}
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yaml", **{"contracts/orders": CONTRACT})
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    return pytester


def test_opt_in_only(project: pytest.Pytester) -> None:
    result = project.runpytest("--co", "-q")
    _match(result, ["test_plain.py::test_plain", "1 test collected*"])


def test_node_ids(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--co", "-q")
    _match(
        result,
        [
            "contracts/orders.yaml::orders::schema",
            "contracts/orders.yaml::orders::quality[positive_amounts]",
            "contracts/orders.yaml::orders::quality[order_id_not_null]",
            "contracts/orders.yaml::orders::freshness",
            "contracts/orders.yaml::orders::unique[email]",
            "contracts/orders.yaml::orders::primary_key",
            "contracts/orders.yaml::orders::consumer[finance]::schema",
            "contracts/orders.yaml::orders::consumer[finance]::quality[no_refunds]",
            "contracts/orders.yaml::orders::consumer[finance]::freshness",
            "contracts/orders.yaml::orders::consumer[marketing]::schema",
            "test_plain.py::test_plain",
            "11 tests collected*",
        ],
    )


def test_a_symlinked_contracts_folder_is_collected_once(
    pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Contracts shared between repositories are often a symlink; each item once, under
    the name the user sees."""
    shared = tmp_path_factory.mktemp("shared_contracts")
    (shared / "orders.yaml").write_text(CONTRACT)
    (pytester.path / "contracts").symlink_to(shared, target_is_directory=True)
    result = pytester.runpytest("--contracts", "--co", "-q")
    ids = [line for line in result.outlines if "::" in line]
    assert len(ids) == len(set(ids)) == 10, ids
    assert all(line.startswith("contracts/orders.yaml::") for line in ids)


def test_ini_switch_and_paths(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ncontracts = true\ncontracts_paths = contracts\n")
    result = project.runpytest("--co", "-q")
    _match(result, ["contracts/orders.yaml::orders::schema", "11 tests collected*"])


def test_markers_select_and_k_matches_expectation_names(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--co", "-q", "-m", "contract_freshness")
    _match(
        result,
        [
            "contracts/orders.yaml::orders::freshness",
            "contracts/orders.yaml::orders::consumer[finance]::freshness",
            "2/11 tests collected*",
        ],
    )
    result = project.runpytest("--contracts", "--co", "-q", "-m", "not contract_freshness")
    _match(result, ["9/11 tests collected*"])
    result = project.runpytest("--contracts", "--co", "-q", "-k", "positive_amounts")
    _match(result, ["*quality[positive_amounts]", "1/11 tests collected*"])
    result = project.runpytest("--contracts", "--co", "-q", "--strict-markers", "-m", "contract")
    _match(result, ["10/11 tests collected*"])


def test_consumer_selection(project: pytest.Pytester) -> None:
    project.makefile(
        ".yaml",
        **{
            "contracts/other": CONTRACT.replace("name: orders", "name: other").replace(
                "  - pipeline: marketing\n    uses: [email]\n", ""
            )
        },
    )
    result = project.runpytest("--contracts", "--co", "-q", "--contracts-consumer", "marketing")
    lines = result.stdout.lines
    assert not any("other.yaml" in line for line in lines)  # marketing does not consume it
    assert not any("consumer[finance]" in line for line in lines)
    _match(result, ["*orders::schema", "*orders::consumer[marketing]::schema"])


def test_broken_yaml_is_a_collection_error_with_its_place(project: pytest.Pytester) -> None:
    project.makefile(
        ".yaml", **{"contracts/broken": CONTRACT.replace("nullable: false", "nulable: false")}
    )
    result = project.runpytest("--contracts", "--co", "-q")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    _match(
        result,
        [
            "*ERROR collecting contracts/broken.yaml*",
            "contracts/broken.yaml:9:38: error: unknown key 'nulable'*",
        ],
    )
    assert "Traceback" not in result.stdout.str()


def test_named_file_outside_contracts_paths(project: pytest.Pytester) -> None:
    project.makefile(
        ".yaml", **{"elsewhere/extra": CONTRACT.replace("name: orders", "name: extra")}
    )
    project.makefile(".yaml", **{"elsewhere/not_a_contract": "just: yaml\n"})
    result = project.runpytest("--contracts", "--co", "-q", "elsewhere/extra.yaml")
    _match(result, ["elsewhere/extra.yaml::extra::schema", "10 tests collected*"])


def test_without_pyspark_data_items_skip_but_lint_still_fails(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_contractkit.state import RunState

    monkeypatch.setattr(RunState, "spark_available", staticmethod(lambda: False))
    result = project.runpytest("--contracts", "-q", "-rs", "contracts/orders.yaml")
    result.assert_outcomes(skipped=10)
    assert "pyspark is not installed: pip install 'contractkit[spark]'" in result.stdout.str()
    project.makefile(".yaml", **{"contracts/broken": "contract: [\n"})
    result = project.runpytest("--contracts", "-q", "contracts/broken.yaml")
    assert result.ret == pytest.ExitCode.INTERRUPTED  # lint problems still fail
