"""The warn levels of `{fail:, warn:}` pairs (thresholds, freshness): an earlier alarm.

A warn level never fails anything: results between it and the fail level are reported as
warnings and pass. Moving it changes when people hear of a problem, not what consumers
receive, so it is reported for the changelog and never breaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.values import Duration, format_percent

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison

_Level = Decimal | Duration | None


def _shown(level: _Level) -> str:
    if level is None:
        return "none"
    return format_percent(level) if isinstance(level, Decimal) else str(level)


def _same(old: _Level, new: _Level) -> bool:
    if isinstance(old, Duration) and isinstance(new, Duration):
        return (old.seconds, old.strict) == (new.seconds, new.strict)
    return old == new


def _change(
    subject: str,
    what: str,
    old: _Level,
    new: _Level,
    location: tuple[str | int, ...],
    expressions: tuple[str, ...],
) -> Change:
    return Change(
        rule="WARN_LEVEL_CHANGED",
        subject=subject,
        message=f"The warn level of {what} changed from {_shown(old)} to {_shown(new)}.",
        old=_shown(old),
        new=_shown(new),
        location=location,
        expressions=expressions,
    )


def warn_levels(diff: Comparison) -> Iterator[Change]:
    current = diff.current
    for old, new in diff.expectation_pairs:
        if not _same(old.warn_threshold, new.warn_threshold):
            index = current.expectations.index(new)
            where = ("quality", "expectations", index, "threshold")
            what = f'expectation "{new.name}"'
            yield _change(
                new.name, what, old.warn_threshold, new.warn_threshold, where, (new.expression,)
            )
    before = {
        frozenset(diff.renamed_column(c) for c in k.columns): k
        for k in diff.previous.quality.unique
    }
    for index, key in enumerate(current.quality.unique):
        old_key = before.get(frozenset(c.casefold() for c in key.columns))
        if old_key is not None and not _same(old_key.warn_threshold, key.warn_threshold):
            where = ("quality", "unique", index, "threshold")
            what = f'composite key "{key.label}"'
            yield _change(key.label, what, old_key.warn_threshold, key.warn_threshold, where, ())
    old_sla, new_sla = diff.previous.sla, current.sla
    if old_sla is None or new_sla is None or not (old_sla.freshness and new_sla.freshness):
        return  # freshness added or removed: the freshness rules report it
    if not _same(old_sla.freshness_warn, new_sla.freshness_warn):
        old_age, new_age = old_sla.freshness_warn, new_sla.freshness_warn
        yield _change(
            "sla.freshness", "the freshness SLA", old_age, new_age, ("sla", "freshness"), ()
        )


RULES = (
    RuleSpec(
        id="WARN_LEVEL_CHANGED",
        purpose="A warn level (of a threshold or of freshness) was added, moved or removed.",
        modes=(),
        why="Nothing breaks: the fail level, which is the promise, stays; only the earlier "
        "alarm moved, so people hear of a problem sooner or later.",
        example="threshold: {fail: 99%, warn: 99.9%}  ->  {fail: 99%, warn: 99.5%}\n"
        "freshness: {fail: 1 hour, warn: 30 minutes}  ->  1 hour",
        instead="Nothing to change; say so in the changelog.",
        scope="expression",
        check=warn_levels,
    ),
)
