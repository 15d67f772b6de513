"""References between contracts: `references: silver_customers.customer_id` resolved.

A field's `references` names a field of another contract (or of its own) whose values it
must exist in. Contract names may contain dots, so the text is resolved against the
contracts KNOWN to the caller: the longest contract name followed by "." wins, and the rest
is the field path (`address.id` for a struct subfield). Contract names match exactly, as
written in `contract.name`; field paths as Spark resolves columns, case-insensitively.

Lint, `check`, the pytest plugin and the graph all resolve through here, so a reference
means the same thing everywhere. Pure: no Spark (validation is contractkit.spark.references).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from contractkit.errors import ReferenceResolutionError
from contractkit.model import Contract, Field
from contractkit.types import (
    ArrayType,
    DataType,
    DecimalType,
    MapType,
    PrimitiveType,
    StructType,
    is_integral,
    is_string_like,
)

__all__ = [
    "Reference",
    "Resolved",
    "compatible_types",
    "declared_references",
    "resolve_reference",
    "split_reference",
]


@dataclass(frozen=True)
class Reference:
    """A field of `contract` that declares `references: text`."""

    contract: Contract
    path: str  # the referencing field's dotted path, as `walk_fields` names it
    field: Field
    text: str  # the `references` value, as written
    location: tuple[str | int, ...]  # where the value stands in the YAML, for messages


@dataclass(frozen=True)
class Resolved:
    """The target of a reference: a known contract and one of its fields."""

    contract: Contract
    path: str  # the field path after the contract name, as written
    field: Field


def declared_references(contract: Contract) -> Iterator[Reference]:
    """Every field (struct subfields included) of `contract` that declares `references`,
    in schema order."""
    yield from _declared(contract, contract.fields, ("schema", "fields"), "")


def _declared(
    contract: Contract, fields: list[Field], location: tuple[str | int, ...], prefix: str
) -> Iterator[Reference]:
    for index, field in enumerate(fields):
        here = (*location, index)
        path = f"{prefix}{field.name}"
        if field.references is not None:
            yield Reference(contract, path, field, field.references, (*here, "references"))
        if field.fields:
            yield from _declared(contract, field.fields, (*here, "fields"), f"{path}.")


def split_reference(text: str, names: Iterable[str]) -> tuple[str, str] | None:
    """(contract name, field path): the longest of `names` that `text` starts with, followed
    by a dot and a non-empty path; None when no name fits."""
    best: str | None = None
    for name in names:
        fits = text.startswith(f"{name}.") and len(text) > len(name) + 1
        if fits and (best is None or len(name) > len(best)):
            best = name
    if best is None:
        return None
    return best, text[len(best) + 1 :]


def resolve_reference(text: str, contracts: Mapping[str, Contract]) -> Resolved:
    """The contract and field `text` names among `contracts` (by name); a
    ReferenceResolutionError saying which part is unknown, with the closest known name."""
    found = split_reference(text, contracts)
    if found is None:
        head = text.rsplit(".", 1)[0]
        raise ReferenceResolutionError(
            text,
            f"no known contract is called {head!r}{_closest(head, contracts)}",
            missing_contract=head,
        )
    name, path = found
    target = contracts[name]
    field = target.field(path)
    if field is None:
        options = [p for p, _ in target.walk_fields()]
        raise ReferenceResolutionError(
            text, f"contract {name!r} has no field {path!r}{_closest(path, options)}"
        )
    return Resolved(target, path, field)


def _closest(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def compatible_types(source: DataType, target: DataType) -> bool:
    """Whether values of `source` can be looked up among values of `target` by equality
    without a lossy cast: the same type, or both in one family -- integral (tinyint ..
    bigint), decimal (any precision and scale), floating point (float, double), or text
    (string, char, varchar; collations compare as their base). Structs, arrays and maps
    identify nothing, so they are compatible with nothing."""
    if not _scalar(source) or not _scalar(target):
        return False
    if source == target:
        return True
    return any(
        same(source) and same(target)
        for same in (is_integral, _is_decimal, _is_floating, is_string_like)
    )


def _scalar(t: DataType) -> bool:
    return not isinstance(t, StructType | ArrayType | MapType)


def _is_decimal(t: DataType) -> bool:
    return isinstance(t, DecimalType)


def _is_floating(t: DataType) -> bool:
    return t in (PrimitiveType("float"), PrimitiveType("double"))
