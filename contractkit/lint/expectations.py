"""Expectations: single row-level boolean expressions over declared columns, and one
namespace of names shared with the expectations derived from field constraints."""

from __future__ import annotations

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.lint.names import check_name
from contractkit.model import Expectation
from contractkit.types import DataType
from contractkit.yamlsource import Path


def check_expectations(checker: Checker, expressions: bool = True) -> None:
    columns: dict[str, DataType | None] = {}
    if expressions:
        # Fields whose entries (or parts of them) did not validate are still declared, but
        # their type is unknown: anything read from them is accepted.
        columns = dict.fromkeys(checker.unresolved)
        for f in checker.contract.fields:
            columns[f.name] = None if checker.is_unresolved(f.name) else f.data_type
    _check_expectation_list(
        checker, checker.contract.expectations, ("quality", "expectations"), columns, expressions
    )
    for index, consumer in enumerate(checker.contract.consumers):
        base = ("consumers", index, "expectations")
        _check_expectation_list(checker, consumer.expectations, base, columns, expressions)


def _check_expectation_list(
    checker: Checker,
    expectations: list[Expectation],
    base: Path,
    columns: dict[str, DataType | None],
    expressions: bool,
) -> None:
    seen: dict[str, str] = {}
    for index, expectation in enumerate(expectations):
        path = (*base, index)
        folded = expectation.name.lower()
        check_name(checker, (*path, "name"), "expectation", expectation.name)
        if folded in seen:
            checker.report(
                codes.DUPLICATE_EXPECTATION,
                (*path, "name"),
                f"expectation name {expectation.name!r} is used twice",
                "give each expectation its own name",
            )
        seen.setdefault(folded, expectation.name)
        if not expressions:
            continue
        from contractkit.expressions import check_expression

        result = check_expression(expectation.expression, columns)
        for problem in result.problems:
            where = checker.source.text_position((*path, "expression"), problem.offset)
            checker.report(
                codes.INVALID_EXPRESSION,
                (*path, "expression"),
                f"expectation {expectation.name!r}: {problem.message}",
                position=where,
            )
        if expectation.action == "fail" and expectation.threshold < 1:
            checker.report(
                codes.THRESHOLD_IGNORED,
                (*path, "threshold"),
                f"expectation {expectation.name!r} has action 'fail', which stops the pipeline "
                f"on the first violating row, so its threshold below 100% is never used",
                "use action 'warn' with a threshold, or remove the threshold",
            )


def check_derived_names(checker: Checker) -> None:
    """Expectations derived from field constraints share one namespace with declared ones
    (generated modules and DLT take them as one dict), so a clash would hide one of them."""
    from contractkit.derived import Derived, derive

    declared = {e.name.lower(): i for i, e in enumerate(checker.contract.expectations)}
    derived_seen: dict[str, Derived] = {}
    for derived in derive(checker.contract):
        name = derived.expectation.name
        folded = name.lower()
        index = declared.get(folded)
        if index is not None:
            checker.report(
                codes.DUPLICATE_EXPECTATION,
                ("quality", "expectations", index, "name"),
                f"expectation name {checker.contract.expectations[index].name!r} is also the "
                f"name of the expectation derived from the {derived.kind} constraint of field "
                f"{derived.field_path!r}",
                "rename this expectation (or drop it, if it says the same as the constraint)",
            )
        elif folded in derived_seen and derived_seen[folded].location != derived.location:
            other = derived_seen[folded]
            checker.report(
                codes.DUPLICATE_EXPECTATION,
                (*derived.location, "name"),
                f"field {derived.field_path!r} derives an expectation named {name!r}, and so "
                f"does an earlier field ({other.field_path!r}, {other.kind})",
                "rename one of the fields",
            )
        derived_seen.setdefault(folded, derived)
