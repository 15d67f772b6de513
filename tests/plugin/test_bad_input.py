"""`pytest --contracts` with bad options and bad data: usage errors, one line per failure.

What docs/pytest-plugin.md ("Bad options, bad data") promises, run through real pytest.
Usage errors need no Spark; the data tests use the suite's SparkSession (in-process), and
the Spark Connect tests a fresh process that never reaches a server.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)"}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: ../data/orders, format: parquet}
  - {server: csv, type: local, path: ../data/orders.csv, format: csv}
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yaml", **{"contracts/orders": CONTRACT})
    return pytester


def test_an_unknown_server_is_a_usage_error_naming_the_servers(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--contracts-server", "nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: --contracts-server 'nope' is no server that a collected contract lists "
            "(servers: csv, local)"
        ]
    )


def test_a_bound_server_is_known(project: pytest.Pytester) -> None:
    project.makepyprojecttoml('[tool.contractkit.bindings.prod]\norders = "db.orders"\n')
    result = project.runpytest("--contracts", "--contracts-server", "prod", "--co")
    assert result.ret == pytest.ExitCode.OK


def test_bad_spark_options_are_usage_errors(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--spark-master", "bogus://x")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --spark-master 'bogus://x' is not a Spark master URL*"])
    result = project.runpytest("--contracts", "--spark-remote", "http://x:1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result = project.runpytest("--contracts", "--spark-connect-timeout", "soon")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --spark-connect-timeout wants seconds > 0, got 'soon'"])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung server, a firewall)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("endpoint", ["closed", "silent"])
def test_an_unreachable_spark_connect_endpoint_stops_the_run_naming_the_url(
    project: pytest.Pytester, silent_port: int, endpoint: str
) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    port = _closed_port() if endpoint == "closed" else silent_port
    url = f"sc://127.0.0.1:{port}"
    project.makeini("[pytest]\nspark_connect_timeout = 2\n")
    result = project.runpytest_subprocess(
        "--contracts", "--contracts-server", "local", "--spark-remote", url, timeout=120
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str() + result.stderr.str()
    expected = "Connection refused" if endpoint == "closed" else "did not answer within 2 s"
    assert f"contractkit: cannot reach Spark Connect at {url}" in out or expected in out, out
    assert url in out
    assert expected in out
    assert "Traceback" not in out


# -- bad data, on the suite's SparkSession --------------------------------------------------


@pytest.mark.spark
def test_unreadable_data_fails_each_item_in_one_line_and_is_summed_up(
    project: pytest.Pytester, spark: Any
) -> None:
    data = project.path / "data" / "orders"
    data.mkdir(parents=True)
    (data / "part-0.parquet").write_bytes(bytes(range(256)) * 8)
    result = project.runpytest("--contracts", "--contracts-server", "local")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=3)  # schema, positive_amounts, order_id_not_null
    out = result.stdout.str()
    line = f"contracts/orders.yaml: orders: cannot read {data} (server local): [FAILED_READ_FILE"
    # One per item, and once in the summary (the short summary's `FAILED ...` lines, cut to
    # the terminal's width except under CI=true, do not count).
    assert sum(text.startswith(line) for text in out.splitlines()) == 4, out
    assert "contract data that could not be read" in out
    assert "Traceback" not in out
    assert "Py4JJavaError" not in out
    assert "\tat org.apache" not in out


@pytest.mark.spark
def test_a_csv_header_that_does_not_match_is_a_schema_failure(
    project: pytest.Pytester, spark: Any
) -> None:
    (project.path / "data").mkdir()
    (project.path / "data" / "orders.csv").write_text("amount,id\n1.50,o1\n")
    result = project.runpytest("--contracts", "--contracts-server", "csv", "-k", "schema")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert re.search(r"order_id +string +- +missing column \(error\)", out), out
    assert "Traceback" not in out


@pytest.mark.spark
def test_csv_values_that_do_not_parse_fail_the_schema_item(
    project: pytest.Pytester, spark: Any
) -> None:
    """`abc` in a decimal column is read as NULL; the schema item says the row did not
    parse instead of letting the expectation pass it as a NULL."""
    (project.path / "data").mkdir()
    (project.path / "data" / "orders.csv").write_text("order_id,amount\no1,1.50\no2,abc\n")
    result = project.runpytest("--contracts", "--contracts-server", "csv", "-k", "orders")
    result.assert_outcomes(failed=1, passed=result.parseoutcomes()["passed"])
    out = result.stdout.str()
    assert "  error: 1 of 2 row(s) have values that do not parse" in out
    assert "'o2,abc'" in out
    assert "Traceback" not in out


def test_the_docs_say_what_happens(repo_root: Path) -> None:
    """The sentences of docs/pytest-plugin.md that the tests above check."""
    page = (repo_root / "docs" / "pytest-plugin.md").read_text(encoding="utf-8")
    for sentence in (
        "is no server that a collected contract lists",
        "did not answer within",
        "exit code 4",
        "contract data that could not be read",
        "matched to the contract by name",
        "values that do not parse as the contract's types",
    ):
        assert sentence in page, sentence
