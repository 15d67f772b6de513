"""Rules on consumers' own checks (`consumers[].expectations`, `consumers[].dataset`): what a
consumer declared it needs, which the producer's promises implied before and no longer do.

A consumer changing its own checks takes nothing from anyone, so only an unchanged consumer
check is judged. The producer implies it when one of its checks passes only what the
consumer's passes (the expression ordering of expression_order.py: the same bound, or a
tighter one) and is enforced at least as strictly: for a dataset check, `action: fail` (a
`warn` check lets data that misses it through); for an expectation, `drop` or `fail` (no
violating row reaches consumers) or a threshold at least the consumer's. Expectations derived
from field constraints (`min: 0` is `amount >= 0`) are promises like declared ones. The
finding names that consumer alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from contractkit.breaking.expression_order import Order, compare
from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import Consumer, Contract, DatasetCheck, Expectation
from contractkit.sqltext import expression_key

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison

Check = Expectation | DatasetCheck
Promise = Callable[[Contract, Check], Check | None]  # the producer's check implying one


def _implies(promise: str, wanted: str) -> bool:
    return compare(wanted, promise) in (Order.SAME, Order.TIGHTER)


def _dataset_promise(contract: Contract, wanted: Check) -> Check | None:
    return next(
        (
            check
            for check in contract.quality.dataset
            if check.action == "fail" and _implies(check.expression, wanted.expression)
        ),
        None,
    )


def _row_promise(contract: Contract, wanted: Check) -> Check | None:
    from contractkit.derived import all_expectations

    assert isinstance(wanted, Expectation)
    return next(
        (
            e
            for e in all_expectations(contract)
            if (e.action in ("drop", "fail") or e.threshold >= wanted.threshold)
            and _implies(e.expression, wanted.expression)
        ),
        None,
    )


def _unchanged(before: Sequence[Check], wanted: Check) -> bool:
    """Whether the consumer had the same check (name, expression, threshold) before."""
    spelled = expression_key(wanted.expression)
    return any(
        old.name.casefold() == wanted.name.casefold()
        and expression_key(old.expression) == spelled
        and getattr(old, "threshold", None) == getattr(wanted, "threshold", None)
        for old in before
    )


def _unmet(
    diff: Comparison,
    rule: str,
    kind: str,
    kinds: str,
    checks_of: str,
    find: Promise,
) -> Iterator[Change]:
    before: dict[str, Consumer] = {c.pipeline: c for c in diff.previous.consumers}
    for index, consumer in enumerate(diff.current.consumers):
        earlier = before.get(consumer.pipeline)
        if earlier is None:
            continue
        for position, wanted in enumerate(getattr(consumer, checks_of)):
            if not _unchanged(getattr(earlier, checks_of), wanted):
                continue
            promise = find(diff.previous, wanted)
            if promise is None or find(diff.current, wanted) is not None:
                continue
            yield Change(
                rule=rule,
                subject=f"consumers.{consumer.pipeline}.{checks_of}.{wanted.name}",
                message=f'Consumer "{consumer.pipeline}" checks "{wanted.expression}", which '
                f'the producer\'s {kind} "{promise.name}" ({promise.expression}) guaranteed; '
                f"none of its {kinds} does now.",
                old=promise.expression,
                new=wanted.expression,
                location=("consumers", index, checks_of, position),
                consumers=(consumer.pipeline,),
            )


def dataset_unmet(diff: Comparison) -> Iterator[Change]:
    yield from _unmet(
        diff,
        "DATASET_CHECK_CONSUMER_UNMET",
        "dataset check",
        "failing dataset checks",
        "dataset",
        _dataset_promise,
    )


def expectation_unmet(diff: Comparison) -> Iterator[Change]:
    yield from _unmet(
        diff,
        "EXPECTATION_CONSUMER_UNMET",
        "expectation",
        "expectations (declared or derived from constraints)",
        "expectations",
        _row_promise,
    )


RULES = (
    RuleSpec(
        id="DATASET_CHECK_CONSUMER_UNMET",
        purpose="A consumer's dataset check is still guaranteed by the producer's checks.",
        modes=("forward", "full"),
        why="The consumer declared what it needs (at least 1000 rows) and the producer's "
        "failing check promised as much; now no check of the producer does, so the consumer's "
        "own check starts failing on data the producer considers good.",
        example="producer: count(*) >= 1000  ->  count(*) >= 500\n"
        "consumer gold checks count(*) >= 800",
        instead="Keep a failing producer check that implies the consumer's, or agree the "
        "change with that consumer first.",
        scope="consumer",
        check=dataset_unmet,
    ),
    RuleSpec(
        id="EXPECTATION_CONSUMER_UNMET",
        purpose="A consumer's expectation is still guaranteed by the producer's expectations.",
        modes=("forward", "full"),
        why="The consumer declared a condition on rows it relies on, which a producer "
        "expectation (or field constraint) implied; now none does, so rows the consumer "
        "rejects may arrive.",
        example="producer: amount > 0 (drop)  ->  amount >= -100 (drop)\n"
        "consumer gold expects amount >= 0",
        instead="Keep a producer expectation that implies the consumer's, or agree the change "
        "with that consumer first.",
        scope="consumer",
        check=expectation_unmet,
    ),
)
