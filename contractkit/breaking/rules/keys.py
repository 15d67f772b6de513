"""Rules on composite keys (`quality.unique`): removed, added, their allowed duplicate rate.

A key is its set of columns (the order and the name do not change which rows collide), so
keys pair by columns, followed through renames. A key is only a promise when nothing else
makes it: uniqueness on fewer columns implies it on more, so a key removed while the
primary key, a `unique: true` field or another key still implies it takes nothing away
(and a key added that the old version already implied promises nothing new).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Contract, UniqueKey
from contractkit.values import format_percent

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison

Columns = frozenset[str]


def implied(
    contract: Contract,
    columns: Columns,
    threshold: Decimal = Decimal(1),
    name: Callable[[str], str] = str.casefold,
) -> bool:
    """Whether `contract` promises rows unique on `columns` (case-folded, in the names of the
    other version) at least at `threshold`; `name` maps this contract's names to those."""
    if any(
        key.threshold >= threshold and frozenset(name(c) for c in key.columns) <= columns
        for key in contract.quality.unique
    ):
        return True
    primary = frozenset(name(c) for c in contract.schema_.primary_key or ())
    if primary and primary <= columns:
        return True
    for column in columns:
        field_ = next((f for path, f in contract.walk_fields() if name(path) == column), None)
        if field_ is not None and field_.unique:
            return True
    return False


def _keys(contract: Contract, name: Callable[[str], str]) -> dict[Columns, UniqueKey]:
    found: dict[Columns, UniqueKey] = {}
    for key in contract.quality.unique:
        found.setdefault(frozenset(name(c) for c in key.columns), key)
    return found


def _location(contract: Contract, key: UniqueKey, part: str | None = None) -> tuple[str | int, ...]:
    base = ("quality", "unique", contract.quality.unique.index(key))
    return (*base, part) if part else base


def unique_keys(diff: Comparison) -> Iterator[Change]:
    before = _keys(diff.previous, diff.renamed_column)
    after = _keys(diff.current, str.casefold)
    for columns, old in before.items():
        if columns in after or implied(diff.current, columns, old.threshold):
            continue
        yield Change(
            rule="UNIQUE_KEY_NO_DELETE",
            subject=old.label,
            message=f'Composite key "{old.label}" was removed: rows may now repeat '
            f"({', '.join(old.columns)}).",
            old=list(old.columns),
            location=_location(diff.previous, old),
            in_previous=True,
            columns=tuple(sorted(columns)),
        )
    for columns, new in after.items():
        if columns in before or implied(diff.previous, columns, new.threshold, diff.renamed_column):
            continue
        yield Change(
            rule="UNIQUE_KEY_ADDED",
            subject=new.label,
            message=f'Composite key "{new.label}" was added at {format_percent(new.threshold)}.',
            producer_risk=True,
            new=list(new.columns),
            location=_location(diff.current, new),
            columns=tuple(sorted(columns)),
            addition=True,
        )
    for columns, new in after.items():
        old_key = before.get(columns)
        if old_key is None or old_key.threshold == new.threshold:
            continue
        lowered = new.threshold < old_key.threshold
        yield Change(
            rule="UNIQUE_KEY_THRESHOLD_NO_DECREASE"
            if lowered
            else "UNIQUE_KEY_THRESHOLD_INCREASED",
            subject=new.label,
            message=f'Composite key "{new.label}" {"lowered" if lowered else "raised"} its '
            f"threshold from {format_percent(old_key.threshold)} to "
            f"{format_percent(new.threshold)}.",
            producer_risk=not lowered,
            old=format_percent(old_key.threshold),
            new=format_percent(new.threshold),
            location=_location(diff.current, new, "threshold"),
            columns=tuple(sorted(columns)),
        )


RULES = (
    RuleSpec(
        id="UNIQUE_KEY_NO_DELETE",
        purpose="Composite keys are not removed.",
        modes=("forward", "full"),
        why="Consumers join, merge and count on the key; once rows may repeat on it, joins "
        "multiply rows downstream.",
        example="unique:\n  - columns: [order_id, line_no]   # removed",
        instead="Keep the key; if duplicates must be allowed, agree a threshold with consumers.",
        scope="column",
        check=unique_keys,
    ),
    RuleSpec(
        id="UNIQUE_KEY_ADDED",
        purpose="A new composite key may fail the producer, and old data may repeat on it.",
        modes=("backward", "full"),
        why="Consumers gain a promise, but old data may hold duplicates and the producer must "
        "now prevent them.",
        example="unique:\n  - columns: [order_id, line_no]   # new",
        instead="Measure today's duplicates first; start with a threshold below 100%.",
        scope="column",
        check=unique_keys,
    ),
    RuleSpec(
        id="UNIQUE_KEY_THRESHOLD_NO_DECREASE",
        purpose="A composite key's threshold is not lowered.",
        modes=("forward", "full"),
        why="More rows may now repeat on the key than consumers sized their deduplication for.",
        example="threshold: 99.99%  ->  99%",
        instead="Fix the duplicates at the source, or agree the new threshold with consumers "
        "in a major version.",
        scope="column",
        check=unique_keys,
    ),
    RuleSpec(
        id="UNIQUE_KEY_THRESHOLD_INCREASED",
        purpose="A raised composite-key threshold may fail the producer.",
        modes=("backward", "full"),
        why="Consumers gain; the producer's checks now fail on a share of duplicates they "
        "used to accept, and old data may not meet it.",
        example="threshold: 99%  ->  99.99%",
        instead="Measure today's duplicates before raising it.",
        scope="column",
        check=unique_keys,
    ),
)
