"""Validate every micro-batch in full and write it to a valid sink and a quarantine sink.

`writeStream.foreachBatch(foreach_batch(contract, valid=..., quarantine=...))` gives each
micro-batch what a streaming query alone cannot: the whole report (uniqueness within the
batch, freshness, samples), then the DLT actions of `split`.

Idempotent on retried batch ids: Structured Streaming runs a micro-batch again after a
failure or restart with the same id and the same rows. Each sink holds one partition per
micro-batch (`_contract_batch_id=<id>`) and every write replaces only its own partition
(dynamic partition overwrite), so a replayed batch replaces what its first attempt wrote,
whole or half, and nothing is written twice. The two sinks are separate file commits: a
crash between them leaves the valid rows of that batch without its quarantine rows until
the batch is replayed, which Spark does before any later batch.

Batch ids restart at 0 with a new checkpoint: give such a query new sink paths, as Delta's
`txnAppId` must change with a new checkpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from contractkit.model import Contract
from contractkit.spark.quarantine import BATCH_COLUMN
from contractkit.validation import ValidationReport

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

ReportHandler = Callable[[int, ValidationReport], None]


class BatchWriter:
    """The function for `foreachBatch`: `(batch_df, batch_id) -> None`. Picklable, so it
    also runs where Spark Connect runs foreachBatch functions (on the server)."""

    def __init__(
        self,
        contract: Contract,
        valid: str,
        quarantine: str,
        *,
        format: str = "parquet",
        options: Mapping[str, str] | None = None,
        on_report: ReportHandler | None = None,
        samples: int = 0,
        run_id: str | None = None,
    ) -> None:
        self.contract, self.valid, self.quarantine = contract, valid, quarantine
        self.format, self.options = format, dict(options or {})
        self.on_report, self.samples = on_report, samples
        self.run_id = run_id or uuid.uuid4().hex

    def __call__(self, batch: DataFrame, batch_id: int) -> None:
        from pyspark.sql import functions as F

        from contractkit.spark.validator import split, validate

        batch = batch.persist()  # validation, split and both writes read it once
        try:
            report = validate(batch, self.contract, samples=self.samples)
            if self.on_report is not None:
                self.on_report(batch_id, report)
            valid, quarantined = split(batch, self.contract, run_id=self.run_id, batch_id=batch_id)
            self._write(valid.withColumn(BATCH_COLUMN, F.lit(batch_id).cast("bigint")), self.valid)
            self._write(quarantined, self.quarantine)
        finally:
            batch.unpersist()

    def _write(self, df: DataFrame, path: str) -> None:
        (
            df.write.format(self.format)
            .options(**self.options)
            .option("partitionOverwriteMode", "dynamic")
            .partitionBy(BATCH_COLUMN)
            .mode("overwrite")
            .save(path)
        )


def foreach_batch(
    contract: Contract,
    *,
    valid: str,
    quarantine: str,
    format: str = "parquet",
    options: Mapping[str, str] | None = None,
    on_report: ReportHandler | None = None,
    samples: int = 0,
    run_id: str | None = None,
) -> BatchWriter:
    """The `foreachBatch` function writing each micro-batch's valid rows under `valid` and
    its quarantined rows under `quarantine` (paths, in `format`), after `on_report(batch_id,
    report)` has seen the batch's full report. A violated `fail` expectation raises
    ContractViolationError before anything of that batch is written, stopping the query."""
    return BatchWriter(
        contract,
        valid,
        quarantine,
        format=format,
        options=options,
        on_report=on_report,
        samples=samples,
        run_id=run_id,
    )
