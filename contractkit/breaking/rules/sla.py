"""Rules on the SLA: freshness and availability."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.finding import BACKWARD, FORWARD, Change
from contractkit.breaking.spec import RuleSpec
from contractkit.values import Duration, format_percent

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def _looser(old: Duration, new: Duration) -> bool:
    """A longer limit, or the same one now inclusive (`< 15 min` -> `<= 15 min`)."""
    return new.seconds > old.seconds or (
        new.seconds == old.seconds and old.strict and not new.strict
    )


def freshness(diff: Comparison) -> Iterator[Change]:
    old_sla, new_sla = diff.previous.sla, diff.current.sla
    before = old_sla.freshness if old_sla else None
    after = new_sla.freshness if new_sla else None
    if before is not None or after is not None:
        yield from _freshness_limit(before, after)
    old_column = old_sla.freshness_column if old_sla else None
    new_column = new_sla.freshness_column if new_sla else None
    if (old_column or "").casefold() != (new_column or "").casefold() and before and after:
        yield Change(
            rule="FRESHNESS_COLUMN_CHANGED",
            subject="sla.freshness_column",
            message=f"Freshness is now measured on {new_column or 'table metadata'} instead of "
            f"{old_column or 'table metadata'}.",
            review=True,
            old=old_column,
            new=new_column,
            location=("sla", "freshness_column") if new_column else ("sla",),
        )


def _freshness_limit(before: Duration | None, after: Duration | None) -> Iterator[Change]:
    if before is not None and after is not None:
        if _looser(before, after):
            breaks, risk, verb = FORWARD, False, "was loosened"
        elif _looser(after, before):
            breaks, risk, verb = BACKWARD, True, "was tightened"
        else:
            return
        message = f'The freshness SLA {verb} from "{before}" to "{after}".'
    elif after is None:
        breaks, risk, message = FORWARD, False, f'The freshness SLA "{before}" was removed.'
    else:
        breaks, risk, message = BACKWARD, True, f'A freshness SLA "{after}" was added.'
    yield Change(
        rule="FRESHNESS_NO_LOOSEN" if breaks == FORWARD else "FRESHNESS_TIGHTENED",
        subject="sla.freshness",
        message=message,
        breaks=breaks,
        producer_risk=risk,
        old=str(before) if before else None,
        new=str(after) if after else None,
        location=("sla", "freshness") if after else ("sla",),
        addition=before is None,
    )


def availability(diff: Comparison) -> Iterator[Change]:
    before = diff.previous.sla.availability if diff.previous.sla else None
    after = diff.current.sla.availability if diff.current.sla else None
    if before == after:
        return
    lowered = after is None or (before is not None and after < before)
    shown_old = format_percent(before) if before is not None else "none"
    shown_new = format_percent(after) if after is not None else "none"
    yield Change(
        rule="AVAILABILITY_NO_DECREASE" if lowered else "AVAILABILITY_INCREASED",
        subject="sla.availability",
        message=f"The availability SLA changed from {shown_old} to {shown_new}.",
        producer_risk=not lowered,
        old=shown_old,
        new=shown_new,
        location=("sla", "availability") if after is not None else ("sla",),
    )


RULES = (
    RuleSpec(
        id="FRESHNESS_NO_LOOSEN",
        purpose="The freshness SLA is not loosened or removed.",
        modes=("forward", "full"),
        why="Consumers schedule on the promised freshness; older data makes their outputs "
        "stale and their own SLAs fail.",
        example='freshness: "< 15 minutes"  ->  "< 1 hour"',
        instead="Keep the SLA and fix the pipeline's latency, or agree the new SLA with "
        "consumers in a major version.",
        scope="contract",
        check=freshness,
    ),
    RuleSpec(
        id="FRESHNESS_TIGHTENED",
        purpose="A tighter (or new) freshness SLA may fail the producer.",
        modes=("backward", "full"),
        why="Consumers gain; the producer must now deliver faster than it did.",
        example='freshness: "< 1 hour"  ->  "< 15 minutes"',
        instead="Measure the pipeline's real latency before promising less.",
        scope="contract",
        check=freshness,
    ),
    RuleSpec(
        id="FRESHNESS_COLUMN_CHANGED",
        purpose="Freshness is measured on another column.",
        modes=(),
        why="The same limit on another column can mean a different promise (event time vs "
        "processing time).",
        example="freshness_column: updated_at  ->  event_time",
        instead="Review what the new column measures.",
        scope="contract",
        check=freshness,
    ),
    RuleSpec(
        id="AVAILABILITY_NO_DECREASE",
        purpose="The availability SLA is not lowered or removed.",
        modes=("forward", "full"),
        why="Consumers plan their own availability on top of it.",
        example='availability: "99.9%"  ->  "99%"',
        instead="Keep the SLA, or agree the new one with consumers in a major version.",
        scope="contract",
        check=availability,
    ),
    RuleSpec(
        id="AVAILABILITY_INCREASED",
        purpose="A higher availability SLA binds the producer.",
        modes=(),
        why="Consumers gain; the producer must now meet the stricter promise.",
        example='availability: "99%"  ->  "99.9%"',
        instead="Check the platform can deliver it.",
        scope="contract",
        check=availability,
    ),
)
