"""Short, useful failure texts: where in the contract, what was promised, what was found.

A judge returns None (the check holds), the failure text (a fail level), or `Warned` (a
warn level: the item passes and emits a ContractWarning pointing at the contract's line).
"""

from __future__ import annotations

from dataclasses import dataclass

from contractkit.model import Consumer, Contract
from contractkit.validation import (
    DatasetResult,
    ExpectationResult,
    FreshnessResult,
    Level,
    ReferenceResult,
    SchemaIssue,
    Severity,
    UniqueKeyResult,
    UniquenessResult,
    ValidationReport,
    dataset_outcome,
    expectation_outcome,
    freshness_problem,
    sample_text,
    unique_key_outcome,
    uniqueness_outcome,
)


class ContractFailure(AssertionError):
    """A contract check failed; the message is the whole, already formatted report."""


@dataclass(frozen=True)
class Warned:
    """A warn-level miss: reported as a ContractWarning at `file:line`, never a failure."""

    file: str
    line: int
    text: str


Judgement = str | Warned | None


def _line(contract: Contract, location: tuple[str | int, ...]) -> int:
    source = contract.source_map
    return source.value(location).line if source else 0


def _where(contract: Contract, location: tuple[str | int, ...]) -> str:
    return f"{contract.source_file}:{_line(contract, location)}"


def _judged(
    contract: Contract, location: tuple[str | int, ...], level: Severity, text: str
) -> Judgement:
    """The failure text at the fail level (located), a Warned at the warn level."""
    if level is Severity.OK:
        return None
    if level is Severity.WARN:
        return Warned(str(contract.source_file), _line(contract, location), text)
    return f"{_where(contract, location)}: {text}"


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
    """A table of the columns' issues, then the issues of whole rows (no column), each as
    its sentence."""
    rows = [("column", "expected", "actual", "problem")]
    rows += [
        (
            i.path,
            i.expected or "-",
            i.actual or "-",
            f"{i.kind.replace('_', ' ')} ({i.level.value})",
        )
        for i in issues
        if i.path
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    table = [
        f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
        for row in rows
    ]
    whole_rows = [f"  {i.level.value}: {i.message}" for i in issues if not i.path]
    return (table if len(rows) > 1 else []) + whole_rows


def quality(
    contract: Contract, result: ExpectationResult, location: tuple[str | int, ...]
) -> Judgement:
    missed = "failed" if result.level is Severity.FAIL else "is below its warn level"
    lines = [f"expectation {result.name} {missed}: {result.expression}"]
    lines.append(f"  {expectation_outcome(result)}")
    if result.samples:
        lines.append("  sample failing rows:")
        lines += [f"    {sample_text(sample)}" for sample in result.samples[:5]]
    return _judged(contract, location, result.level, "\n".join(lines))


def dataset(
    contract: Contract, result: DatasetResult, location: tuple[str | int, ...]
) -> Judgement:
    missed = "failed" if result.level is Severity.FAIL else "missed (action: warn)"
    text = f"dataset check {result.name} {missed}: {result.expression}"
    return _judged(contract, location, result.level, f"{text}\n  {dataset_outcome(result)}")


def unique_key(
    contract: Contract, result: UniqueKeyResult, location: tuple[str | int, ...]
) -> Judgement:
    missed = "failed" if result.level is Severity.FAIL else "is below its warn level"
    text = f"unique key {result.label} {missed}\n  {unique_key_outcome(result)}"
    return _judged(contract, location, result.level, text)


def freshness(
    contract: Contract, result: FreshnessResult | None, location: tuple[str | int, ...]
) -> Judgement:
    problem = freshness_problem(result)
    if result is None or problem is None:
        return None
    measured = f"max({result.column})" if result.column else result.source
    if result.latest is None:
        return _judged(contract, location, result.level, f"freshness {result.limit}: {problem}")
    text = (
        f"{problem}\n"
        f"  newest data {result.latest.isoformat()} ({measured}), checked at "
        f"{result.now.isoformat()}"
    )
    return _judged(contract, location, result.level, text)


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
