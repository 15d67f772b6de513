"""`contractkit import` and `contractkit export`: contracts to and from other formats.

    contractkit import odcs FILE          ODCS v3 YAML -> contractkit contract(s)
    contractkit export odcs CONTRACT      contract -> ODCS v3.1.0 YAML
    contractkit export jsonschema CONTRACT   JSON Schema (2020-12) of one record
    contractkit export markdown CONTRACT  documentation (--format html, or `export html`)

Output goes to stdout, or to --out PATH; reports go to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from contractkit.model import Contract


@click.group(name="import")
def import_group() -> None:
    """Write a contractkit contract from a contract in another format."""


@click.group(name="export")
def export_group() -> None:
    """Write a contract in another format: ODCS, JSON Schema, Markdown or HTML."""


def _out_option(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--out",
        "out_path",
        type=click.Path(dir_okay=False),
        help=f"Write the {what} to this file instead of stdout.",
    )


def _emit(text: str, out_path: str | None) -> None:
    """Print `text`, or write it to `out_path` whole: beside it first, then renamed over
    it, so a failed write leaves no half-written file (the OSError is main's to report)."""
    if out_path is None:
        click.echo(text, nl=False)
        return
    directory = os.path.dirname(out_path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    partial = f"{out_path}.partial"
    try:
        with open(partial, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(partial, out_path)
    except OSError as exc:
        if os.path.exists(partial):
            os.remove(partial)
        if exc.filename == partial:  # name the file the user asked for
            exc.filename = out_path
        raise
    click.echo(f"wrote {out_path}", err=True)


@import_group.command(name="odcs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "out_path",
    type=click.Path(),
    help="Write the contract to this file instead of stdout; given an existing folder, write "
    "one contract per schema object into it (NAME.yaml).",
)
@click.option(
    "--object",
    "object_name",
    metavar="NAME",
    help="The schema object to import, when the document has several.",
)
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Validate against this ODCS JSON Schema instead of the bundled one of the document's "
    "apiVersion (to read a version contractkit does not bundle, say).",
)
@click.option("--owner", help="The owning team, when the document names none.")
@click.option("--producer-pipeline", help="The pipeline that writes the data (ODCS has none).")
@click.option("--strict", is_flag=True, help="Exit 1 when anything was not mapped.")
def import_odcs(
    file: str,
    out_path: str | None,
    object_name: str | None,
    schema_path: str | None,
    owner: str | None,
    producer_pipeline: str | None,
    strict: bool,
) -> None:
    """Import an Open Data Contract Standard (ODCS v3) document as contractkit contracts.

    The document is validated against the official JSON Schema of the ODCS version it
    declares (v3.0.0 to v3.1.0 are bundled). Each schema object becomes one contract: with
    --out FOLDER (an existing folder) every object is written there as NAME.yaml; otherwise
    choose one with --object when there are several. What has no place in a contractkit
    contract is listed on stderr, one `not mapped: PATH: REASON` line each. Exits 0 when
    written (1 with --strict if anything was not mapped), 2 when nothing was imported (usage
    error, an invalid document or an object that describes no dataset, a --schema that is
    not JSON, an --out that cannot be written).
    """
    from contractkit.odcs import ObjectChoiceError, OdcsError, import_document, parse_odcs

    context = click.get_current_context()
    with open(file, "rb") as handle:
        data = handle.read()
    to_folder = out_path is not None and os.path.isdir(out_path)
    try:
        document = parse_odcs(data, file, schema_path=schema_path)
    except OdcsError as exc:
        click.echo(f"error: {exc}", err=True)
        context.exit(EXIT_ERROR)
    names: list[str | None] = [str(o.get("name")) for o in document.get("schema") or []]
    chosen = names if to_folder and object_name is None and names else [object_name]
    failed = unmapped = False
    for name in chosen:
        try:
            imported = import_document(
                document,
                file,
                object_name=name,
                owner=owner,
                producer_pipeline=producer_pipeline,
                report_others=len(chosen) == 1,
            )
        except ObjectChoiceError as exc:
            several = name is None and len(exc.names) > 1
            raise click.UsageError(
                f"{exc}, or write each to a folder with --out FOLDER" if several else str(exc)
            ) from None
        except OdcsError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        for item in imported.report:
            click.echo(str(item), err=True)
        target = out_path
        if to_folder and out_path is not None:
            target = os.path.join(out_path, f"{imported.contract.name}.yaml")
        _emit(imported.text, target)
        count = len(imported.report)
        unmapped = unmapped or bool(imported.report)
        click.echo(
            f"imported object {imported.object_name!r} (ODCS {imported.api_version}) as "
            f"contract {imported.contract.name!r}; {count} item{'' if count == 1 else 's'} "
            "not mapped.",
            err=True,
        )
    context.exit(EXIT_ERROR if failed else EXIT_FINDINGS if strict and unmapped else EXIT_OK)


def _load(path: str) -> Contract:
    from contractkit.contract_files import ContractChoiceError, analyze_one
    from contractkit.report.lint import render_text

    try:
        analysis = analyze_one(path)
    except ContractChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    if not analysis.ok or analysis.contract is None:
        click.echo(render_text([analysis], color=sys.stderr.isatty()), err=True)
        click.echo("Nothing exported: fix the contract first.", err=True)
        click.get_current_context().exit(EXIT_ERROR)
    assert analysis.contract is not None
    return analysis.contract


_contract_argument = click.argument(
    "contract", type=click.Path(exists=True, dir_okay=False), metavar="CONTRACT"
)


@export_group.command(name="odcs")
@_contract_argument
@_out_option("ODCS document")
def export_odcs(contract: str, out_path: str | None) -> None:
    """Export a contract as an ODCS v3.1.0 document (validated against the official schema).

    What ODCS has no place for (producer pipeline, consumers, changelog, actions, ...) goes
    into `customProperties` named `contractkit.*`, so `contractkit import odcs` gives the
    same contract back. Exits 0 when written, 2 when the contract is invalid or the file
    cannot be written.
    """
    from contractkit.odcs import export_contract

    _emit(export_contract(_load(contract)).text, out_path)


@export_group.command(name="jsonschema")
@_contract_argument
@_out_option("JSON Schema")
def export_jsonschema(contract: str, out_path: str | None) -> None:
    """Export a JSON Schema (2020-12) for one record of the contract's dataset.

    For producers that emit JSON: types, required and nullable fields, allowed values,
    patterns, numeric bounds, nested structs, arrays and maps, descriptions.
    """
    from contractkit.export.jsonschema import render_json_schema

    _emit(render_json_schema(_load(contract)), out_path)


@export_group.command(name="markdown")
@_contract_argument
@_out_option("documentation")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
)
def export_markdown(contract: str, out_path: str | None, output_format: str) -> None:
    """Export human documentation of a contract: schema, expectations, SLA, consumers,
    changelog and servers."""
    from contractkit.export.document import render_html, render_markdown

    render = render_html if output_format == "html" else render_markdown
    _emit(render(_load(contract)), out_path)


@export_group.command(name="html")
@_contract_argument
@_out_option("page")
def export_html(contract: str, out_path: str | None) -> None:
    """Export human documentation of a contract as a standalone HTML page."""
    from contractkit.export.document import render_html

    _emit(render_html(_load(contract)), out_path)


__all__ = ["export_group", "import_group"]
