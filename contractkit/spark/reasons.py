"""Spark's reason for a failure, in one line, never a stack.

Two forms: `reason` (the error class and the first sentence) stands beside an expectation
that could not be evaluated; `read_reason` (Spark's whole message in its own `[CLASS]` form,
plus the root cause of the Java exception chain when it says more) explains data that could
not be read, where the cause (a corrupt footer, a missing path) is what the user must fix.

Spark reports an error three ways: a `PySparkException` with `getCondition()` (classic
and Connect), a raw `Py4JJavaError` whose text holds the JVM exception and its stack
(file read failures arrive so), and gRPC errors from a Spark Connect server. Each is
reduced here to `CONDITION: message` with no stack, so every caller prints the same line.
"""

from __future__ import annotations

import re

__all__ = ["READ_FAILURES", "condition", "is_spark_error", "read_reason", "reason"]

# Error classes that mean "the data could not be read", whichever expression hit them.
READ_FAILURES = ("FAILED_READ_FILE", "CANNOT_READ_FILE", "FILE_NOT_EXIST", "PATH_NOT_FOUND")

_CLASS = re.compile(r"\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]\s*")
_SQLSTATE = re.compile(r"\s*SQLSTATE: \w+\.?\s*$")
_JAVA_HEAD = re.compile(r"^:?\s*(?:[a-z]\w*\.)+\w+(?:Exception|Error):\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MODULES = ("pyspark", "py4j", "grpc")


def is_spark_error(exc: BaseException) -> bool:
    """Whether `exc` comes from Spark (pyspark, its Py4J bridge or Spark Connect's gRPC),
    judged by the modules of its class and base classes: not a bug of ours."""
    return any(cls.__module__.split(".")[0] in _MODULES for cls in type(exc).__mro__)


def condition(exc: BaseException) -> str | None:
    """Spark's error class (`CAST_INVALID_INPUT`), where Spark gave one."""
    get = getattr(exc, "getCondition", None) or getattr(exc, "getErrorClass", None)
    if get is not None:
        try:
            found = get()
        except Exception:  # a Connect error without a class
            found = None
        if found:
            return str(found)
    match = _CLASS.search(_text(exc))
    return match.group(1) if match else None


def reason(exc: BaseException) -> str:
    """`CONDITION: first sentence of Spark's message`, one line, never a stack."""
    klass = condition(exc)
    line = _message_line(exc)
    line = _CLASS.sub("", line, count=1) if klass else line
    line = _SQLSTATE.sub("", line).strip()
    line = _SENTENCE_END.split(line, maxsplit=1)[0]
    if not line:
        line = type(exc).__name__
    return f"{klass}: {line}" if klass else line


def _text(exc: BaseException) -> str:
    get = getattr(exc, "getMessage", None)
    if get is not None:
        try:
            return str(get())
        except Exception:  # fall back to str()
            pass
    return str(exc)


def _message_line(exc: BaseException) -> str:
    """The line holding Spark's message: a Py4J error's text starts with "An error
    occurred while calling ..." and puts the JVM exception on the next line."""
    lines = [x.strip() for x in _text(exc).strip().splitlines() if x.strip()]
    for line in lines:
        if _CLASS.search(line):
            return _JAVA_HEAD.sub("", line)
    for line in lines:
        if not line.startswith("An error occurred while calling"):
            return _JAVA_HEAD.sub("", line)
    return ""


_CONDITION = re.compile(r"\[[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*\]")


def read_reason(exc: BaseException) -> str:
    """Spark's own reason in one line: the error class and message, and the root cause
    when it says more; never a stack trace."""
    lines = _messages(exc)
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if not lines:
        return type(exc).__name__
    classed = next((line for line in lines if _CONDITION.search(line)), None)
    root = lines[-1]
    if classed is None:
        return root
    classed = classed[_CONDITION.search(classed).start() :]  # type: ignore[union-attr]
    root_text = root.split(": ", 1)[-1] if root != classed else ""
    if root_text and root_text not in classed:
        return f"{classed} Cause: {root_text}"
    return classed


def _messages(exc: BaseException) -> list[str]:
    """The first line of each message in the exception's (Java) cause chain, outermost first."""
    java = getattr(exc, "java_exception", None)
    if java is not None:  # py4j's Py4JJavaError: walk the Java cause chain
        found = []
        seen = 0
        while java is not None and seen < 20:
            found.append(_first_of(str(java.toString())))
            java, seen = java.getCause(), seen + 1
        return found
    details = getattr(exc, "details", None)
    if callable(details):  # grpc.RpcError
        return [_first_of(str(details() or type(exc).__name__))]
    text = str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        text = f"{exc.strerror or exc}: {exc.filename}"
    return [_first_of(text) or type(exc).__name__]


def _first_of(text: str) -> str:
    return next((line.strip() for line in text.strip().splitlines() if line.strip()), "")
