"""Rules on references between contracts (`references: contract.field` on a field).

A reference promises that every non-NULL value of the field exists in the target: consumers
join on it without losing rows. Removing it, or pointing it elsewhere, takes that promise
away from the consumers that use the field; adding one binds the producer (and old data may
hold orphans), like a new constraint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.finding import FORWARD, Change
from contractkit.breaking.spec import RuleSpec

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def same_target(before: str | None, after: str | None) -> bool:
    """Whether two `references` texts name the same field. Contract names match exactly and
    field paths case-insensitively, but where one ends and the other starts depends on the
    contracts known, which a diff does not see: only the last segment is surely a field's,
    so a change of case there alone is no change, and anywhere else it is a retarget."""
    if before is None or after is None:
        return before is after
    if before == after:
        return True
    head_before, _, last_before = before.rpartition(".")
    head_after, _, last_after = after.rpartition(".")
    return head_before == head_after and last_before.casefold() == last_after.casefold()


def references(diff: Comparison) -> Iterator[Change]:
    for old_node, new_node in diff.declared_pairs:
        before, after = old_node.declared.references, new_node.declared.references
        if same_target(before, after):
            continue
        path = new_node.path
        location = (*new_node.location, "references")
        if after is None:
            yield Change(
                rule="REFERENCE_NO_CHANGE",
                subject=path,
                message=f'Field "{path}" no longer references {before}.',
                breaks=FORWARD,
                old=before,
                location=new_node.location,
            )
        elif before is None:
            yield Change(
                rule="REFERENCE_ADDED",
                subject=path,
                message=f'Field "{path}" now references {after}.',
                producer_risk=True,
                new=after,
                location=location,
                addition=True,
            )
        else:
            yield Change(
                rule="REFERENCE_NO_CHANGE",
                subject=path,
                message=f'Field "{path}" now references {after} instead of {before}.',
                old=before,
                new=after,
                location=location,
            )


RULES = (
    RuleSpec(
        id="REFERENCE_NO_CHANGE",
        purpose="A field's reference to another contract is not removed or retargeted.",
        modes=("forward", "backward", "full"),
        why="Consumers join the field to the referenced contract and rely on finding every "
        "value there; without the reference orphans may appear, and a new target means other "
        "rows to join (old data was checked against the old target).",
        example="references: silver_customers.customer_id  ->  (removed)\n"
        "references: silver_customers.customer_id  ->  crm_customers.id",
        instead="Keep the reference; to move to a new target, add a field that references it "
        "and migrate consumers.",
        scope="column",
        check=references,
    ),
    RuleSpec(
        id="REFERENCE_ADDED",
        purpose="A new reference may fail the producer, and old data may hold orphans.",
        modes=("backward", "full"),
        why="Consumers gain a promise, but old data was never checked against the target, and "
        "the producer must now write only values the target holds.",
        example="- name: customer_id\n  references: silver_customers.customer_id   # new",
        instead="Count today's orphans first (`contractkit check` reports them).",
        scope="column",
        check=references,
    ),
)
