"""Servers: where the data lives.

contractkit has two kinds: files Spark reads by path and format (`local`, paths that may be
URLs such as `s3://...`), and tables by name (`table`). ODCS has a type per system:

    contractkit                       ODCS
    local, path s3:// or s3a://       s3 (location, format)
    local, path abfss:// az:// ...    azure (location, format)
    local, any other path             local (path, format)
    table catalog.schema.table        databricks (catalog, schema) + contractkit.table
    table with another name shape     custom + contractkit.table

Reader options go in `contractkit.options`. Local paths are copied as written: in contractkit
they are relative to the contract file.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from contractkit.model import DataFormat, Server
from contractkit.odcs.common import Report, custom, custom_properties

__all__ = ["read_servers", "write_server"]

_FORMATS = frozenset(get_args(DataFormat))
_AZURE = ("abfss://", "abfs://", "az://", "wasbs://", "wasb://")
_S3 = ("s3://", "s3a://", "s3n://")
_PLAIN_PART = re.compile(r"[A-Za-z0-9_]+")


def write_server(server: Server) -> dict[str, Any]:
    out: dict[str, Any] = {"server": server.server}
    extras: list[dict[str, Any]] = []
    if server.type == "local":
        path = server.path or ""
        if path.lower().startswith(_S3):
            out.update(type="s3", location=path, format=server.format)
        elif path.lower().startswith(_AZURE):
            out.update(type="azure", location=path, format=server.format)
        else:
            out.update(type="local", path=path, format=server.format)
    else:
        table = server.table or ""
        parts = table.split(".")
        if len(parts) == 3 and all(_PLAIN_PART.fullmatch(p) for p in parts):
            out.update(type="databricks", catalog=parts[0], schema=parts[1])
        else:
            out.update(type="custom")
        extras.append(custom("table", table))
    if server.description:
        out["description"] = server.description
    if server.options:
        extras.append(custom("options", dict(server.options)))
    if extras:
        out["customProperties"] = extras
    return out


def read_servers(
    servers: list[dict[str, Any]], chosen: dict[str, Any], report: Report
) -> tuple[list[dict[str, Any]], bool]:
    """The contract's servers, and whether a table name was made from the object's
    physicalName (which then needs no report of its own)."""
    out: list[dict[str, Any]] = []
    named_by_object = False
    for server in servers:
        path = f"servers[{server.get('server')}]"
        extras = custom_properties(server, path, report, known=("table", "options"))
        kind = str(server.get("type"))
        item: dict[str, Any] = {"server": server.get("server")}
        used = {"server", "type", "description", "customProperties"}
        if kind in ("local", "s3", "azure"):
            key = "path" if kind == "local" else "location"
            location, fmt = server.get(key), str(server.get("format", "")).lower()
            used |= {key, "format"}
            if not location or fmt not in _FORMATS:
                report.add(
                    path,
                    f"a {kind} server needs {key} and a format Spark reads "
                    f"({', '.join(sorted(_FORMATS))}); got format {server.get('format')!r}",
                )
                continue
            item.update(type="local", path=location, format=fmt)
        elif kind == "databricks" or (kind == "custom" and extras.get("table")):
            table = extras.get("table")
            if not table:
                name = chosen.get("physicalName") or chosen.get("name")
                table = f"{server.get('catalog')}.{server.get('schema')}.{name}"
                named_by_object = True
            item.update(type="table", table=table)
            used |= {"catalog", "schema"}
        else:
            report.add(
                path,
                f"a {kind} server: contractkit servers are paths Spark reads (local, s3, azure) "
                "and tables (databricks)",
            )
            continue
        options = dict(extras.get("options") or {})
        if server.get("delimiter") and "delimiter" not in options:
            options["delimiter"] = str(server["delimiter"])
        used.add("delimiter")
        if options:
            item["options"] = {str(k): str(v) for k, v in options.items()}
        if server.get("description"):
            item["description"] = server["description"]
        for key in sorted(set(server) - used):
            if server[key] not in (None, [], {}):
                report.add(f"{path}.{key}", f"contractkit servers have no {key}")
        out.append(item)
    return out, named_by_object
