"""`contractkit report` (the health page) and `contractkit import dlt-events`.

contractkit report HISTORY --out health.html      static page, opens offline
contractkit report HISTORY --format json          the same as data
contractkit import dlt-events FILE --record HISTORY   a DLT event log into the history
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_ERROR, find_contract_files
from contractkit.cli.interop import import_group

if TYPE_CHECKING:
    from contractkit.model import Contract


def _contracts_option(command: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--contracts",
        "contract_paths",
        multiple=True,
        type=click.Path(exists=True),
        help="Contract files or folders to join the results to (default: ./contracts).",
    )(command)


def _load_contracts(paths: tuple[str, ...]) -> dict[str, Contract]:
    """Contracts by name; an invalid file is a clear error, as everywhere else."""
    from contractkit.loader import analyze_file
    from contractkit.report import lint as lint_report

    if not paths:
        paths = ("contracts",) if os.path.isdir("contracts") else ()
    contracts: dict[str, Contract] = {}
    for file in find_contract_files(paths):
        analysis = analyze_file(file)
        if not analysis.ok or analysis.contract is None:
            click.echo(lint_report.render_text([analysis]), err=True)
            click.get_current_context().exit(EXIT_ERROR)
        assert analysis.contract is not None
        contracts.setdefault(analysis.contract.name, analysis.contract)
    return contracts


@click.command()
@click.argument("history", metavar="HISTORY")
@_contracts_option
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False),
    help="Write the page (or JSON) to this file instead of stdout.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
)
@click.option(
    "--link-base",
    metavar="URL",
    help="Link checks to URL/<contract path>#L<line> (a repository browser) instead of "
    "to the file relative to the page.",
)
def report(
    history: str,
    contract_paths: tuple[str, ...],
    out_path: str | None,
    output_format: str,
    link_base: str | None,
) -> None:
    """Draw the results HISTORY (a folder written by --record, or table:c.s.t) as one
    static health page: every contract's latest status, trends and failing consumers."""
    from contractkit.history.store import Target, read
    from contractkit.report import health

    contracts = _load_contracts(contract_paths)
    target = Target.parse(history)  # errors reach the one handler: `error: ...`, exit 2
    if target.table is not None:
        from contractkit.spark import session
        from contractkit.spark.history import read_table

        records = read_table(session(), target.table)
    else:
        assert target.folder is not None
        records = read(target.folder)
    out_dir = os.path.dirname(out_path) if out_path else "."
    data = health.build(records, contracts, out_dir=out_dir or ".", link_base=link_base)
    text = health.render_json(data) if output_format == "json" else health.render_html(data)
    if out_path is None:
        click.echo(text, nl=False)
        return
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    warned = data["warning_contracts"]
    click.echo(
        f"wrote {out_path}: {len(data['contracts'])} contracts, {data['runs']} runs, "
        f"{data['failing_contracts']} failing" + (f", {warned} with warnings" if warned else ""),
        err=True,
    )


@import_group.command(name="dlt-events")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_contracts_option
@click.option(
    "--record",
    metavar="TARGET",
    required=True,
    help="The results history to append to (a folder, or table:catalog.schema.results).",
)
@click.option("--notify", metavar="URL", help="Post each failing update to this webhook.")
def import_dlt_events(
    file: str, contract_paths: tuple[str, ...], record: str, notify: str | None
) -> None:
    """Import the expectation counts of a Lakeflow/DLT event log export (JSON lines) into
    the results history, one run per pipeline update, datasets matched to contracts by name."""
    from contractkit.history.dlt import import_events
    from contractkit.history.keep import keep
    from contractkit.history.records import ResultRecord

    contracts = _load_contracts(contract_paths)
    imported = import_events(file, contracts)
    runs: dict[str, list[ResultRecord]] = {}
    for r in imported.records:
        runs.setdefault(r.run_id, []).append(r)
    spark = None
    if record.startswith("table:"):
        from contractkit.spark import session

        spark = session()
    for rows in runs.values():
        keep(
            rows,
            contracts,
            record=record,
            notify=notify,
            spark=spark,
            say=lambda line: click.echo(line, err=True),
        )
    click.echo(
        f"imported {len(imported.records)} expectation result(s) of {len(runs)} update(s) "
        f"from {imported.events} event(s) in {file}"
    )
    for dataset in sorted(imported.skipped_datasets):
        click.echo(f"skipped dataset {dataset!r}: no contract has that name", err=True)
