"""Semantic checks on a structurally valid contract, each finding placed in the file.

These are the rules a schema cannot express: names unique as Spark resolves them,
expressions that parse and reference declared columns, constraints that fit their
column's type, references (`uses`, `primary_key`, `freshness_column`) that resolve.
They need no JVM: expressions are parsed with a Spark SQL grammar (see expressions.py).
Each family of checks has its own module; this one runs them all.
"""

from __future__ import annotations

from contractkit.diagnostics import Diagnostic
from contractkit.lint import (
    changelog,
    dataset,
    expectations,
    fields,
    governance,
    references,
    servers,
)
from contractkit.lint.checker import Checker, Source
from contractkit.model import Contract

__all__ = ["check_contract"]


def check_contract(
    contract: Contract,
    source: Source,
    base_dir: str | None = None,
    expressions: bool = True,
    *,
    unresolved: frozenset[str] = frozenset(),
    partial: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Every semantic finding for `contract` (errors and warnings), unsorted.

    `expressions=False` skips parsing expectations (and loading the SQL parser), for
    callers such as `diff` that only compare contracts `lint` has already checked.
    """
    checker = Checker(contract, source, frozenset(n.lower() for n in unresolved), partial)
    fields.check_fields(checker, contract.fields, ("schema", "fields"), prefix="")
    governance.check_governance(checker, contract.fields, ("schema", "fields"), prefix="")
    references.check_primary_key(checker)
    expectations.check_expectations(checker, expressions)
    expectations.check_derived_names(checker)
    dataset.check_dataset(checker, expressions)
    dataset.check_unique_keys(checker)
    dataset.check_warn_levels(checker)
    references.check_sla(checker)
    references.check_consumers(checker)
    changelog.check_changelog(checker)
    servers.check_servers(checker)
    return checker.found
