"""Lakeflow (DLT) event log -> results history, so pipelines enforcing with generated
EXPECT dicts get the same health page as `contractkit check`.

Reads an export of the pipeline event log: JSON lines (one event per line, as
`SELECT * FROM event_log(...)` writes them with `df.write.json`) or one JSON array. Only
`flow_progress` events count; each may carry `details.flow_progress.data_quality
.expectations`, a list of `{name, dataset, passed_records, failed_records}`. `details`
and `origin` may be JSON objects or JSON text (the event log table stores text).

A flow reports its expectations in several events during one update; as in Databricks'
documented query, counts are summed per update, dataset and expectation. One update is one
run. A dataset matches the contract with its name, or with the last part of a qualified
name (`main.silver.silver_orders` -> `silver_orders`); other datasets are skipped and named.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from contractkit.derived import all_expectations, derive
from contractkit.errors import HistoryError
from contractkit.history.records import ResultRecord
from contractkit.model import Contract
from contractkit.validation import ExpectationResult


@dataclass
class Imported:
    records: list[ResultRecord] = field(default_factory=list)
    events: int = 0
    skipped_datasets: set[str] = field(default_factory=set)


@dataclass
class _Counts:
    passed: int = 0
    failed: int = 0
    time: dt.datetime | None = None
    pipeline: str | None = None


def import_events(path: str, contracts: Mapping[str, Contract]) -> Imported:
    """The expectation results of every update in the export at `path`, as history rows."""
    result = Imported()
    totals: dict[tuple[str, str, str], _Counts] = {}
    for line, event in _events(path):
        result.events += 1
        if event.get("event_type") != "flow_progress":
            continue
        details = _json_field(event.get("details"), path, line, "details")
        origin = _json_field(event.get("origin"), path, line, "origin")
        quality = (details.get("flow_progress") or {}).get("data_quality") or {}
        expectations = quality.get("expectations") or []
        if not isinstance(expectations, list):
            raise HistoryError(
                f"{path}:{line}: details.flow_progress.data_quality.expectations is "
                f"{type(expectations).__name__}, expected a list of "
                "{name, dataset, passed_records, failed_records}"
            )
        update = str(origin.get("update_id") or origin.get("pipeline_id") or "unknown")
        when = _timestamp(event.get("timestamp"), path, line)
        for item in expectations:
            dataset = str(item.get("dataset") or origin.get("dataset_name") or "")
            name = str(item.get("name") or "")
            counts = totals.setdefault((update, dataset, name), _Counts())
            counts.passed += _count(item, "passed_records", path, line)
            counts.failed += _count(item, "failed_records", path, line)
            counts.pipeline = origin.get("pipeline_name") or counts.pipeline
            if when is not None and (counts.time is None or when > counts.time):
                counts.time = when
    update_times: dict[str, dt.datetime] = {}
    for (update, _, _), counts in totals.items():
        if counts.time is not None:
            update_times[update] = max(counts.time, update_times.get(update, counts.time))
    for (update, dataset, name), counts in sorted(totals.items()):
        contract = _match(dataset, contracts)
        if contract is None:
            result.skipped_datasets.add(dataset)
            continue
        result.records.append(_record(update, update_times, contract, name, counts))
    return result


def _record(
    update: str,
    update_times: Mapping[str, dt.datetime],
    contract: Contract,
    name: str,
    counts: _Counts,
) -> ResultRecord:
    declared = next((e for e in all_expectations(contract) if e.name == name), None)
    derived_names = {d.expectation.name for d in derive(contract)}
    threshold = declared.threshold if declared is not None else Decimal(1)
    warn = declared.warn_threshold if declared is not None else None
    rows = counts.passed + counts.failed
    # The same judgement as validation's, warn level included, on the pipeline's counts.
    judged = ExpectationResult(name, "", threshold, "", rows, counts.failed, warn_threshold=warn)
    return ResultRecord(
        run_id=f"dlt-{update}",
        time=update_times.get(update, dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        contract=contract.name,
        version=contract.version,
        server=counts.pipeline or "dlt",
        check=name,
        kind="constraint" if name in derived_names else "expectation",
        consumer=None,
        row_count=rows,
        failed=counts.failed,
        pass_rate=judged.pass_rate,
        threshold=float(threshold),
        ok=judged.ok,
        severity=declared.action if declared is not None else "warn",
        freshness_age_s=None,
        duration_s=None,
        source="dlt",
        level=judged.level.value,
        warn_threshold=None if warn is None else float(warn),
    )


def _match(dataset: str, contracts: Mapping[str, Contract]) -> Contract | None:
    if dataset in contracts:
        return contracts[dataset]
    last = dataset.rsplit(".", 1)[-1].strip("`")
    return contracts.get(last)


def _events(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"cannot read the event log export {path!r}: {exc}") from None
    if text.lstrip().startswith("["):
        try:
            events = json.loads(text)
        except json.JSONDecodeError as exc:
            raise HistoryError(
                f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); export the "
                "event log as JSON lines or one JSON array"
            ) from None
        for index, event in enumerate(events):
            yield _object(event, path, index + 1), event
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise HistoryError(
                f"{path}:{number}:{exc.colno}: not a JSON event ({exc.msg}): "
                f"{line[:60]!r}; export the event log as JSON lines (one event per line)"
            ) from None
        yield _object(event, path, number), event


def _object(event: Any, path: str, line: int) -> int:
    if not isinstance(event, dict):
        raise HistoryError(
            f"{path}:{line}: an event must be a JSON object, found {type(event).__name__}"
        )
    return line


def _json_field(value: Any, path: str, line: int, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise HistoryError(
                f"{path}:{line}: the event's {name} is not valid JSON text ({exc.msg})"
            ) from None
    if not isinstance(value, dict):
        raise HistoryError(f"{path}:{line}: the event's {name} must be an object, got {value!r}")
    return value


def _count(item: Mapping[str, Any], key: str, path: str, line: int) -> int:
    value = item.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise HistoryError(
            f"{path}:{line}: {key} of {item.get('name')!r} is {value!r}, not a count"
        )
    try:
        count = int(value)
    except ValueError:
        raise HistoryError(
            f"{path}:{line}: {key} of {item.get('name')!r} is {value!r}, not a count"
        ) from None
    if count < 0:
        raise HistoryError(f"{path}:{line}: {key} of {item.get('name')!r} is negative ({count})")
    return count


def _timestamp(value: Any, path: str, line: int) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise HistoryError(
            f"{path}:{line}: timestamp {value!r} is not an ISO 8601 time like "
            "'2026-06-01T12:00:00.000Z'"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
