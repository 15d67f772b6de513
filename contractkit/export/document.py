"""Human documentation of a contract, as Markdown or a standalone HTML page.

The page is built once as blocks (headings, paragraphs, tables, lists of inline text and
code), then rendered: the two formats cannot drift apart, and each renderer escapes what its
format needs (pipes and backticks in Markdown tables, everything in HTML).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from contractkit.derived import derive
from contractkit.model import Contract, Field
from contractkit.values import format_percent

__all__ = ["render_html", "render_markdown"]


@dataclass(frozen=True)
class Code:
    text: str


Inline = str | Code
Cell = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    parts: Cell


@dataclass(frozen=True)
class Table:
    """Rows of cells, one cell per header; a cell is a run of inline text and code."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[Cell, ...]


Block = Heading | Paragraph | Table | Bullets


def _cell(*parts: Inline | None) -> Cell:
    return tuple(p for p in parts if p)


def _codes(values: list[str], separator: str = ", ") -> Cell:
    out: list[Inline] = []
    for index, value in enumerate(values):
        if index:
            out.append(separator)
        out.append(Code(value))
    return tuple(out)


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def blocks(contract: Contract) -> list[Block]:
    """The page, section by section: about, schema, expectations, SLA, consumers, changelog,
    servers."""
    info = contract.info
    out: list[Block] = [Heading(1, f"{contract.name} {contract.version}")]
    if info.description:
        out.append(Paragraph((info.description.strip(),)))
    about: list[tuple[Cell, ...]] = [(("Title",), (info.title,))] if info.title else []
    if info.id:
        about.append((("Id",), (Code(info.id),)))
    if info.status:
        about.append((("Status",), (info.status,)))
    about += [
        (("Owner",), (info.owner,)),
        (
            ("Producer pipeline",),
            (Code(info.producer_pipeline),) if info.producer_pipeline else ("none (a source)",),
        ),
        (("Compatibility",), (info.compatibility,)),
    ]
    if info.domain:
        about.append((("Domain",), (info.domain,)))
    if info.tags:
        about.append((("Tags",), (", ".join(info.tags),)))
    out.append(Table(("", ""), tuple(about)))

    out.append(Heading(2, "Schema"))
    rows = tuple(_field_row(path, item) for path, item in contract.walk_fields())
    out.append(Table(("Field", "Type", "Nullable", "Constraints", "Description"), rows))
    if contract.schema_.primary_key:
        out.append(Paragraph(("Primary key: ", *_codes(contract.schema_.primary_key), ".")))
    out += _governance(contract)

    out += _expectations(contract)
    out += _sla(contract)
    out += _consumers(contract)

    out.append(Heading(2, "Changelog"))
    if contract.changelog:
        for entry in contract.changelog:
            date = f" ({entry.date.isoformat()})" if entry.date else ""
            out.append(Heading(3, f"{entry.version}{date}"))
            out.append(Bullets(tuple((line,) for line in entry.changes)))
    else:
        out.append(Paragraph(("No changelog.",)))

    if contract.servers:
        out.append(Heading(2, "Servers"))
        servers = tuple(
            (
                (server.server,),
                (server.type,),
                (Code((server.table if server.type == "table" else server.path) or ""),),
                _cell(server.format),
            )
            for server in contract.servers
        )
        out.append(Table(("Server", "Type", "Location", "Format"), servers))
    return out


def _field_row(path: str, item: Field) -> tuple[Cell, ...]:
    constraints: list[Cell] = []
    if item.unique:
        constraints.append(("unique",))
    if item.allowed_values is not None:
        constraints.append(("one of ", *_codes([_shown(v) for v in item.allowed_values])))
    if item.pattern is not None:
        constraints.append(("matches ", Code(item.pattern)))
    if item.min is not None:
        constraints.append((">= ", Code(str(item.min))))
    if item.max is not None:
        constraints.append(("<= ", Code(str(item.max))))
    if item.renamed_from:
        constraints.append(("renamed from ", Code(item.renamed_from)))
    joined: list[Inline] = []
    for index, constraint in enumerate(constraints):
        joined += ["; " if index else "", *constraint]
    return (
        (Code(path),),
        (Code("struct") if item.fields else Code(item.type_string),),
        ("yes" if item.nullable else "no",),
        _cell(*joined),
        _cell(item.description),
    )


def _governance(contract: Contract) -> list[Block]:
    """Who may read which column, and what it means to the business: only the fields that
    say something, and no section at all for a contract without governance metadata."""
    rows = tuple(
        (
            (Code(path),),
            _cell(item.business_name),
            _cell(item.classification),
            ("yes" if item.pii else "",),
            _cell(", ".join(item.tags)),
            _codes([_shown(v) for v in item.examples or ()]),
        )
        for path, item in contract.walk_fields()
        if item.business_name or item.classification or item.pii or item.tags or item.examples
    )
    if not rows:
        return []
    headers = ("Field", "Business name", "Classification", "PII", "Tags", "Examples")
    return [Heading(2, "Governance"), Table(headers, rows)]


def _expectations(contract: Contract) -> list[Block]:
    out: list[Block] = [Heading(2, "Expectations")]
    declared = tuple(
        (
            (Code(e.name),),
            (Code(e.expression),),
            (format_percent(e.threshold),),
            (e.action,),
            _cell(e.description),
        )
        for e in contract.expectations
    )
    if declared:
        out.append(Paragraph(("A row violates an expectation only when its expression is FALSE.",)))
        out.append(Table(("Name", "Expression", "Threshold", "Action", "Description"), declared))
    else:
        out.append(Paragraph(("No declared expectations.",)))
    derived = tuple(
        ((Code(d.expectation.name),), (Code(d.expectation.expression),), (d.expectation.action,))
        for d in derive(contract)
    )
    if derived:
        out.append(Paragraph(("Derived from the field constraints (threshold 100%):",)))
        out.append(Table(("Name", "Expression", "Action"), derived))
    return out


def _sla(contract: Contract) -> list[Block]:
    sla = contract.sla
    out: list[Block] = [Heading(2, "Service level")]
    items: list[Cell] = []
    if sla is not None and sla.freshness is not None:
        column: Cell = (
            (", measured on ", Code(sla.freshness_column)) if sla.freshness_column else ()
        )
        items.append(("Freshness: ", str(sla.freshness), *column))
    if sla is not None and sla.availability is not None:
        items.append((f"Availability: {format_percent(sla.availability)}",))
    out.append(Bullets(tuple(items)) if items else Paragraph(("No SLA.",)))
    return out


def _consumers(contract: Contract) -> list[Block]:
    out: list[Block] = [Heading(2, "Consumers")]
    if not contract.consumers:
        return [*out, Paragraph(("No consumers are listed.",))]
    rows = []
    for consumer in contract.consumers:
        uses: Cell = _codes(consumer.uses) if consumer.uses is not None else ("every field",)
        needs: list[Inline] = []
        if consumer.freshness is not None:
            needs.append(f"freshness {consumer.freshness}")
        for expectation in consumer.expectations:
            needs += ["; " if needs else "", f"{expectation.name}: ", Code(expectation.expression)]
        rows.append(
            (
                (Code(consumer.pipeline),),
                _cell(consumer.contact),
                uses,
                _cell(*needs),
                _cell(consumer.description),
            )
        )
    headers = ("Pipeline", "Contact", "Uses", "Also needs", "Description")
    return [*out, Table(headers, tuple(rows))]


# -------------------------------------------------------------------------------- renderers


def _md_code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MD_SPECIAL = re.compile(r"[\\*`\[\]]|<(?=[A-Za-z/!?])|(?<!\w)_|_(?!\w)|^#")


def _md_text(text: str) -> str:
    """Text that Markdown shows as written: only what would turn into markup is escaped."""
    return _MD_SPECIAL.sub(lambda match: "\\" + match.group(0), text)


def _md(parts: Cell, table: bool = False) -> str:
    out = []
    for part in parts:
        if isinstance(part, Code):
            text = _md_code(part.text)
            out.append(text.replace("|", "\\|") if table else text)
        else:
            text = _md_text(part)
            out.append(text.replace("|", "\\|") if table else text)
    text = "".join(out)
    return " ".join(text.split()) if table else text


def render_markdown(contract: Contract) -> str:
    lines: list[str] = []
    for block in blocks(contract):
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + _md((block.text,)), ""]
        elif isinstance(block, Paragraph):
            lines += [_md(block.parts), ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_md(item)}" for item in block.items] + [""]
        else:
            lines.append("| " + " | ".join(block.headers) + " |")
            lines.append("|" + "|".join(" --- " for _ in block.headers) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(_md(cell, table=True) for cell in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _html(parts: Cell) -> str:
    return "".join(
        f"<code>{html.escape(p.text)}</code>" if isinstance(p, Code) else html.escape(p)
        for p in parts
    )


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #1f2328; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; background: #f6f8fa;
       padding: 0.1rem 0.25rem; border-radius: 4px; }
""".strip()


def render_html(contract: Contract) -> str:
    body: list[str] = []
    for block in blocks(contract):
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{_html((block.text,))}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_html(block.parts)}</p>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{_html(item)}</li>" for item in block.items)
            body.append(f"<ul>{items}</ul>")
        else:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            thead = f"<thead><tr>{head}</tr></thead>" if any(block.headers) else ""
            body.append(f"<table>{thead}<tbody>{rows}</tbody></table>")
    title = html.escape(f"{contract.name} {contract.version}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
