"""Rules on quality expectations: removal, addition, thresholds, expressions, actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.expression_order import Order, compare
from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Expectation
from contractkit.values import format_percent

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison

# What consumers can rely on: with drop or fail they never see a violating row.
_GUARANTEES = {"warn": 0, "drop": 1, "fail": 1}


def _location(
    diff: Comparison, expectation: Expectation, key: str | None = None
) -> tuple[str | int, ...]:
    index = diff.current.expectations.index(expectation)
    base = ("quality", "expectations", index)
    return (*base, key) if key else base


def expectation_removed_or_renamed(diff: Comparison) -> Iterator[Change]:
    for old in diff.removed_expectations:
        twin = diff.expectation_twin(old)
        if twin is not None:
            yield Change(
                rule="EXPECTATION_RENAMED",
                subject=twin.name,
                message=f'Expectation "{old.name}" was renamed to "{twin.name}".',
                old=old.name,
                new=twin.name,
                location=_location(diff, twin, "name"),
                expressions=(twin.expression,),
            )
            continue
        index = diff.previous.expectations.index(old)
        yield Change(
            rule="EXPECTATION_NO_DELETE",
            subject=old.name,
            message=f'Expectation "{old.name}" ({old.expression}) was removed.',
            old=old.expression,
            location=("quality", "expectations", index),
            in_previous=True,
            expressions=(old.expression,),
        )


def expectation_added(diff: Comparison) -> Iterator[Change]:
    for new in diff.added_expectations:
        if diff.expectation_twin(new, among_previous=True) is not None:
            continue  # reported as a rename
        yield Change(
            rule="EXPECTATION_ADDED",
            subject=new.name,
            message=f'Expectation "{new.name}" ({new.expression}) was added at '
            f"{format_percent(new.threshold)}.",
            producer_risk=True,
            new=new.expression,
            location=_location(diff, new),
            expressions=(new.expression,),
            addition=True,
        )


def threshold(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.expectation_pairs:
        if old.threshold == new.threshold:
            continue
        lowered = new.threshold < old.threshold
        verb = "lowered" if lowered else "raised"
        yield Change(
            rule="THRESHOLD_NO_DECREASE" if lowered else "THRESHOLD_INCREASED",
            subject=new.name,
            message=f'Expectation "{new.name}" {verb} its threshold from '
            f"{format_percent(old.threshold)} to {format_percent(new.threshold)}.",
            producer_risk=not lowered,
            old=format_percent(old.threshold),
            new=format_percent(new.threshold),
            location=_location(diff, new, "threshold"),
            expressions=(new.expression,),
        )


def expression(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.expectation_pairs:
        if old.expression == new.expression:
            continue
        order = compare(old.expression, new.expression)
        if order is Order.SAME:
            continue
        if order is Order.LOOSER:
            rule, risk, review = "EXPRESSION_NO_LOOSEN", False, False
            how = "was loosened"
        elif order is Order.TIGHTER:
            rule, risk, review = "EXPRESSION_TIGHTENED", True, False
            how = "was tightened"
        else:
            rule, risk, review = "EXPRESSION_CHANGED", False, True
            how = "changed; review whether it accepts more or fewer rows"
        yield Change(
            rule=rule,
            subject=new.name,
            message=f'Expectation "{new.name}" {how}: {old.expression} -> {new.expression}.',
            producer_risk=risk,
            review=review,
            old=old.expression,
            new=new.expression,
            location=_location(diff, new, "expression"),
            expressions=(old.expression, new.expression),
        )


def action(diff: Comparison) -> Iterator[Change]:
    declared = [(o, n, _location(diff, n, "action")) for o, n in diff.expectation_pairs]
    for old, new, location in [*declared, *diff.derived_pairs]:
        if old.action == new.action:
            continue
        weaker = _GUARANTEES[new.action] < _GUARANTEES[old.action]
        stronger = _GUARANTEES[new.action] > _GUARANTEES[old.action] or new.action == "fail"
        yield Change(
            rule="ACTION_NO_WEAKEN" if weaker else "ACTION_CHANGED",
            subject=new.name,
            message=f'Expectation "{new.name}" changed its action from {old.action} to '
            f"{new.action}.",
            producer_risk=stronger and not weaker,
            old=old.action,
            new=new.action,
            location=location,
            expressions=(new.expression,),
        )


RULES = (
    RuleSpec(
        id="EXPECTATION_NO_DELETE",
        purpose="Quality expectations are not removed.",
        modes=("forward", "full"),
        why="Consumers rely on the promise (no NULL ids, positive amounts) and stop checking "
        "it themselves; without it, bad rows reach them unannounced.",
        example="- name: positive_amounts\n  expression: amount > 0   # removed",
        instead="Keep the expectation; if it no longer holds, lower nothing silently: agree "
        "with consumers and release a major version.",
        scope="expression",
        check=expectation_removed_or_renamed,
    ),
    RuleSpec(
        id="EXPECTATION_RENAMED",
        purpose="An expectation kept its expression under a new name.",
        modes=(),
        why="The promise is unchanged, but dashboards and alerts keyed by the DLT expectation "
        "name lose their history.",
        example="- name: amount_positive  # was positive_amounts, same expression",
        instead="Nothing breaks; tell consumers that watch expectation metrics by name.",
        scope="expression",
        check=expectation_removed_or_renamed,
    ),
    RuleSpec(
        id="EXPECTATION_ADDED",
        purpose="A new expectation may fail the producer, and old data may not meet it.",
        modes=("backward", "full"),
        why="Consumers gain a promise (no change for them), but the producer's pipeline can "
        "fail, drop or warn on rows it used to accept, and old data was never checked.",
        example="- name: valid_email\n  expression: email RLIKE '^[^@]+@[^@]+$'   # new",
        instead="Run the new expectation as `warn` against current data first.",
        scope="expression",
        check=expectation_added,
    ),
    RuleSpec(
        id="THRESHOLD_NO_DECREASE",
        purpose="Expectation thresholds are not lowered.",
        modes=("forward", "full"),
        why="Consumers size their own handling (filters, alerts) for the promised share of "
        "good rows; more bad rows get through.",
        example="threshold: 99.9%  ->  99%",
        instead="Fix the data at the source, or agree the new threshold with consumers in a "
        "major version.",
        scope="expression",
        check=threshold,
    ),
    RuleSpec(
        id="THRESHOLD_INCREASED",
        purpose="A raised threshold may fail the producer.",
        modes=("backward", "full"),
        why="Consumers gain; the producer's checks now fail at a share of bad rows they used "
        "to accept, and old data may not meet it.",
        example="threshold: 99%  ->  99.9%",
        instead="Check current data against the new threshold before raising it.",
        scope="expression",
        check=threshold,
    ),
    RuleSpec(
        id="EXPRESSION_NO_LOOSEN",
        purpose="An expectation's expression is not loosened.",
        modes=("forward", "full"),
        why="The expectation now passes rows that it used to reject: consumers receive rows "
        "the old promise excluded.",
        example="expression: amount > 0  ->  amount >= 0\n"
        "expression: length(code) <= 14  ->  length(code) <= 20\n"
        "expression: amount BETWEEN 0 AND 100  ->  amount BETWEEN -10 AND 100\n"
        "expression: status IN ('A', 'B')  ->  status IN ('A', 'B', 'C')\n"
        "expression: code LIKE 'AB-%'  ->  code LIKE 'A%'\n"
        "expression: order_date >= DATE '2024-01-01'  ->  order_date >= DATE '2020-01-01'",
        instead="Keep the stricter expression; add a separate, looser expectation if needed.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="EXPRESSION_TIGHTENED",
        purpose="A tightened expression may fail the producer.",
        modes=("backward", "full"),
        why="Rows that passed before now fail: the producer may fail or drop them, and old "
        "data was checked against the looser rule.",
        example="expression: amount > 0  ->  amount > 0 AND amount < 1000000\n"
        "expression: size(tags) <= 9  ->  size(tags) <= 3",
        instead="Check current data against the new expression before tightening it.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="EXPRESSION_CHANGED",
        purpose="An expression changed in a way that is neither provably looser nor tighter.",
        modes=(),
        why="It may accept rows consumers never saw, or reject rows the producer writes.",
        example="expression: country IN ('DE', 'FR')  ->  country RLIKE '^[A-Z]{2}$'",
        instead="Review it; prefer adding a new expectation over rewriting one.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="ACTION_NO_WEAKEN",
        purpose="Expectations that drop or fail on violations are not relaxed to warn.",
        modes=("forward", "full"),
        why="With drop or fail, consumers never receive a violating row; with warn they do.",
        example="action: drop  ->  warn",
        instead="Keep dropping (or quarantine) the rows; add a separate warn expectation.",
        scope="expression",
        check=action,
    ),
    RuleSpec(
        id="ACTION_CHANGED",
        purpose="An expectation's action changed without weakening what consumers get.",
        modes=(),
        why="Consumers lose nothing they were promised, but the producer may lose rows or "
        "stop on data it used to pass through.",
        example="action: warn  ->  fail",
        instead="Check how many rows violate it today before switching.",
        scope="expression",
        check=action,
    ),
)
