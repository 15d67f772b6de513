"""References between contracts (`references: contract.field`), checked across every
contract lint is given: the target usually lives in another file, so this runs after each
file has been read on its own (contractkit.contract_files.check_references_across).

A target contract that is not among the given ones is a warning, not an error: lint may be
run on one file, and the reference may well be right. A self-reference is fine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from contractkit.diagnostics import Diagnostic
from contractkit.errors import ReferenceResolutionError
from contractkit.lint import codes
from contractkit.lint.codes import LintCode
from contractkit.model import Contract
from contractkit.references import compatible_types, declared_references, resolve_reference
from contractkit.yamlsource import Path, Position

__all__ = ["REFERENCE_CODES", "check_references"]

REFERENCE_CODES = frozenset(
    code.id
    for code in (
        codes.REFERENCE_TARGET_MISSING,
        codes.REFERENCE_TYPE,
        codes.REFERENCE_UNKNOWN_FIELD,
    )
)


def check_references(contracts: Sequence[Contract]) -> list[list[Diagnostic]]:
    """The findings of each contract's `references` (in the order given), resolved against
    all of `contracts` by name (the first of two with one name wins; graph reports those)."""
    known: dict[str, Contract] = {}
    for contract in contracts:
        known.setdefault(contract.name, contract)
    return [list(_check(contract, known)) for contract in contracts]


def _check(contract: Contract, known: dict[str, Contract]) -> Iterator[Diagnostic]:
    for reference in declared_references(contract):
        field, dotted, text, where = (
            reference.field,
            reference.path,
            reference.text,
            reference.location,
        )
        try:
            target = resolve_reference(text, known)
        except ReferenceResolutionError as exc:
            if exc.missing_contract is not None:
                yield _found(
                    contract,
                    codes.REFERENCE_TARGET_MISSING,
                    where,
                    f"field {dotted!r} references {text!r}, but contract "
                    f"{exc.missing_contract!r} is not among the contracts linted, so the "
                    "reference was not checked",
                    "lint its file together with this one (e.g. `contractkit lint "
                    f"contracts/`){_known(known)}",
                )
            else:
                yield _found(
                    contract,
                    codes.REFERENCE_UNKNOWN_FIELD,
                    where,
                    f"field {dotted!r} references {text!r}: {exc.reason}",
                    "name a field the referenced contract declares",
                )
            continue
        if not compatible_types(field.data_type, target.field.data_type):
            yield _found(
                contract,
                codes.REFERENCE_TYPE,
                where,
                f"field {dotted!r} ({field.type_string}) references {text!r} "
                f"({target.field.type_string}); their values do not compare without a lossy "
                "cast",
                "give both fields the same type, or types of one family (integral, decimal, "
                "floating point, text)",
            )


def _known(known: dict[str, Contract]) -> str:
    names = sorted(known)
    if not names or len(names) > 8:
        return ""
    return f"; the contracts linted are {', '.join(names)}"


def _found(contract: Contract, code: LintCode, path: Path, message: str, hint: str) -> Diagnostic:
    source = contract.source_map
    where = source.value(path) if source is not None else Position(1, 1)
    file = contract.source_file or (source.file if source is not None else "<contract>")
    return Diagnostic(file, where.line, where.column, code.severity, code.id, message, hint)
