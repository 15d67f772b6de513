"""Where a contract's data is: one answer for `contractkit check` and `pytest --contracts`.

The data of a contract is found, in this order:

1. an explicit `--path` (with a format) or `--table`;
2. the binding of the chosen server in the nearest pyproject.toml,

       [tool.contractkit.bindings.<server>]
       silver_orders = "silver_catalog.silver.orders"                  # a table
       gold_sales = {path = "data/gold/sales", format = "parquet", options = {...}}

   (a consumer repository knows where it reads the data, so bindings win over the
   contract's own `servers`; their paths start at the pyproject.toml's folder);
3. the contract's server of that name, or its only server.

Pure: no Spark here. Reading the location is contractkit.spark.sources' job.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from contractkit.errors import DataLocationError
from contractkit.model import Contract

__all__ = ["DEFAULT_OPTIONS", "Bindings", "Location", "resolve"]

# Reader options a user of CSV expects without asking: the first line is the header (as
# `contractkit infer` reads it). Options given on a server, a binding or --option win.
DEFAULT_OPTIONS: Mapping[str, Mapping[str, str]] = {"csv": {"header": "true"}}


@dataclass(frozen=True)
class Location:
    """A table, or files of one format with reader options; `origin` says who chose it."""

    kind: Literal["table", "path"]
    target: str
    data_format: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    origin: str = ""

    def describe(self, relative_to: str | None = None) -> str:
        """`table x` or the path, then where it came from: used in every message. A path
        under the folder `relative_to` (the current one, in a command's output) is shown
        relative to it, as the user would type it."""
        where = f"table {self.target}" if self.kind == "table" else self.target
        if self.kind == "path" and relative_to is not None and os.path.isabs(where):
            inside = os.path.relpath(where, relative_to)
            if not inside.startswith(os.pardir):
                where = inside
        return f"{where} ({self.origin})" if self.origin else where

    def reader_options(self) -> dict[str, str]:
        """The options Spark's reader gets: the format's defaults, then the given ones."""
        return {**DEFAULT_OPTIONS.get(self.data_format or "", {}), **self.options}


@dataclass(frozen=True)
class Bindings:
    """`[tool.contractkit.bindings.<server>]` tables: server -> contract name -> Location."""

    servers: Mapping[str, Mapping[str, Location]] = field(default_factory=dict)
    source: str | None = None

    @classmethod
    def from_pyproject(cls, path: str | None) -> Bindings:
        """The bindings of `path` (none when it is None or absent); a DataLocationError
        naming the file and the table when one is malformed."""
        if path is None or not os.path.isfile(path):
            return cls()
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DataLocationError(f"{path}: cannot read the bindings: {exc}") from None
        raw: Any = data.get("tool", {}).get("contractkit", {}).get("bindings", {})
        base = os.path.dirname(os.path.abspath(path))
        servers: dict[str, dict[str, Location]] = {}
        if not isinstance(raw, dict):
            raise DataLocationError(f"{path}: [tool.contractkit.bindings] must be a table")
        for server, entries in raw.items():
            origin = f"{path} [tool.contractkit.bindings.{server}]"
            if not isinstance(entries, dict):
                raise DataLocationError(
                    f"{origin} must be a table of contract = table name or {{path, format}}"
                )
            servers[server] = {name: _binding(v, base, origin) for name, v in entries.items()}
        return cls(servers, path)


def resolve(
    contract: Contract,
    *,
    server: str | None = None,
    path: str | None = None,
    data_format: str | None = None,
    table: str | None = None,
    options: Mapping[str, str] | None = None,
    bindings: Bindings | None = None,
) -> Location:
    """The location of `contract`'s data (see the module docstring for the order), with
    `options` added to its reader options; a DataLocationError saying why there is none."""
    extra = dict(options or {})
    if table is not None:
        return Location("table", table, options=extra)
    if path is not None:
        return Location("path", path, data_format or "parquet", extra)
    bound = (bindings or Bindings()).servers
    if server is not None and contract.name in bound.get(server, {}):
        found = bound[server][contract.name]
        return Location(
            found.kind, found.target, found.data_format, {**found.options, **extra}, found.origin
        )
    entries = {s.server: s for s in contract.servers}
    label = f"contract {contract.name!r}"
    if server is not None:
        if server not in entries:
            raise DataLocationError(
                f"{label} has no server {server!r} and no binding for it "
                f"(servers: {_known(entries, bound)})"
            )
        chosen = entries[server]
    elif len(entries) == 1:
        chosen = next(iter(entries.values()))
    elif not entries:
        raise DataLocationError(
            f"{label} lists no servers: add `servers:` to it, or give a path or a table"
        )
    else:
        raise DataLocationError(
            f"{label} has several servers; choose one with --server or --contracts-server "
            f"(servers: {', '.join(entries)})"
        )
    origin = f"server {chosen.server}"
    if chosen.type == "table":
        assert chosen.table is not None
        return Location("table", chosen.table, options={**chosen.options, **extra}, origin=origin)
    resolved = chosen.resolved_path(contract.base_dir)
    assert resolved is not None
    return Location("path", resolved, chosen.format, {**chosen.options, **extra}, origin)


def known_servers(contracts: list[Contract], bindings: Bindings) -> list[str]:
    """Every server name a run can choose: the contracts' servers and the bound ones."""
    names = {s.server for c in contracts for s in c.servers} | set(bindings.servers)
    return sorted(names)


def _known(entries: Mapping[str, Any], bound: Mapping[str, Any]) -> str:
    names = sorted(set(entries) | set(bound))
    return ", ".join(names) or "none"


def _binding(entry: Any, base: str, origin: str) -> Location:
    if isinstance(entry, str):
        return Location("table", entry, origin=origin)
    if isinstance(entry, dict) and "table" in entry:
        return Location("table", str(entry["table"]), origin=origin)
    if isinstance(entry, dict) and "path" in entry:
        path = str(entry["path"])
        if "://" not in path:
            path = os.path.normpath(os.path.join(base, path))
        raw_options = entry.get("options", {})
        if not isinstance(raw_options, dict):
            raise DataLocationError(f'{origin}: `options` must be a table of KEY = "value"')
        options = {str(k): _option_text(v) for k, v in raw_options.items()}
        return Location("path", path, str(entry.get("format", "parquet")), options, origin)
    raise DataLocationError(
        f"{origin}: a binding is a table name or {{path = ..., format = ...}}, got {entry!r}"
    )


def _option_text(value: Any) -> str:
    """TOML `true` means what Spark's "true" means."""
    return str(value).lower() if isinstance(value, bool) else str(value)
