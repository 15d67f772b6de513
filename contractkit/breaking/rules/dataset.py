"""Rules on dataset checks (`quality.dataset`): removal, addition, rename, the expression's
bound and the action (consumers' own dataset checks: consumers.py).

They judge a dataset check as the expectation rules judge an expectation: a check is a
promise about the data consumers receive, so losing or loosening it breaks them, and a new
or tighter one may fail the producer. Whether one expression is looser than another is
decided by the same ordering (`count(*) >= 1000` -> `>= 500` is looser, as `x < 14` ->
`x < 20` is): it reasons on the values for which an expression is TRUE, so it holds for a
dataset check, where a NULL result fails, as for an expectation, where a NULL passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.expression_order import Order, compare
from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Contract, DatasetCheck
from contractkit.sqltext import expression_key

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def _by_name(checks: list[DatasetCheck]) -> dict[str, DatasetCheck]:
    return {check.name.casefold(): check for check in checks}


def _spelling(text: str) -> str:
    return expression_key(text)


def _location(
    contract: Contract, check: DatasetCheck, key: str | None = None
) -> tuple[str | int, ...]:
    base = ("quality", "dataset", contract.quality.dataset.index(check))
    return (*base, key) if key else base


def _subject(check: DatasetCheck) -> str:
    return f"dataset.{check.name}"


def added_removed_renamed(diff: Comparison) -> Iterator[Change]:
    before, after = _by_name(diff.previous.quality.dataset), _by_name(diff.current.quality.dataset)
    removed = [check for name, check in before.items() if name not in after]
    added = [check for name, check in after.items() if name not in before]
    renamed: set[int] = set()
    for old in removed:
        twins = [c for c in added if _spelling(c.expression) == _spelling(old.expression)]
        if len(twins) == 1:
            new = twins[0]
            renamed.add(id(new))
            yield Change(
                rule="DATASET_CHECK_RENAMED",
                subject=_subject(new),
                message=f'Dataset check "{old.name}" was renamed to "{new.name}".',
                old=old.name,
                new=new.name,
                location=_location(diff.current, new, "name"),
                expressions=(new.expression,),
            )
            continue
        yield Change(
            rule="DATASET_CHECK_NO_DELETE",
            subject=_subject(old),
            message=f'Dataset check "{old.name}" ({old.expression}) was removed.',
            old=old.expression,
            location=_location(diff.previous, old),
            in_previous=True,
            expressions=(old.expression,),
        )
    for new in added:
        if id(new) in renamed:
            continue
        yield Change(
            rule="DATASET_CHECK_ADDED",
            subject=_subject(new),
            message=f'Dataset check "{new.name}" ({new.expression}) was added with action '
            f"{new.action}.",
            producer_risk=True,
            new=new.expression,
            location=_location(diff.current, new),
            expressions=(new.expression,),
            addition=True,
        )


def _pairs(diff: Comparison) -> Iterator[tuple[DatasetCheck, DatasetCheck]]:
    before = _by_name(diff.previous.quality.dataset)
    for name, new in _by_name(diff.current.quality.dataset).items():
        if name in before:
            yield before[name], new


def expression(diff: Comparison) -> Iterator[Change]:
    for old, new in _pairs(diff):
        if old.expression == new.expression:
            continue
        order = compare(old.expression, new.expression)
        if order is Order.SAME:
            continue
        if order is Order.LOOSER:
            rule, risk, review, how = "DATASET_CHECK_NO_LOOSEN", False, False, "was loosened"
        elif order is Order.TIGHTER:
            rule, risk, review, how = "DATASET_CHECK_TIGHTENED", True, False, "was tightened"
        else:
            rule, risk, review = "DATASET_CHECK_CHANGED", False, True
            how = "changed; review whether it accepts more or less data"
        yield Change(
            rule=rule,
            subject=_subject(new),
            message=f'Dataset check "{new.name}" {how}: {old.expression} -> {new.expression}.',
            producer_risk=risk,
            review=review,
            old=old.expression,
            new=new.expression,
            location=_location(diff.current, new, "expression"),
            expressions=(old.expression, new.expression),
        )


def action(diff: Comparison) -> Iterator[Change]:
    for old, new in _pairs(diff):
        if old.action == new.action:
            continue
        relaxed = new.action == "warn"
        yield Change(
            rule="DATASET_CHECK_ACTION_NO_WEAKEN" if relaxed else "DATASET_CHECK_ACTION_CHANGED",
            subject=_subject(new),
            message=f'Dataset check "{new.name}" changed its action from {old.action} to '
            f"{new.action}.",
            producer_risk=not relaxed,
            old=old.action,
            new=new.action,
            location=_location(diff.current, new, "action"),
            expressions=(new.expression,),
        )


RULES = (
    RuleSpec(
        id="DATASET_CHECK_NO_DELETE",
        purpose="Dataset checks are not removed.",
        modes=("forward", "full"),
        why="Consumers rely on the promise about the whole dataset (at least 1000 rows, a "
        "sane average) and stop checking it themselves; without it, a truncated or skewed "
        "load reaches them unannounced.",
        example="dataset:\n  - name: enough_rows\n    expression: count(*) >= 1000   # removed",
        instead="Keep the check; if it no longer holds, agree a new one with consumers and "
        "release a major version.",
        scope="expression",
        check=added_removed_renamed,
    ),
    RuleSpec(
        id="DATASET_CHECK_RENAMED",
        purpose="A dataset check kept its expression under a new name.",
        modes=(),
        why="The promise is unchanged, but results, alerts and test items keyed by the name "
        "lose their history.",
        example="- name: min_rows   # was enough_rows, same expression",
        instead="Nothing breaks; tell consumers that watch the check's results by name.",
        scope="expression",
        check=added_removed_renamed,
    ),
    RuleSpec(
        id="DATASET_CHECK_ADDED",
        purpose="A new dataset check may fail the producer, and old data may not meet it.",
        modes=("backward", "full"),
        why="Consumers gain a promise, but the producer's validation can now fail (or warn) "
        "on loads it used to accept, and old data was never checked.",
        example="dataset:\n  - name: sane_average\n    expression: avg(amount) < 500   # new",
        instead="Add it with `action: warn` and watch current data before making it fail.",
        scope="expression",
        check=added_removed_renamed,
    ),
    RuleSpec(
        id="DATASET_CHECK_NO_LOOSEN",
        purpose="A dataset check's expression is not loosened.",
        modes=("forward", "full"),
        why="The check now passes data it used to reject: consumers sized for the old "
        "promise (a minimum row count, a bound on an average) receive less than it said.",
        example="expression: count(*) >= 1000  ->  count(*) >= 500\n"
        "expression: avg(amount) < 500  ->  avg(amount) < 800",
        instead="Keep the stricter check; add a separate, looser one with `action: warn`.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="DATASET_CHECK_TIGHTENED",
        purpose="A tightened dataset check may fail the producer.",
        modes=("backward", "full"),
        why="Loads that passed before now fail, and old data was checked against the looser bound.",
        example="expression: count(*) >= 500  ->  count(*) >= 1000",
        instead="Check current data against the new bound before tightening it.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="DATASET_CHECK_CHANGED",
        purpose="A dataset check changed in a way that is neither provably looser nor tighter.",
        modes=(),
        why="It may pass data consumers never expected, or fail loads the producer writes.",
        example="expression: count(*) >= 1000  ->  count(DISTINCT customer_id) >= 100",
        instead="Review it; prefer adding a new dataset check over rewriting one.",
        scope="expression",
        check=expression,
    ),
    RuleSpec(
        id="DATASET_CHECK_ACTION_NO_WEAKEN",
        purpose="A failing dataset check is not relaxed to warn.",
        modes=("forward", "full"),
        why="With `fail`, data that misses the check never passes validation; with `warn` it "
        "is reported and passes, so consumers receive it.",
        example="action: fail  ->  warn",
        instead="Keep it failing; add a separate warn check for an earlier alarm.",
        scope="expression",
        check=action,
    ),
    RuleSpec(
        id="DATASET_CHECK_ACTION_CHANGED",
        purpose="A dataset check now fails instead of warning.",
        modes=(),
        why="Consumers gain; the producer's validation now fails on loads it used to pass "
        "with a warning.",
        example="action: warn  ->  fail",
        instead="Check how often the check misses today before switching.",
        scope="expression",
        check=action,
    ),
)
