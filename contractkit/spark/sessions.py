"""The one way contractkit gets a SparkSession: for `check`, `infer`, the API and pytest.

An active session (a notebook's, a test suite's) is always reused rather than replaced.
Otherwise:

- local (`master`, default `local[*]`): quiet, small and local, with no UI, few shuffle
  partitions, bound to 127.0.0.1 so it works without a network. Spark's own log (errors
  and worse only) goes to a file, never to the terminal: CONTRACTKIT_SPARK_LOG, else
  contractkit-spark.log in the temporary directory. A master URL Spark cannot parse is
  named as such.
- Spark Connect (`remote`, `sc://host:port`): the endpoint must answer within
  `connect_timeout` seconds (default 30), or a SparkSessionError names the URL; Spark's
  client would otherwise retry for minutes without a word.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from collections.abc import Mapping
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from contractkit.errors import SparkSessionError, SparkUnavailableError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "LOCAL_CONFIG",
    "active_or_new",
    "log_file",
    "session",
]

DEFAULT_CONNECT_TIMEOUT = 30.0
CONNECT_PORT = 15002

LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
}

# The master URLs Spark accepts; anything else makes spark-submit print a Java stack trace
# and the gateway exit, which reads like a broken Java.
MASTER_URL = re.compile(
    r"yarn|local(\[(\*|\d+)(,\d+)?\])?|local-cluster\[\d+, *\d+, *\d+\]|(spark|k8s)://.+"
)
MASTER_HINT = "use local[*], local[N], spark://host:7077, yarn or k8s://https://host:port"


def log_file() -> str:
    """Where the JVM of a session contractkit starts writes its errors."""
    return os.environ.get("CONTRACTKIT_SPARK_LOG") or os.path.join(
        tempfile.gettempdir(), "contractkit-spark.log"
    )


def session(
    app_name: str = "contractkit",
    master: str | None = None,
    remote: str | None = None,
    conf: Mapping[str, str] | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> SparkSession:
    """The active SparkSession, or a new one: local (`master`, default `local[*]`) or
    Spark Connect (`remote`), with `conf` on top of contractkit's settings (see above)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(
            "this needs pyspark, which is not installed: pip install 'contractkit[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    _python_logs_to_file()
    if remote is not None:
        return _connect(remote, app_name, dict(conf or {}), connect_timeout)
    return _local(master or "local[*]", app_name, dict(conf or {}))


# pyspark logs every analysis or runtime error it raises as a JSON line on stderr through
# these Python loggers, even when the caller handles the error (contractkit isolates a
# failing expression and reports it in one line): in sessions contractkit starts they write
# to the same log file as the JVM instead.
_PYSPARK_ERROR_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")


def _python_logs_to_file() -> None:
    import logging

    from pyspark.logger import PySparkLogger

    for name in _PYSPARK_ERROR_LOGGERS:
        logger = PySparkLogger.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.FileHandler(log_file(), delay=True))
        logger.propagate = False


def active_or_new() -> SparkSession:
    """The active SparkSession if there is one, else a new local one."""
    return session()


def _local(master: str, app_name: str, conf: dict[str, str]) -> SparkSession:
    from pyspark.sql import SparkSession

    if not MASTER_URL.fullmatch(master):
        raise SparkSessionError(f"{master!r} is not a Spark master URL: {MASTER_HINT}")
    builder = SparkSession.builder.master(master).appName(app_name)
    local = master.startswith("local")
    for key, value in LOCAL_CONFIG.items():
        # A cluster's executors must reach the driver: bind it locally only when
        # everything runs here.
        if local or not key.startswith("spark.driver."):
            builder = builder.config(key, value)
    log_config = files("contractkit.spark").joinpath("log4j2.properties")
    java_options = (
        f"-Dlog4j2.configurationFile=file:{log_config} -Dcontractkit.spark.log={log_file()}"
    )
    user_options = conf.pop("spark.driver.extraJavaOptions", "")
    builder = builder.config(
        "spark.driver.extraJavaOptions", f"{java_options} {user_options}".strip()
    )
    for key, value in conf.items():
        builder = builder.config(key, value)
    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        text = str(exc)
        if "Could not parse Master URL" in text or "Master must either be" in text:
            raise SparkSessionError(
                f"Spark could not parse the master URL {master!r}: {MASTER_HINT}"
            ) from None
        if "JAVA_GATEWAY_EXITED" in text or "Java gateway" in text:
            raise SparkUnavailableError(
                "Spark could not start: is Java 17 or newer installed and on PATH "
                f"(or JAVA_HOME set)? Spark's log: {log_file()}"
            ) from None
        from contractkit.spark.reasons import read_reason

        raise SparkSessionError(
            f"Spark could not start with master {master!r}: {read_reason(exc)}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _connect(url: str, app_name: str, conf: dict[str, str], timeout: float) -> SparkSession:
    from pyspark.sql import SparkSession

    parsed = urlparse(url)
    try:
        port = parsed.port or CONNECT_PORT
    except ValueError:  # sc://host:abc
        port = 0
    if parsed.scheme != "sc" or not parsed.hostname or not port:
        raise SparkSessionError(
            f"{url!r} is not a Spark Connect URL: use sc://host:port (port {CONNECT_PORT} "
            "by default)"
        )
    host = parsed.hostname
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise SparkSessionError(
            f"cannot reach Spark Connect at {url}: {reason} (is the server running?)"
        ) from None

    _await_grpc(url, host, port, ";use_ssl=true" in url.lower(), timeout)
    builder = SparkSession.builder.remote(url).appName(app_name)
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:
        from contractkit.spark.reasons import read_reason

        raise SparkSessionError(f"cannot use Spark Connect at {url}: {read_reason(exc)}") from None


def _await_grpc(url: str, host: str, port: int, secure: bool, timeout: float) -> None:
    """Wait for the endpoint's gRPC (HTTP/2) handshake, at most `timeout` seconds: a port
    that accepts connections and never answers (a hung server, a proxy) fails here, once,
    instead of in the client's minutes of silent retries."""
    try:
        import grpc
    except ImportError:
        raise SparkUnavailableError(
            "Spark Connect needs its client, which is not installed: "
            "pip install 'contractkit[connect]'"
        ) from None
    target = f"{host}:{port}"
    channel = (
        grpc.secure_channel(target, grpc.ssl_channel_credentials())
        if secure
        else grpc.insecure_channel(target)
    )
    try:
        grpc.channel_ready_future(channel).result(timeout=timeout)
    except grpc.FutureTimeoutError:
        raise SparkSessionError(
            f"Spark Connect at {url} did not answer within {timeout:g} s "
            "(raise the limit with --spark-connect-timeout)"
        ) from None
    finally:
        channel.close()
