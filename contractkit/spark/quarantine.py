"""The quarantine table's metadata columns, and the fail action on a stream.

A quarantined row carries, beside its own columns, what an error table needs to be read
without the pipeline's logs (design guide 8.3): which contract at which version rejected
it, which expectations it violated, and which run or micro-batch wrote it.

    _contract_name        string         the contract's name
    _contract_version     string         the contract's version
    _contract_violations  array<string>  the drop expectations the row violated
    _contract_run_id      string         the `split` call's run id (given, else a UUID)
    _contract_batch_id    bigint         the micro-batch id (NULL outside foreach_batch)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from contractkit.model import Contract, Expectation
from contractkit.sqltext import quote_name

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

NAME_COLUMN = "_contract_name"
VERSION_COLUMN = "_contract_version"
VIOLATIONS_COLUMN = "_contract_violations"
RUN_COLUMN = "_contract_run_id"
BATCH_COLUMN = "_contract_batch_id"
QUARANTINE_COLUMNS = (NAME_COLUMN, VERSION_COLUMN, VIOLATIONS_COLUMN, RUN_COLUMN, BATCH_COLUMN)


def tag(
    quarantine: DataFrame, contract: Contract, run_id: str | None, batch_id: int | None
) -> DataFrame:
    """`quarantine` (which has the violations column) with the other metadata columns."""
    from pyspark.sql import functions as F

    return quarantine.select(
        *[F.col(quote_name(c)) for c in quarantine.columns if c != VIOLATIONS_COLUMN],
        F.lit(contract.name).alias(NAME_COLUMN),
        F.lit(contract.version).alias(VERSION_COLUMN),
        F.col(VIOLATIONS_COLUMN),
        F.lit(run_id or uuid.uuid4().hex).alias(RUN_COLUMN),
        F.lit(batch_id).cast("bigint").alias(BATCH_COLUMN),
    )


def fail_on_violation(
    df: DataFrame, contract: Contract, failing: Sequence[Expectation]
) -> DataFrame:
    """`df` that stops its query at the first row violating a `fail` expectation.

    A stream cannot be counted ahead of its query, so the check runs in it, row by row, as
    DLT's `expect_or_fail` does; a NULL result is not a violation.
    """
    from pyspark.sql import functions as F

    for e in failing:
        message = (
            f"contract {contract.name} {contract.version}: a row violates the fail "
            f"expectation {e.name} ({e.expression}); fix the data or change its action"
        )
        df = df.filter(F.when(~F.expr(e.expression), F.raise_error(F.lit(message))).isNull())
    return df
