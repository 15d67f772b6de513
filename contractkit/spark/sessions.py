"""A local SparkSession for contractkit's Spark commands and tests.

Quiet, small and local: `local[*]`, no UI, errors-only logging (also during start-up),
few shuffle partitions, bound to 127.0.0.1 so it works without a network. An active session
(a notebook's, a test suite's) is always reused rather than replaced.
"""

from __future__ import annotations

import os
from importlib.resources import files
from typing import TYPE_CHECKING

from contractkit.errors import SparkUnavailableError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["LOCAL_CONFIG", "active_or_new", "session"]

LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
}


def session(
    app_name: str = "contractkit", master: str | None = None, remote: str | None = None
) -> SparkSession:
    """The active SparkSession, or a new one: local (`master`, default `local[*]`) and
    configured as above, or a Spark Connect session to `remote` (`sc://host:15002`)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(
            "this needs pyspark, which is not installed: pip install 'contractkit[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if remote is not None:
        return SparkSession.builder.remote(remote).appName(app_name).getOrCreate()
    log_config = files("contractkit.spark").joinpath("log4j2.properties")
    builder = SparkSession.builder.master(master or "local[*]").appName(app_name)
    for key, value in LOCAL_CONFIG.items():
        builder = builder.config(key, value)
    builder = builder.config(
        "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log_config}"
    )
    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # most often: no Java
        if "JAVA_GATEWAY_EXITED" in str(exc) or "Java gateway" in str(exc):
            raise SparkUnavailableError(
                "Spark could not start: is Java 17 or newer installed and on PATH "
                "(or JAVA_HOME set)?"
            ) from exc
        raise
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def active_or_new() -> SparkSession:
    """The active SparkSession if there is one, else a new local one."""
    return session()
