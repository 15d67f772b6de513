"""A contract's row-level counts, computed by the query the pipeline runs anyway.

`observe(df, contract)` attaches Spark's `DataFrame.observe` with the same aggregates as
`validate`'s one pass (row count, `count_if(NOT (expr))` per distinct expression, the
freshness column's maximum), so a row fails only when its expression is FALSE and the
thresholds are judged exactly as `validate` judges them. No second job reads the data:

- batch: an `Observation` fills when the pipeline's action runs; `metrics.report()` reads it;
- stream: each micro-batch's progress carries the observed row; a StreamingQueryListener
  turns it into one report per micro-batch (`metrics.reports()`), `metrics.total()` sums them.

What an observation cannot compute is left out of its reports, never guessed: uniqueness
(distinct counts are not allowed in observed metrics) and failed-row samples (a second job).
A micro-batch's freshness is its event-time lag: the micro-batch's trigger time minus the
newest event time in it.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from contractkit.derived import all_expectations
from contractkit.errors import ContractKitError
from contractkit.model import Contract, Expectation
from contractkit.spark.freshness import EPOCH, Clock
from contractkit.spark.reasons import reason
from contractkit.spark.schema import from_spark_type
from contractkit.spark.validator import _freshness_column, _plan, _Planned
from contractkit.types import StructType
from contractkit.validation import (
    ConsumerResult,
    ExpectationResult,
    FreshnessResult,
    SchemaIssue,
    ValidationReport,
    compare_schema,
)
from contractkit.values import Duration

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.streaming.query import StreamingQuery

DEFAULT_WAIT = 60.0  # seconds `reports(query)` waits for the listener to catch up


@dataclass(frozen=True)
class MicroBatchReport(ValidationReport):
    """A ValidationReport of one micro-batch, or of several summed (`batch_id` None)."""

    batch_id: int | None = None
    query_id: str | None = None
    batches: int = 1  # how many micro-batches the counts cover

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "batch_id": self.batch_id,
            "query_id": self.query_id,
            "batches": self.batches,
        }


@dataclass(frozen=True)
class _Layout:
    """What each observed column means: fixed when the observation is attached."""

    contract: Contract
    plans: list[_Planned]
    freshness_column: str | None
    schema_issues: tuple[SchemaIssue, ...]

    def report(
        self,
        row: Mapping[str, Any],
        freshness: Clock | None,
        now: dt.datetime,
        **extra: Any,
    ) -> MicroBatchReport:
        rows = int(row["rows"])
        results = [
            ExpectationResult(
                name=p.expectation.name,
                expression=p.expectation.expression,
                threshold=p.expectation.threshold,
                action=p.expectation.action,
                row_count=rows,
                failed=int(row[f"f{p.slot}"]) if p.slot is not None else 0,
                error=p.error,
                derived=p.derived,
                warn_threshold=p.expectation.warn_threshold,
            )
            for p in self.plans
        ]
        latest = row.get("latest")
        clock = freshness or _EventTime(self.freshness_column, latest, now)
        contract, sla = self.contract, self.contract.sla
        consumers = tuple(
            ConsumerResult(
                pipeline=c.pipeline,
                expectations=tuple(
                    r for p, r in zip(self.plans, results, strict=True) if p.consumer == c.pipeline
                ),
                freshness=clock.result(c.freshness) if c.freshness else None,
            )
            for c in contract.consumers
            if c.expectations or c.freshness
        )
        return MicroBatchReport(
            contract=contract.name,
            version=contract.version,
            row_count=rows,
            schema_issues=self.schema_issues,
            expectations=tuple(
                r for p, r in zip(self.plans, results, strict=True) if p.consumer is None
            ),
            freshness=(
                clock.result(sla.freshness, sla.freshness_warn) if sla and sla.freshness else None
            ),
            consumers=consumers,
            **extra,
        )


class _EventTime:
    """A stream's freshness: the event-time column's newest value against the batch's time.

    Without an event-time column there is nothing to measure in a stream (no table history,
    no file times), so the result says so and fails, as `validate` does for a missing column.
    """

    def __init__(self, column: str | None, latest_micros: int | None, now: dt.datetime) -> None:
        self.column, self.now = column, now
        self.latest = None
        if latest_micros is not None:
            self.latest = EPOCH + dt.timedelta(microseconds=int(latest_micros))

    def result(self, limit: Duration, warn: Duration | None = None) -> FreshnessResult:
        source = "column" if self.column else "no event-time column in the stream"
        return FreshnessResult(limit, self.column, self.latest, self.now, source, warn_limit=warn)


def observe(
    df: DataFrame, contract: Contract, *, name: str | None = None
) -> tuple[DataFrame, ContractMetrics]:
    """`df` with the contract's counts attached, and the handle that reads them.

    Use the returned frame in place of `df` (write it, count it, stream it); the counts are
    computed by that query. `name` is the observed metric's name (unique by default).
    """
    from pyspark.sql import Observation

    present = {f.name.casefold() for f in df.schema.fields}
    declared = {e.name for e in contract.expectations}
    wanted: list[tuple[str | None, Expectation]] = [(None, e) for e in all_expectations(contract)]
    wanted += [(c.pipeline, e) for c in contract.consumers for e in c.expectations]
    plans, expressions = _plan(wanted, declared, present)
    actual = from_spark_type(df.schema)
    assert isinstance(actual, StructType)
    layout = _Layout(
        contract,
        plans,
        _freshness_column(contract, present),
        tuple(compare_schema(contract.struct_type(), actual)),
    )
    metric = name or f"contractkit:{contract.name}:{uuid.uuid4().hex[:12]}"
    streaming = df.isStreaming
    observation = None if streaming else Observation(metric)
    observed, layout = _attach(df, observation or metric, layout, expressions)
    metrics = ContractMetrics(metric, layout, df, observation)
    if streaming:
        metrics._listen(df)
    return observed, metrics


def _attach(
    df: DataFrame, target: Any, layout: _Layout, expressions: Sequence[str]
) -> tuple[DataFrame, _Layout]:
    """Attach the aggregates; expressions Spark cannot analyse become their expectation's
    error (as in `validate`) instead of failing the pipeline's query."""
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    def columns(skip: set[int]) -> list[Column]:
        found = [F.count(F.lit(1)).alias("rows")]
        found += [
            F.count_if(~F.expr(text)).alias(f"f{slot}")
            for slot, text in enumerate(expressions)
            if slot not in skip
        ]
        if layout.freshness_column is not None:
            column = F.col(layout.freshness_column).cast("timestamp")
            found.append(F.max(F.unix_micros(column)).alias("latest"))
        return found

    bad: dict[int, str] = {}
    try:
        return _analysed(df.observe(target, *columns(set()))), layout
    except PySparkException as failure:
        for slot, text in enumerate(expressions):
            try:
                _ = df.select(F.expr(text)).schema  # analysis only, no job
            except PySparkException as exc:
                bad[slot] = reason(exc)
        if not bad:
            raise failure from None
    plans = [
        _Planned(p.expectation, p.derived, None, bad[p.slot], p.consumer)
        if p.slot is not None and p.slot in bad
        else p
        for p in layout.plans
    ]
    return _analysed(df.observe(target, *columns(set(bad)))), replace(layout, plans=plans)


def _analysed(df: DataFrame) -> DataFrame:
    _ = df.schema  # Spark Connect analyses lazily; make it fail here, as classic does
    return df


@dataclass(frozen=True)
class _Batch:
    """One micro-batch's observed row, as Spark delivered it."""

    query_id: str
    batch_id: int
    row: dict[str, Any]
    now: dt.datetime


@dataclass
class _Seen:
    """What the listener has received, guarded by one condition variable."""

    batches: dict[tuple[str, int], _Batch] = field(default_factory=dict)
    progress: dict[str, int] = field(default_factory=dict)  # run id -> newest batch id seen
    terminated: set[str] = field(default_factory=set)  # run ids
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)


class ContractMetrics:
    """Reads what `observe` attached: one report for a batch frame, one per micro-batch for
    a stream."""

    def __init__(self, name: str, layout: _Layout, df: DataFrame, observation: Any | None) -> None:
        self.name = name
        self._layout, self._df, self._observation = layout, df, observation
        self._seen = _Seen()
        self._listener: Any = None
        self._spark: Any = None

    # -- batch ------------------------------------------------------------------------

    def report(self, *, now: dt.datetime | None = None) -> ValidationReport:
        """The batch frame's report, once an action on the observed frame has finished
        (Spark's Observation blocks until then)."""
        if self._observation is None:
            raise ContractKitError(
                f"{self.name}: report() is for a batch DataFrame; this one is a stream. "
                "Use metrics.reports() for one report per micro-batch, or metrics.total()."
            )
        row = self._observation.get
        clock = Clock(
            self._df,
            self._df,
            self._layout.contract,
            self._layout.freshness_column,
            row.get("latest"),
            now,
        )
        report = self._layout.report(row, clock, clock.now)
        return ValidationReport(**{k: getattr(report, k) for k in _REPORT_FIELDS})

    # -- stream -----------------------------------------------------------------------

    def reports(
        self, query: StreamingQuery | None = None, *, timeout: float = DEFAULT_WAIT
    ) -> list[MicroBatchReport]:
        """One report per micro-batch, in batch order; a replayed batch id counts once.

        The listener receives progress asynchronously: given the `query`, wait (up to
        `timeout` seconds) until every micro-batch it has finished has been received.
        """
        if self._observation is not None:
            raise ContractKitError(
                f"{self.name}: reports() is for a streaming DataFrame; this one is a batch "
                "frame. Use metrics.report() after the action."
            )
        if query is not None:
            self._wait_for(query, timeout)
        with self._seen.changed:
            if self._seen.errors:
                raise ContractKitError(f"{self.name}: {self._seen.errors[0]}")
            batches = [self._seen.batches[key] for key in sorted(self._seen.batches)]
        return [
            self._layout.report(b.row, None, b.now, batch_id=b.batch_id, query_id=b.query_id)
            for b in batches
        ]

    def total(
        self, query: StreamingQuery | None = None, *, timeout: float = DEFAULT_WAIT
    ) -> MicroBatchReport:
        """Every micro-batch's counts summed: what `validate` finds on the same rows.

        Freshness is judged at the last micro-batch: its time against the newest event time
        seen in any of them.
        """
        self.reports(query, timeout=timeout)
        with self._seen.changed:
            batches = list(self._seen.batches.values())
        return _sum(self._layout, batches)

    def close(self) -> None:
        """Stop listening (a terminated query is let go of by `reports(query)` already)."""
        if self._listener is not None and self._spark is not None:
            self._spark.streams.removeListener(self._listener)
        self._listener = None

    def _listen(self, df: DataFrame) -> None:
        self._spark = df.sparkSession
        self._listener = _listener(self.name, self._seen)
        self._spark.streams.addListener(self._listener)

    def _wait_for(self, query: StreamingQuery, timeout: float) -> None:
        run = str(query.runId)

        def caught_up() -> bool:
            if query.isActive:
                last = query.lastProgress
                return last is None or self._seen.progress.get(run, -1) >= int(last["batchId"])
            return run in self._seen.terminated

        with self._seen.changed:
            if not self._seen.changed.wait_for(caught_up, timeout):
                raise ContractKitError(
                    f"{self.name}: the stream's progress did not reach the listener within "
                    f"{timeout:g} s; call reports(query, timeout=...) with a longer timeout."
                )
        if not query.isActive:
            self.close()


_REPORT_FIELDS = [f.name for f in fields(ValidationReport)]


def _listener(name: str, seen: _Seen) -> Any:
    from pyspark.sql.streaming.listener import StreamingQueryListener

    class ContractListener(StreamingQueryListener):
        def onQueryStarted(self, event: Any) -> None:
            pass

        def onQueryProgress(self, event: Any) -> None:
            progress = event.progress
            run = str(progress.runId)
            try:
                row = progress.observedMetrics.get(name)
                batch = None
                if row is not None:
                    now = _instant(progress.timestamp)
                    batch = _Batch(str(progress.id), int(progress.batchId), row.asDict(), now)
            except Exception as exc:  # a listener must not die silently; reports() raises it
                with seen.changed:
                    seen.errors.append(f"could not read micro-batch {progress.batchId}: {exc}")
                    seen.changed.notify_all()
                return
            with seen.changed:
                if batch is not None:
                    seen.batches[(batch.query_id, batch.batch_id)] = batch
                seen.progress[run] = max(seen.progress.get(run, -1), int(progress.batchId))
                seen.changed.notify_all()

        def onQueryIdle(self, event: Any) -> None:
            pass

        def onQueryTerminated(self, event: Any) -> None:
            with seen.changed:
                seen.terminated.add(str(event.runId))
                seen.changed.notify_all()

    return ContractListener()


def _instant(text: str) -> dt.datetime:
    """A progress timestamp (`2026-12-06T19:53:26.074Z`) as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _sum(layout: _Layout, batches: Sequence[_Batch]) -> MicroBatchReport:
    """Counts add up across micro-batches; the newest event time is the maximum."""
    row: dict[str, Any] = {}
    for batch in batches:
        for key, value in batch.row.items():
            if value is None:
                continue
            if key == "latest":
                row[key] = max(row.get(key, value), value)
            else:
                row[key] = row.get(key, 0) + value
    row.setdefault("rows", 0)
    for plan in layout.plans:
        if plan.slot is not None:
            row.setdefault(f"f{plan.slot}", 0)
    now = max((b.now for b in batches), default=None) or dt.datetime.now(dt.UTC)
    return layout.report(row, None, now, batches=len(batches))
