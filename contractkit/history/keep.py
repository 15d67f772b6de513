"""After a run: record its results and alert on failure, from the reports already computed.

`check`, the pytest plugin and the DLT importer all end here, so a run is kept and
announced the same way whichever tool ran it. Nothing touches the data again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contractkit.history.records import ResultRecord, new_run_id, now_utc, records_from_report
from contractkit.history.store import Target, append
from contractkit.model import Contract
from contractkit.validation import ValidationReport


@dataclass(frozen=True)
class Validated:
    """One contract's report in a run, with what the report itself does not know."""

    report: ValidationReport
    contract: Contract
    server: str | None
    duration_s: float | None


def run_records(runs: Sequence[Validated], source: str) -> list[ResultRecord]:
    """The rows of one run: one run id and one time for every contract in it."""
    run_id, time = new_run_id(), now_utc()
    rows: list[ResultRecord] = []
    for run in runs:
        rows.extend(
            records_from_report(
                run.report,
                run_id=run_id,
                time=time,
                server=run.server,
                duration_s=run.duration_s,
                source=source,
            )
        )
    return rows


def keep(
    records: Sequence[ResultRecord],
    contracts: Mapping[str, Contract],
    *,
    record: str | None,
    notify: str | None,
    spark: Any = None,
    say: Callable[[str], None] = print,
) -> None:
    """Append `records` to the `record` target and post a failing run to `notify`."""
    if record:
        target = Target.parse(record)
        if target.table is not None:
            from contractkit.spark.history import append_table

            append_table(spark, target.table, records)
        else:
            assert target.folder is not None
            append(target.folder, records)
        say(f"recorded {len(records)} result(s) to {target.describe()}")
    if notify:
        from contractkit.history.notify import failing_message, post

        message = failing_message(records, contracts)
        if message is not None:
            warning = post(notify, message)
            failures = sum(r.level == "fail" for r in records)
            warnings = sum(r.level == "warn" for r in records)
            also = f" and {warnings} warning(s)" if warnings else ""
            say(warning or f"notified {notify} of {failures} failure(s){also}")
