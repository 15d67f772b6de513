"""Where each contract's data is, for this run: a server entry or a pyproject binding.

    [tool.contractkit.bindings.<server>]
    silver_orders = "silver_catalog.silver.orders"               # a table
    gold_sales_metrics = {path = "data/gold/sales", format = "parquet"}

A consumer repository knows where it reads the data, so bindings win over the contract's
own `servers`; paths in bindings are relative to the pyproject.toml that declares them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from contractkit.model import Contract


@dataclass(frozen=True)
class Location:
    kind: str  # "table" or "path"
    target: str
    data_format: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # where it came from, for messages and reports

    def describe(self) -> str:
        where = f"table {self.target}" if self.kind == "table" else self.target
        return f"{where} ({self.origin})" if self.origin else where


@dataclass(frozen=True)
class Bindings:
    tables: dict[str, dict[str, Location]] = field(default_factory=dict)  # server -> contract

    @classmethod
    def from_pyproject(cls, path: str | None) -> Bindings:
        if path is None or not os.path.isfile(path):
            return cls()
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        raw: Any = data.get("tool", {}).get("contractkit", {}).get("bindings", {})
        base = os.path.dirname(os.path.abspath(path))
        tables: dict[str, dict[str, Location]] = {}
        for server, entries in raw.items():
            if not isinstance(entries, dict):
                raise ValueError(f"{path}: [tool.contractkit.bindings.{server}] must be a table")
            tables[server] = {
                name: _location(entry, base, f"{path} [tool.contractkit.bindings.{server}]")
                for name, entry in entries.items()
            }
        return cls(tables)


def _location(entry: Any, base: str, origin: str) -> Location:
    if isinstance(entry, str):
        return Location("table", entry, origin=origin)
    if isinstance(entry, dict) and "table" in entry:
        return Location("table", str(entry["table"]), origin=origin)
    if isinstance(entry, dict) and "path" in entry:
        path = str(entry["path"])
        if "://" not in path:
            path = os.path.normpath(os.path.join(base, path))
        options = {str(k): str(v) for k, v in dict(entry.get("options", {})).items()}
        return Location("path", path, str(entry.get("format", "parquet")), options, origin)
    raise ValueError(f"{origin}: a binding is a table name or {{path = ..., format = ...}}")


def locate(contract: Contract, server: str | None, bindings: Bindings) -> Location | str:
    """The data's location, or the reason there is none (the item is then skipped)."""
    if server is not None and contract.name in bindings.tables.get(server, {}):
        return bindings.tables[server][contract.name]
    entries = {s.server: s for s in contract.servers}
    if server is not None:
        if server not in entries:
            known = ", ".join(entries) or "none"
            return (
                f"no data for {contract.name}: server {server!r} is neither bound in pyproject "
                f"nor listed in the contract (servers: {known})"
            )
        chosen = entries[server]
    elif len(entries) == 1:
        chosen = next(iter(entries.values()))
    elif not entries:
        return f"no data for {contract.name}: the contract lists no servers and none is bound"
    else:
        return (
            f"no data for {contract.name}: choose a server with --contracts-server "
            f"(servers: {', '.join(entries)})"
        )
    origin = f"server {chosen.server}"
    if chosen.type == "table":
        assert chosen.table is not None
        return Location("table", chosen.table, origin=origin)
    path = chosen.resolved_path(contract.base_dir)
    assert path is not None
    return Location("path", path, chosen.format, dict(chosen.options), origin)
