"""`contractkit check`: validate data against a contract once, from the shell."""

from __future__ import annotations

import time

import click

from contractkit.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main


class CheckInputError(click.ClickException):
    exit_code = EXIT_USAGE


@main.command()
@click.argument("contract_path", metavar="CONTRACT", type=click.Path(exists=True, dir_okay=False))
@click.option("--server", help="Read the data from this entry of the contract's `servers`.")
@click.option("--path", "data_path", help="Read the data from this path instead.")
@click.option(
    "--data-format",
    type=click.Choice(["parquet", "delta", "csv", "json", "orc", "avro"]),
    help="Format of --path (default parquet).",
)
@click.option("--table", help="Read the data from this table instead.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--spark-remote", envvar="SPARK_REMOTE", help="Spark Connect URL, sc://host:port.")
@click.option("--spark-master", help="Spark master URL (default: local[*]).")
@click.option(
    "--record",
    metavar="TARGET",
    help="Append the results to this history folder "
    "(or table:catalog.schema.results); see docs/monitoring.md.",
)
@click.option("--notify", metavar="URL", help="Post a failing run to this webhook (Slack-style).")
def check(
    contract_path: str,
    server: str | None,
    data_path: str | None,
    data_format: str | None,
    table: str | None,
    output_format: str,
    spark_remote: str | None,
    spark_master: str | None,
    record: str | None,
    notify: str | None,
) -> None:
    """Validate the data of CONTRACT: schema, expectations, uniqueness, freshness.

    The data comes from --server (an entry of the contract's `servers`, or its only one),
    --path with --data-format, or --table. Exits 0 when the data meets the contract, 1 when
    it does not (or the contract is invalid), 2 on usage errors or when Spark is missing.
    """
    from contractkit.errors import ContractKitError
    from contractkit.loader import analyze_file
    from contractkit.report import lint as lint_report

    chosen = [x for x in (server, data_path, table) if x is not None]
    if len(chosen) > 1:
        raise click.UsageError("give at most one of --server, --path and --table")
    if data_format and not data_path:
        raise click.UsageError("--data-format goes with --path")
    analysis = analyze_file(contract_path)
    if not analysis.ok or analysis.contract is None:
        click.echo(lint_report.render_text([analysis]), err=True)
        click.get_current_context().exit(EXIT_FINDINGS)
        return
    contract = analysis.contract
    try:
        from contractkit.spark.sessions import session
        from contractkit.spark.sources import choose_server, read_path, read_server
        from contractkit.spark.validator import validate

        spark = session(remote=spark_remote, master=spark_master)
        if table:
            data = spark.table(table)
            source = f"table {table}"
        elif data_path:
            data = read_path(spark, contract, data_path, data_format or "parquet")
            source = data_path
        else:
            entry = choose_server(contract, server)
            data = read_server(spark, contract, entry)
            source = f"server {entry.server}"
        started = time.perf_counter()
        report = validate(data, contract)
        duration = time.perf_counter() - started
    except ContractKitError as exc:
        raise CheckInputError(str(exc)) from None
    except Exception as exc:  # Spark's errors about the data: one line, not a traceback
        from contractkit.spark.reasons import is_spark_error, reason

        if is_spark_error(exc):
            raise CheckInputError(f"cannot read the data: {reason(exc)}") from None
        raise
    from contractkit.report import validation as validation_report

    if output_format == "json":
        click.echo(validation_report.render_json([report]))
    else:
        click.echo(validation_report.render_text(report, source=source))
    if record or notify:
        from contractkit.history.keep import Validated, keep, run_records

        rows = run_records(
            [Validated(report, contract, source.removeprefix("server "), duration)], "check"
        )
        try:
            keep(
                rows,
                {contract.name: contract},
                record=record,
                notify=notify,
                spark=spark,
                say=lambda line: click.echo(line, err=True),
            )
        except ContractKitError as exc:
            raise CheckInputError(str(exc)) from None
    click.get_current_context().exit(EXIT_OK if report.ok else EXIT_FINDINGS)
