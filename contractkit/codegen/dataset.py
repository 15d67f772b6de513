"""What a generated module says about checks over the whole dataset, which DLT cannot attach
to a table: dataset checks, composite keys, references to other contracts, warn levels.

Databricks' pattern for such checks ("Expectation recommendations and advanced patterns":
row counts and aggregates validated on a view) is a view that computes the aggregates in one
row and carries the expectations on that row. The module therefore holds `DATASET_CHECKS`
(name -> aggregate SQL, as written), a fixed function `dataset_checks(df)` that builds the
one-row DataFrame, and the expectations on its columns split by action, ready for
`@dlt.expect_all` and `@dlt.expect_all_or_fail`. The function's text is contractkit's own;
every value from a contract reaches the module through the literal writer.
"""

from __future__ import annotations

from collections.abc import Mapping

from contractkit.codegen.literals import Value
from contractkit.model import Contract, Server
from contractkit.references import split_reference
from contractkit.sqltext import quote_name

__all__ = [
    "DATASET_FUNCTION",
    "dataset_expectations",
    "references",
    "unique_keys",
    "warn_thresholds",
]

# The aggregate view's body. A check that is NULL (an average over no rows) is not passing,
# so each column is COALESCE(check, FALSE); the line break keeps a `--` comment in the check
# from swallowing the closing parenthesis.
DATASET_FUNCTION = '''
def dataset_checks(df: DataFrame) -> DataFrame:
    """One row, a boolean column per dataset check, named as the check: TRUE when
    it holds, FALSE when it does not or is NULL. Return it from a DLT view with
    @dlt.expect_all(DATASET_EXPECT) and
    @dlt.expect_all_or_fail(DATASET_EXPECT_OR_FAIL) (docs/generate.md)."""
    columns: list[Column] = []
    for name, sql in DATASET_CHECKS.items():
        check = F.expr(f"COALESCE(({sql}\\n), FALSE)")
        columns.append(check.alias(name))
    return df.agg(*columns)
'''


def dataset_expectations(contract: Contract, action: str) -> dict[Value, Value]:
    """`{name: column}` for the checks with `action`: an expectation on the aggregate view's
    boolean column of that name."""
    return {c.name: quote_name(c.name) for c in contract.quality.dataset if c.action == action}


def warn_thresholds(contract: Contract) -> dict[Value, Value]:
    """`{name: fraction}` of the expectations with a warn level (only declared ones have one)."""
    return {
        e.name: float(e.warn_threshold)
        for e in contract.expectations
        if e.warn_threshold is not None
    }


def unique_keys(contract: Contract) -> tuple[Value, ...]:
    """Each composite key as `{"name", "columns", "threshold", "warn_threshold"}`."""
    return tuple(
        {
            "name": key.label,
            "columns": tuple(key.columns),
            "threshold": float(key.threshold),
            "warn_threshold": float(key.warn_threshold) if key.warn_threshold is not None else None,
        }
        for key in contract.quality.unique
    )


def references(
    contract: Contract, known: Mapping[str, Contract], sources: Mapping[str, str | None]
) -> dict[Value, Value]:
    """`{field path: target}` of every field with `references`. The target names the contract
    and field, the contract's file (from the output directory, as in the header) and its
    servers, where its data lives; the parts that cannot be known (the target contract is not
    among those generated) are None."""
    found: dict[Value, Value] = {}
    with_self = {contract.name: contract, **known}
    for path, field in contract.walk_fields():
        if field.references is None:
            continue
        resolved = split_reference(field.references, with_self)
        target: dict[Value, Value] = {
            "target": field.references,
            "contract": None,
            "field": None,
            "contract_file": None,
            "servers": None,
        }
        if resolved is not None:
            name, field_path = resolved
            other = with_self[name]
            target.update(
                contract=other.name,
                field=field_path,
                contract_file=sources.get(other.name),
                servers={s.server: _server(s) for s in other.servers},
            )
        found[path] = target
    return found


def _server(server: Server) -> Value:
    """Where a server's data lives; a local path as written (relative to its contract file)."""
    return {
        "type": server.type,
        "table": server.table,
        "path": server.path,
        "format": server.format,
        "options": dict(sorted(server.options.items())),
    }
