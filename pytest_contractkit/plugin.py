"""pytest hooks for `pytest --contracts` (entry point `pytest11: contractkit`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pytest_contractkit.collect import STATE, ContractFile
from pytest_contractkit.fixtures import (
    connect_timeout,
    spark,  # noqa: F401  (a fixture users can use)
    spark_conf,
)
from pytest_contractkit.state import RunState, option

MARKERS = {
    "contract": "a check generated from a data contract",
    "contract_schema": "a contract's schema check",
    "contract_quality": "a contract's quality expectation, uniqueness or primary key check",
    "contract_freshness": "a contract's freshness SLA check",
    "contract_dataset": "a contract's (or a consumer's) dataset check over all rows",
    "contract_references": "a check that a field's values exist in the contract it references",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contracts", "data contracts (contractkit)")
    group.addoption(
        "--contracts",
        action="store_true",
        default=None,
        help="Collect tests from data contracts (ini: contracts = true).",
    )
    parser.addini("contracts", type="bool", default=False, help="Collect data contract tests.")
    parser.addini(
        "contracts_paths",
        type="linelist",
        default=["contracts"],
        help="Where contract YAML files are (default: contracts/).",
    )
    for flag, ini, text in (
        ("--contracts-consumer", "contracts_consumer", "Only this consumer's contracts and items."),
        ("--contracts-server", "contracts_server", "Read data from this server or binding."),
        ("--contracts-record", "contracts_record", "Append results to this history (folder)."),
        ("--contracts-notify", "contracts_notify", "Post a failing run to this webhook URL."),
        ("--spark-remote", "spark_remote", "Spark Connect URL sc://host:port (or SPARK_REMOTE)."),
        ("--spark-master", "spark_master", "Spark master URL (default local[*])."),
    ):
        group.addoption(flag, dest=ini, default=None, help=text)
        parser.addini(ini, type="string", default="", help=text)
    timeout_help = "Seconds a Spark Connect endpoint has to answer (default 30)."
    group.addoption("--spark-connect-timeout", dest="spark_connect_timeout", help=timeout_help)
    parser.addini("spark_connect_timeout", type="string", default="30", help=timeout_help)
    group.addoption(
        "--spark-conf",
        dest="spark_conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Spark configuration for the session (repeatable; ini: spark_conf lines).",
    )
    parser.addini("spark_conf", type="linelist", default=[], help="Spark configuration lines.")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("contracts") or config.getini("contracts"))


def pytest_configure(config: pytest.Config) -> None:
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    if not _enabled(config):
        return
    if not config.getoption("spark_remote") and os.environ.get("SPARK_REMOTE"):
        config.option.spark_remote = os.environ["SPARK_REMOTE"]
    _check_spark_options(config)
    config.stash[STATE] = RunState.from_config(config)
    roots = _contract_roots(config)
    config.stash[ROOTS] = roots
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        # Nothing named on the command line: collect the contracts wherever they are.
        config.args[:] = [*config.args, *(str(r) for r in roots if r.exists())]


ROOTS = pytest.StashKey[list[Path]]()


def _check_spark_options(config: pytest.Config) -> None:
    """Options that cannot work are usage errors now, not N failing items later."""
    from contractkit.spark.sessions import MASTER_HINT, MASTER_URL

    spark_conf(config)
    connect_timeout(config)
    master = option(config, "spark_master", "spark_master")
    if master and not MASTER_URL.fullmatch(master):
        raise pytest.UsageError(
            f"--spark-master {master!r} is not a Spark master URL: {MASTER_HINT}"
        )
    remote = option(config, "spark_remote", "spark_remote")
    if remote and not str(remote).startswith("sc://"):
        raise pytest.UsageError(
            f"--spark-remote {remote!r} is not a Spark Connect URL: use sc://host:port"
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    state = session.config.stash.get(STATE, None)
    if state is not None and (problem := state.unknown_server_error()):
        raise pytest.UsageError(problem)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    state = terminalreporter.config.stash.get(STATE, None)
    if state is None or not state.unreadable:
        return
    terminalreporter.section("contract data that could not be read", sep="-")
    for line in state.unreadable.values():
        terminalreporter.write_line(line)


def _contract_roots(config: pytest.Config) -> list[Path]:
    """The contract folders, absolute but with symlinks kept: pytest drops a path it was
    given twice, which a symlinked `contracts/` resolved to its target would not be."""
    base = config.inipath.parent if config.inipath else config.rootpath
    return [Path(os.path.abspath(base / p)) for p in config.getini("contracts_paths")]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    config = parent.config
    if not _enabled(config) or file_path.suffix not in (".yaml", ".yml"):
        return None
    resolved = file_path.resolve()
    named = {Path(a.split("::")[0]).resolve() for a in config.args}
    under_root = any(resolved.is_relative_to(root.resolve()) for root in config.stash[ROOTS])
    if resolved in named or under_root:
        return ContractFile.from_parent(parent, path=file_path)
    return None


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Record the run's results and alert on failure, from the reports already computed."""
    if _enabled(session.config) and STATE in session.config.stash:
        from pytest_contractkit.history import keep_run

        keep_run(session.config, session.config.stash[STATE])
