"""`--contracts-record` and `--contracts-notify`: the run's reports, kept and announced."""

from __future__ import annotations

import pytest

from pytest_contractkit.state import RunState, option


def keep_run(config: pytest.Config, state: RunState) -> None:
    record = option(config, "contracts_record", "contracts_record") or None
    notify = option(config, "contracts_notify", "contracts_notify") or None
    if not (record or notify) or not state.validated:
        return
    from contractkit.errors import ContractKitError
    from contractkit.history.keep import Validated, keep, run_records

    runs = [Validated(report, c, server, s) for c, server, report, s in state.validated]
    contracts = {c.name: c for c, *_ in state.validated}
    reporter = config.pluginmanager.get_plugin("terminalreporter")

    def say(line: str) -> None:
        if reporter is not None:
            reporter.write_line(f"contractkit: {line}")

    spark = None
    if record and record.startswith("table:"):
        from contractkit.spark import session

        spark = session()
    try:
        keep(
            run_records(runs, "pytest"),
            contracts,
            record=record,
            notify=notify,
            spark=spark,
            say=say,
        )
    except ContractKitError as exc:
        say(f"error: {exc}")
