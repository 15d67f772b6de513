"""Rules on field constraints: allowed values, patterns, bounds, uniqueness, primary key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from contractkit.breaking.finding import BACKWARD, BOTH, FORWARD, NEITHER, Change
from contractkit.breaking.rules import keys
from contractkit.breaking.spec import RuleSpec
from contractkit.yamlsource import source_text

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def _key(value: Any) -> Any:
    """Allowed values compare by meaning: 1 == 1.0 for numbers, text stays text."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", Decimal(source_text(value)))
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    return ("text", str(value))


def _shown(values: list[Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else source_text(v) for v in values)


def allowed_values(diff: Comparison) -> Iterator[Change]:
    for old_node, new_node in diff.declared_pairs:
        old, new = old_node.declared, new_node.declared
        before, after = old.allowed_values, new.allowed_values
        if before == after:
            continue
        path = new_node.path
        location = (*new_node.location, "allowed_values")
        if after is None:
            yield Change(
                rule="ALLOWED_VALUES_NO_ADD",
                subject=path,
                message=f'Field "{path}" no longer restricts its values (allowed_values removed).',
                old=list(before or []),
                location=new_node.location,
            )
            continue
        if before is None:
            yield Change(
                rule="ALLOWED_VALUES_NO_REMOVE",
                subject=path,
                message=f'Field "{path}" now restricts its values to {_shown(after)}.',
                producer_risk=True,
                new=list(after),
                location=location,
            )
            continue
        old_keys = {_key(v): v for v in before}
        new_keys = {_key(v): v for v in after}
        added = [v for k, v in new_keys.items() if k not in old_keys]
        removed = [v for k, v in old_keys.items() if k not in new_keys]
        if added:
            yield Change(
                rule="ALLOWED_VALUES_NO_ADD",
                subject=path,
                message=f'Field "{path}" allows new values: {_shown(added)}.',
                old=list(before),
                new=list(after),
                location=location,
            )
        if removed:
            yield Change(
                rule="ALLOWED_VALUES_NO_REMOVE",
                subject=path,
                message=f'Field "{path}" no longer allows: {_shown(removed)}.',
                producer_risk=True,
                old=list(before),
                new=list(after),
                location=location,
            )


def pattern(diff: Comparison) -> Iterator[Change]:
    for old_node, new_node in diff.declared_pairs:
        old, new = old_node.declared, new_node.declared
        if old.pattern == new.pattern:
            continue
        path = new_node.path
        if new.pattern is None:
            message, breaks, risk, review = (
                f'Field "{path}" lost its pattern.',
                FORWARD,
                False,
                False,
            )
        elif old.pattern is None:
            message = f'Field "{path}" must now match the pattern {new.pattern!r}.'
            breaks, risk, review = BACKWARD, True, False
        else:
            message = (
                f'Field "{path}" changed its pattern from {old.pattern!r} to {new.pattern!r}; '
                "review whether it accepts less or more than before."
            )
            breaks, risk, review = NEITHER, False, True
        yield Change(
            rule="PATTERN_NO_CHANGE",
            subject=path,
            message=message,
            breaks=breaks,
            producer_risk=risk,
            review=review,
            old=old.pattern,
            new=new.pattern,
            location=(*new_node.location, "pattern"),
        )


def _comparable(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(source_text(value))
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            return value
    return value


_BOUND_RULES = {
    ("min", True): "MIN_NO_DECREASE",
    ("min", False): "MIN_INCREASED",
    ("max", True): "MAX_NO_INCREASE",
    ("max", False): "MAX_DECREASED",
}


def bounds(diff: Comparison) -> Iterator[Change]:
    for old_node, new_node in diff.declared_pairs:
        old, new = old_node.declared, new_node.declared
        path = new_node.path
        for key, looser_if_lower in (("min", True), ("max", False)):
            before, after = getattr(old, key), getattr(new, key)
            if before is None and after is None:
                continue
            if before is not None and after is not None:
                a, b = _comparable(before), _comparable(after)
                if a == b:
                    continue
                try:
                    looser = (b < a) if looser_if_lower else (b > a)
                except TypeError:
                    looser = True
            else:
                looser = after is None
            shown_old = "none" if before is None else _text(before)
            shown_new = "none" if after is None else _text(after)
            yield Change(
                rule=_BOUND_RULES[key, looser],
                subject=path,
                message=f'Field "{path}" changed its {key} from {shown_old} to {shown_new}.',
                producer_risk=not looser,
                old=None if before is None else _text(before),
                new=None if after is None else _text(after),
                location=(*new_node.location, key) if after is not None else new_node.location,
            )


def _text(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return source_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def unique(diff: Comparison) -> Iterator[Change]:
    for old_node, new_node in diff.declared_pairs:
        old, new = old_node.declared, new_node.declared
        if old.unique == new.unique:
            continue
        # The same promise may move between `unique: true` and `quality.unique` (keys.py).
        column = frozenset({new_node.key})
        if old.unique and keys.implied(diff.current, column):
            continue
        if new.unique and keys.implied(diff.previous, column, name=diff.renamed_column):
            continue
        path = new_node.path
        yield Change(
            rule="UNIQUE_NO_DELETE" if old.unique else "UNIQUE_ADDED",
            subject=path,
            message=f'Field "{path}" is no longer unique.'
            if old.unique
            else f'Field "{path}" is now unique.',
            producer_risk=not old.unique,
            old=old.unique,
            new=new.unique,
            location=(*new_node.location, "unique") if new.unique else new_node.location,
        )


def primary_key(diff: Comparison) -> Iterator[Change]:
    before = diff.previous.schema_.primary_key
    after = diff.current.schema_.primary_key
    old_key = [diff.renamed_column(c) for c in before or []]
    new_key = [c.casefold() for c in after or []]
    if sorted(old_key) == sorted(new_key):
        return  # the same columns in another order identify the same rows
    if not new_key:
        breaks, message = FORWARD, "The primary key was removed."
    elif not old_key:
        breaks, message = BACKWARD, f"A primary key was added: ({', '.join(after or [])})."
    else:
        breaks = BOTH
        message = (
            f"The primary key changed from ({', '.join(before or [])}) to "
            f"({', '.join(after or [])})."
        )
    yield Change(
        rule="PRIMARY_KEY_NO_CHANGE",
        subject="schema.primary_key",
        message=message,
        breaks=breaks,
        producer_risk=bool(new_key) and not old_key,
        old=list(before) if before else None,
        new=list(after) if after else None,
        location=("schema", "primary_key") if after else ("schema",),
        columns=(*(before or []), *(after or [])),
    )


RULES = (
    RuleSpec(
        id="ALLOWED_VALUES_NO_ADD",
        purpose="A field's allowed values are not extended, and the constraint is not dropped.",
        modes=("forward", "full"),
        why="Consumers map each allowed value to behaviour (CASE WHEN, lookups, enums); a "
        "new value falls through to a default or fails.",
        example='allowed_values: ["PENDING", "COMPLETED"]\n'
        '  ->  ["PENDING", "COMPLETED", "REFUNDED"]',
        instead="Agree the new value with consumers first and release it in a major version, "
        "or carry it in a new field.",
        scope="column",
        check=allowed_values,
    ),
    RuleSpec(
        id="ALLOWED_VALUES_NO_REMOVE",
        purpose="A field's allowed values are not narrowed (old data may hold them).",
        modes=("backward", "full"),
        why="Old data may still hold a removed value; the producer fails or drops rows that "
        "still carry it.",
        example='allowed_values: ["A", "B", "C"]  ->  ["A", "B"]',
        instead="Migrate old data and the producer off the value before removing it.",
        scope="column",
        check=allowed_values,
    ),
    RuleSpec(
        id="PATTERN_NO_CHANGE",
        purpose="A field's pattern is not removed or changed.",
        modes=("forward", "backward", "full"),
        why="Consumers parse values by their shape; a removed pattern lets any shape through, "
        "a new one can fail the producer, and a changed one may do either.",
        example="pattern: '^[A-Z]{2}$'  ->  '^[A-Z]{2,3}$'",
        instead="Keep the pattern; if the shape must change, add a field with the new shape.",
        scope="column",
        check=pattern,
    ),
    RuleSpec(
        id="MIN_NO_DECREASE",
        purpose="A field's minimum is not lowered or removed.",
        modes=("forward", "full"),
        why="Consumers rely on the lower bound (no negatives, no dates before a cut-off).",
        example="min: 0  ->  -100",
        instead="Keep the bound; add a field for values outside it.",
        scope="column",
        check=bounds,
    ),
    RuleSpec(
        id="MIN_INCREASED",
        purpose="A raised (or new) minimum may fail the producer.",
        modes=("backward", "full"),
        why="Old data and the producer's current output may hold values below the new bound.",
        example="min: 0  ->  1",
        instead="Check current and old data against the new bound first.",
        scope="column",
        check=bounds,
    ),
    RuleSpec(
        id="MAX_NO_INCREASE",
        purpose="A field's maximum is not raised or removed.",
        modes=("forward", "full"),
        why="Consumers size buffers, buckets and casts by the upper bound.",
        example="max: 100  ->  1000",
        instead="Keep the bound; add a field for values outside it.",
        scope="column",
        check=bounds,
    ),
    RuleSpec(
        id="MAX_DECREASED",
        purpose="A lowered (or new) maximum may fail the producer.",
        modes=("backward", "full"),
        why="Old data and the producer's current output may hold values above the new bound.",
        example="max: 1000  ->  100",
        instead="Check current and old data against the new bound first.",
        scope="column",
        check=bounds,
    ),
    RuleSpec(
        id="UNIQUE_NO_DELETE",
        purpose="Unique fields stay unique.",
        modes=("forward", "full"),
        why="Consumers join and deduplicate on unique fields; duplicates multiply rows downstream.",
        example="unique: true  ->  false",
        instead="Keep the field unique; add a new key if rows must repeat.",
        scope="column",
        check=unique,
    ),
    RuleSpec(
        id="UNIQUE_ADDED",
        purpose="A field became unique (may fail the producer; old data may repeat).",
        modes=("backward", "full"),
        why="Old data may hold duplicates, and the producer must now guarantee uniqueness.",
        example="unique: false  ->  true",
        instead="Deduplicate old data and the producer's output first.",
        scope="column",
        check=unique,
    ),
    RuleSpec(
        id="PRIMARY_KEY_NO_CHANGE",
        purpose="The primary key is not removed or changed.",
        modes=("forward", "backward", "full"),
        why="Consumers merge, upsert and join on the primary key; a different key changes "
        "which rows are the same row.",
        example="primary_key: [order_id]  ->  [order_id, line_no]",
        instead="Keep the key; publish a new dataset for a different grain.",
        scope="column",
        check=primary_key,
    ),
)
