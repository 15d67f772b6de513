"""docs/streaming.md shows real output: its ```python blocks run in order, in one namespace,
from the repository root, on the suite's SparkSession, and each block followed by a ```text
block must print exactly that."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "streaming.md"
_BLOCK = re.compile(r"```(python|text)\n(.*?)```\n", re.DOTALL)


def blocks(text: str) -> list[tuple[str, str | None]]:
    """(code, expected output or None) for every python block, in page order."""
    found: list[tuple[str, str | None]] = []
    for kind, body in _BLOCK.findall(text):
        if kind == "python":
            found.append((body, None))
        else:
            assert found, "a text block before any python block"
            assert found[-1][1] is None, "two text blocks after one python block"
            found[-1] = (found[-1][0], body)
    return found


def run_page(spark: Any) -> list[tuple[str, str, str | None]]:
    """Run the page; (code, printed, expected) per python block."""
    namespace: dict[str, Any] = {"__name__": "docs_streaming"}
    results = []
    for code, expected in blocks(PAGE.read_text(encoding="utf-8")):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(PAGE), "exec"), namespace)
        results.append((code, printed.getvalue(), expected))
    return results


def test_the_page_prints_what_it_shows(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    results = run_page(spark)
    assert sum(expected is not None for _, _, expected in results) >= 3
    for code, printed, expected in results:
        if expected is not None:
            assert printed == expected, code.splitlines()[0]


if __name__ == "__main__":  # print the page's real output, to paste it after a change
    import os

    from pyspark.sql import SparkSession

    os.chdir(ROOT)
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    for code, printed, _ in run_page(session):
        print("=" * 20, code.splitlines()[0])
        print(printed, end="")
