"""The session-scoped `spark` fixture: one SparkSession for the whole run.

Users can request it in their own tests, or override it with a `spark` fixture of their
own in conftest.py; contract items use whichever is in effect.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_contractkit.state import INSTALL_HINT, option


@pytest.fixture(scope="session")
def spark(pytestconfig: pytest.Config) -> Iterator[Any]:
    """A local SparkSession (or Spark Connect with --spark-remote), stopped at the end if
    this fixture started it; an already active session is reused and left running."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip(INSTALL_HINT)
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    remote = option(pytestconfig, "spark_remote", "spark_remote") or None
    master = option(pytestconfig, "spark_master", "spark_master") or None
    confs = [*pytestconfig.getini("spark_conf"), *(pytestconfig.getoption("spark_conf") or [])]
    if remote is not None:
        builder = SparkSession.builder.remote(remote)
    else:
        from contractkit.spark.sessions import LOCAL_CONFIG

        builder = SparkSession.builder.master(master or "local[*]")
        local = (master or "local").startswith("local")
        for key, value in LOCAL_CONFIG.items():
            # A remote cluster's executors must reach the driver: bind it locally only
            # when everything runs here.
            if local or not key.startswith("spark.driver."):
                builder = builder.config(key, value)
    for pair in confs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise pytest.UsageError(f"--spark-conf wants key=value, got {pair!r}")
        builder = builder.config(key.strip(), value.strip())
    session = builder.appName("pytest-contracts").getOrCreate()
    if remote is None:
        session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
