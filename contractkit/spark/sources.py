"""Where a contract's data is read from: a server entry, a path, or a table.

Self-describing formats (parquet, delta, orc, avro) are read as they are, so their schema
is checked against the contract. Text formats carry no types, so CSV and JSON are read
with the contract's schema: values that do not parse become NULL and are caught by the
NOT NULL and expectation checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from contractkit.errors import ContractKitError
from contractkit.model import Contract, Server

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

TEXT_FORMATS = ("csv", "json")


class DataSourceError(ContractKitError):
    """The contract names no usable data location; the message says which exist."""


def choose_server(contract: Contract, name: str | None) -> Server:
    """The named server, or the only one; an error listing the servers otherwise."""
    names = [s.server for s in contract.servers]
    if name is not None:
        for server in contract.servers:
            if server.server == name:
                return server
        known = ", ".join(names) or "none"
        raise DataSourceError(
            f"contract {contract.name!r} has no server {name!r} (servers: {known})"
        )
    if len(contract.servers) == 1:
        return contract.servers[0]
    if not contract.servers:
        raise DataSourceError(
            f"contract {contract.name!r} lists no servers; pass --path/--table or add `servers:`"
        )
    raise DataSourceError(
        f"contract {contract.name!r} has several servers ({', '.join(names)}); choose one"
    )


def read_server(spark: SparkSession, contract: Contract, server: Server) -> DataFrame:
    if server.type == "table":
        assert server.table is not None
        return spark.table(server.table)
    path = server.resolved_path(contract.base_dir)
    assert path is not None
    assert server.format is not None
    return read_path(spark, contract, path, server.format, server.options)


def read_path(
    spark: SparkSession,
    contract: Contract,
    path: str,
    data_format: str,
    options: Mapping[str, str] | None = None,
) -> DataFrame:
    from contractkit.spark.schema import struct_type

    reader = spark.read.format(data_format).options(**dict(options or {}))
    if data_format in TEXT_FORMATS:
        reader = reader.schema(struct_type(contract))
    return reader.load(path)
