"""Counting Spark jobs the way a user's default session runs them, for the tests that hold
contractkit to "one pass": every job started inside one job group, read from the status
tracker. Adaptive execution stays on (as by default), so one global aggregation counts as two
jobs: the scan with its partial aggregate, and the final one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def spark_jobs(spark: Any, group: str, action: Callable[[], object]) -> int:
    """How many Spark jobs `action()` started (in a job group of its own)."""
    context = spark.sparkContext
    context.setJobGroup(group, group)
    try:
        action()
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    return len(context.statusTracker().getJobIdsForGroup(group))
