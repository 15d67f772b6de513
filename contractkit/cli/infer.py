"""`contractkit infer`: draft a contract from an existing table or files (needs Spark)."""

from __future__ import annotations

import os
import re

import click

from contractkit.cli.app import EXIT_ERROR, EXIT_OK
from contractkit.cli.check import key_value

FORMATS = ["parquet", "delta", "csv", "json", "orc", "avro"]


@click.command()
@click.option("--table", help="Read this table (or view) with the Spark catalog.")
@click.option("--path", "data_path", help="Read the files at this path (needs --format).")
@click.option("--format", "data_format", type=click.Choice(FORMATS), help="Format of --path.")
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Spark reader option, repeatable (csv defaults: header=true, inferSchema=true).",
)
@click.option("--name", help="The contract's name [default: from the table or path].")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="Write the draft to this file instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def infer(
    table: str | None,
    data_path: str | None,
    data_format: str | None,
    options: tuple[str, ...],
    name: str | None,
    out_file: str | None,
    force: bool,
) -> None:
    """Draft a contract from a table, or from Parquet/CSV/JSON/ORC/Avro/Delta files.

    The draft has the data's types (nested ones too), nullability and column comments,
    and lints clean; owner, pipeline, constraints and expectations are left for you.
    Starts a local Spark session (Java 17+). Exits 0 on success, 1 if the draft would not
    lint clean, 2 on a usage error or when the data cannot be read.
    """
    from contractkit.draft import DraftSource, contract_name
    from contractkit.loader import analyze_text
    from contractkit.model import NAME_PATTERN
    from contractkit.report.lint import render_text

    if (table is None) == (data_path is None):
        raise click.UsageError("give either --table or --path (with --format)")
    if data_path is not None and data_format is None:
        raise click.UsageError("--path needs --format (parquet, csv, json, ...)")
    if table is not None and data_format is not None:
        raise click.UsageError("--format goes with --path, not --table")
    if out_file is not None and os.path.exists(out_file) and not force:
        raise click.UsageError(f"{out_file} exists; pass --force to overwrite it")
    if name is not None and not re.fullmatch(NAME_PATTERN, name):
        raise click.UsageError(
            f"--name {name!r} is not a valid contract name: use letters, digits, '_', '-' "
            "or '.', starting with a letter or '_'"
        )
    reader_options = dict(key_value("--option", text) for text in options)
    source = DraftSource(table, data_path, data_format, reader_options)
    recorded = source
    if data_path is not None and out_file is not None and "://" not in data_path:
        # A contract's local paths start at the contract file's folder.
        out_dir = os.path.dirname(os.path.abspath(out_file))
        relative = os.path.relpath(os.path.abspath(data_path), out_dir).replace(os.sep, "/")
        recorded = DraftSource(None, relative, data_format, reader_options)
    if name is None:
        name = contract_name(table or data_path or "dataset", table=table is not None)

    from contractkit.spark.infer import infer_contract

    text = infer_contract(source, name, recorded=recorded)
    analysis = analyze_text(text, out_file or "<draft>")
    context = click.get_current_context()
    if not analysis.ok or analysis.contract is None:
        click.echo(text, err=True)
        click.echo(render_text([analysis]), err=True)
        click.echo("error: the draft does not lint clean (above); please report this", err=True)
        context.exit(EXIT_ERROR)
        return
    if out_file is None:
        click.echo(text, nl=False)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(out_file)), exist_ok=True)
        with open(out_file, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        fields = len(analysis.contract.fields)
        click.echo(f"wrote {out_file}: a draft of contract {name!r} with {fields} fields")
    context.exit(EXIT_OK)
