"""`contractkit check`: validate data against a contract once, from the shell."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from contractkit.datalocation import Bindings
    from contractkit.model import Contract
    from contractkit.spark.references import References

FORMATS = ["parquet", "delta", "csv", "json", "orc", "avro"]


@click.command()
@click.argument("contract_path", metavar="CONTRACT", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--server",
    help="Read the data from this server: its binding in pyproject.toml, else the "
    "contract's entry of that name.",
)
@click.option("--path", "data_path", help="Read the data from this path instead.")
@click.option(
    "--data-format", type=click.Choice(FORMATS), help="Format of --path (default parquet)."
)
@click.option("--table", help="Read the data from this table instead.")
@click.option(
    "--object",
    "object_name",
    metavar="NAME",
    help="The contract to check, when CONTRACT is an ODCS document holding several.",
)
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Spark reader option, repeatable; wins over the server's `options` "
    "(csv default: header=true).",
)
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
    "--spark-connect-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a Spark Connect endpoint has to answer.",
)
@click.option(
    "--record",
    metavar="TARGET",
    help="Append the results to this history folder "
    "(or table:catalog.schema.results); see docs/monitoring.md.",
)
@click.option("--notify", metavar="URL", help="Post a failing run to this webhook (Slack-style).")
@click.option(
    "--references-from",
    "references_from",
    multiple=True,
    type=click.Path(exists=True),
    metavar="PATH",
    help="Contract files or folders to find referenced contracts in, besides CONTRACT's "
    "own folder; repeatable. Their data is located as CONTRACT's is (--server, bindings).",
)
def check(
    contract_path: str,
    server: str | None,
    data_path: str | None,
    data_format: str | None,
    table: str | None,
    object_name: str | None,
    options: tuple[str, ...],
    output_format: str,
    spark_remote: str | None,
    spark_master: str | None,
    spark_connect_timeout: float,
    record: str | None,
    notify: str | None,
    references_from: tuple[str, ...],
) -> None:
    """Validate the data of CONTRACT: schema, expectations, uniqueness, freshness and
    references to other contracts' data.

    The data comes from --path with --data-format, --table, or a server: --server (or the
    contract's only server), bound in the nearest pyproject.toml's
    [tool.contractkit.bindings.<server>] or listed in the contract. Exits 0 when the data
    meets the contract, 1 when it does not, 2 when the check could not be done (usage
    error, invalid contract, unreadable data, Spark missing or unreachable).

    A field's `references` names a contract found in CONTRACT's folder or --references-from;
    its data is read from the same server (or its binding) and joined once per reference.
    """
    from contractkit.contract_files import ContractChoiceError, analyze_one
    from contractkit.datalocation import Bindings, resolve
    from contractkit.pyproject import find_pyproject
    from contractkit.report import lint as lint_report

    chosen = [x for x in (server, data_path, table) if x is not None]
    if len(chosen) > 1:
        raise click.UsageError("give at most one of --server, --path and --table")
    if data_format and not data_path:
        raise click.UsageError("--data-format goes with --path")
    reader_options = dict(key_value("--option", text) for text in options)
    try:
        analysis = analyze_one(contract_path, object_name)
    except ContractChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    if not analysis.ok or analysis.contract is None:
        click.echo(lint_report.render_text([analysis]), err=True)
        click.echo("Nothing checked: fix the contract first.", err=True)
        click.get_current_context().exit(EXIT_ERROR)
        return
    contract = analysis.contract
    bindings = Bindings.from_pyproject(find_pyproject(os.getcwd()))
    location = resolve(
        contract,
        server=server,
        path=data_path,
        data_format=data_format,
        table=table,
        options=reader_options,
        bindings=bindings,
    )
    references = _references(contract, contract_path, references_from, server, bindings)
    from contractkit.spark.sessions import session
    from contractkit.spark.sources import read, reading
    from contractkit.spark.validator import validate

    spark = session(remote=spark_remote, master=spark_master, connect_timeout=spark_connect_timeout)
    started = time.perf_counter()
    shown = location.describe(relative_to=os.getcwd())
    with reading(shown):
        report = validate(
            read(spark, contract, location), contract, spark=spark, references=references
        )
    duration = time.perf_counter() - started
    from contractkit.report import validation as validation_report

    if output_format == "json":
        click.echo(validation_report.render_json([report]))
    else:
        click.echo(validation_report.render_text(report, source=shown))
    if record or notify:
        from contractkit.history.keep import Validated, keep, run_records

        # The history names a server by its name, other data by where it is.
        source = location.origin.removeprefix("server ") or location.describe()
        rows = run_records([Validated(report, contract, source, duration)], "check")
        keep(
            rows,
            {contract.name: contract},
            record=record,
            notify=notify,
            spark=spark,
            say=lambda line: click.echo(line, err=True),
        )
    click.get_current_context().exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def _references(
    contract: Contract,
    contract_path: str,
    references_from: tuple[str, ...],
    server: str | None,
    bindings: Bindings,
) -> References | None:
    """Where referenced contracts' data is, when CONTRACT declares any `references`."""
    from contractkit.references import declared_references

    if next(declared_references(contract), None) is None:
        return None
    from contractkit.contract_files import reference_contracts
    from contractkit.spark.references import References

    folder = os.path.dirname(os.path.abspath(contract_path))
    targets = reference_contracts(folder, references_from)
    return References(tuple(targets), server=server, bindings=bindings)


def key_value(flag: str, text: str) -> tuple[str, str]:
    """`KEY=VALUE` split at the first `=`; a usage error naming the flag otherwise."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise click.UsageError(f"{flag} {text!r} must look like KEY=VALUE")
    return key.strip(), value
