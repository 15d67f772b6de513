"""The session-scoped `spark` fixture: one SparkSession for the whole run.

Users can request it in their own tests, or override it with a `spark` fixture of their
own in conftest.py; contract items use whichever is in effect. The session comes from
contractkit.spark.sessions, the builder `contractkit check` uses too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_contractkit.state import INSTALL_HINT, option


@pytest.fixture(scope="session")
def spark(pytestconfig: pytest.Config) -> Iterator[Any]:
    """A local SparkSession (or Spark Connect with --spark-remote), stopped at the end if
    this fixture started it; an already active session is reused and left running. When
    no session can be had (a master Spark cannot parse, a Connect endpoint that does not
    answer in time) the run stops with one line naming the URL: exit code 4."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip(INSTALL_HINT)
    from contractkit.errors import SparkSessionError, SparkUnavailableError
    from contractkit.spark.sessions import session

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    try:
        started = session(
            app_name="pytest-contracts",
            master=option(pytestconfig, "spark_master", "spark_master") or None,
            remote=option(pytestconfig, "spark_remote", "spark_remote") or None,
            conf=spark_conf(pytestconfig),
            connect_timeout=connect_timeout(pytestconfig),
        )
    except SparkSessionError as exc:
        pytest.exit(f"contractkit: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    except SparkUnavailableError as exc:  # Java missing: the data items cannot run
        pytest.skip(str(exc))
    yield started
    started.stop()


def spark_conf(config: pytest.Config) -> dict[str, str]:
    """`spark_conf` ini lines, then --spark-conf options; a usage error for a line that is
    not KEY=VALUE."""
    conf: dict[str, str] = {}
    for pair in [*config.getini("spark_conf"), *(config.getoption("spark_conf") or [])]:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise pytest.UsageError(f"--spark-conf wants KEY=VALUE, got {pair!r}")
        conf[key.strip()] = value.strip()
    return conf


def connect_timeout(config: pytest.Config) -> float:
    """--spark-connect-timeout, else the ini value, in seconds; a usage error if it is not
    a positive number."""
    raw = option(config, "spark_connect_timeout", "spark_connect_timeout")
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        seconds = -1.0
    if not seconds > 0:
        raise pytest.UsageError(f"--spark-connect-timeout wants seconds > 0, got {raw!r}")
    return seconds
