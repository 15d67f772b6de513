"""Short, useful failure texts: where in the contract, what was promised, what was found."""

from __future__ import annotations

from contractkit.model import Consumer, Contract
from contractkit.validation import (
    ExpectationResult,
    FreshnessResult,
    Level,
    ReferenceResult,
    SchemaIssue,
    UniquenessResult,
    ValidationReport,
    expectation_outcome,
    freshness_problem,
    sample_text,
    uniqueness_outcome,
)


class ContractFailure(AssertionError):
    """A contract check failed; the message is the whole, already formatted report."""


def _where(contract: Contract, location: tuple[str | int, ...]) -> str:
    source = contract.source_map
    line = source.value(location).line if source else 0
    return f"{contract.source_file}:{line}"


def schema(contract: Contract, report: ValidationReport) -> str | None:
    errors = [i for i in report.schema_issues if i.level is Level.ERROR]
    if not errors:
        return None
    return "\n".join(
        [
            f"{_where(contract, ('schema', 'fields'))}: the data does not match the schema of "
            f"{contract.name} {contract.version}",
            *_table(report.schema_issues),
        ]
    )


def consumer_schema(contract: Contract, consumer: Consumer, report: ValidationReport) -> str | None:
    relevant = [
        i for i in report.schema_issues if i.level is Level.ERROR and consumer.uses_path(i.path)
    ]
    if not relevant:
        return None
    index = contract.consumers.index(consumer)
    return "\n".join(
        [
            f"{_where(contract, ('consumers', index, 'uses'))}: fields {consumer.pipeline} uses "
            f"do not match the data of {contract.name} {contract.version}",
            *_table(relevant),
        ]
    )


def _table(issues: list[SchemaIssue] | tuple[SchemaIssue, ...]) -> list[str]:
    rows = [("column", "expected", "actual", "problem")]
    rows += [
        (
            i.path,
            i.expected or "-",
            i.actual or "-",
            f"{i.kind.replace('_', ' ')} ({i.level.value})",
        )
        for i in issues
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    return [
        f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
        for row in rows
    ]


def quality(
    contract: Contract, result: ExpectationResult, location: tuple[str | int, ...]
) -> str | None:
    if result.ok:
        return None
    head = f"{_where(contract, location)}: expectation {result.name} failed: {result.expression}"
    lines = [head, f"  {expectation_outcome(result)}"]
    if result.samples:
        lines.append("  sample failing rows:")
        lines += [f"    {sample_text(sample)}" for sample in result.samples[:5]]
    return "\n".join(lines)


def freshness(
    contract: Contract, result: FreshnessResult | None, location: tuple[str | int, ...]
) -> str | None:
    problem = freshness_problem(result)
    if result is None or problem is None:
        return None
    where = _where(contract, location)
    measured = f"max({result.column})" if result.column else result.source
    if result.latest is None:
        return f"{where}: freshness {result.limit}: {problem}"
    return (
        f"{where}: {problem}\n"
        f"  newest data {result.latest.isoformat()} ({measured}), checked at "
        f"{result.now.isoformat()}"
    )


def reference(
    contract: Contract, result: ReferenceResult, location: tuple[str | int, ...]
) -> str | None:
    if result.ok:
        return None
    return (
        f"{_where(contract, location)}: field {result.field} references {result.target}: "
        f"{result.outcome()}"
    )


def uniqueness(result: UniquenessResult) -> str | None:
    return None if result.ok else uniqueness_outcome(result)
