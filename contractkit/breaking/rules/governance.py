"""Rules on who may read a column: its classification and its personal-data marker.

Access follows these promises: a column made stricter is one that consumers granted the
old access may no longer read (or must now mask), so it breaks the consumers that `use` it.
The reverse breaks nobody, but widens who may read the data, so a person should look.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.finding import Change
from contractkit.breaking.spec import RuleSpec
from contractkit.model import CLASSIFICATIONS, classification_rank

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def _shown(value: str | None) -> str:
    return repr(value) if value is not None else "no classification"


def classification(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.declared_pairs:
        before, after = old.declared.classification, new.declared.classification
        if _folded(before) == _folded(after):
            continue
        low, high = classification_rank(before), classification_rank(after)
        # Off the scale, the order is unknown: the safe reading is that access narrowed.
        stricter = low is None or high is None or high > low
        unordered = "" if low is not None and high is not None else " (off the ordered scale)"
        yield Change(
            rule="CLASSIFICATION_NO_TIGHTEN" if stricter else "CLASSIFICATION_RELAXED",
            subject=new.column_path,
            message=f'Field "{new.path}" was reclassified from {_shown(before)} to '
            f"{_shown(after)}{unordered}.",
            review=not stricter,
            old=before,
            new=after,
            location=(*new.location, "classification"),
        )


def _folded(value: str | None) -> str | None:
    return value.strip().casefold() if value is not None else None


def pii(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.declared_pairs:
        before, after = old.declared.pii, new.declared.pii
        if before == after:
            continue
        yield Change(
            rule="PII_NO_ADD" if after else "PII_REMOVED",
            subject=new.column_path,
            message=f'Field "{new.path}" '
            + ("was marked as personal data (pii)." if after else "is no longer marked pii."),
            review=not after,
            old=before,
            new=after,
            location=(*new.location, "pii"),
        )


_SCALE = " < ".join(CLASSIFICATIONS)

RULES = (
    RuleSpec(
        id="CLASSIFICATION_NO_TIGHTEN",
        purpose=f"A column's classification is not made stricter ({_SCALE}).",
        modes=("forward", "full"),
        why="Consumers read the column under the access the old classification granted; a "
        "stricter one revokes or masks it for them, so their jobs fail or read NULLs. A value "
        "off the ordered scale cannot be compared, so a change to or from one counts as "
        "stricter. No classification reads as public.",
        example="- name: email\n  classification: internal  ->  restricted",
        instead="Add a new column under the stricter classification, move the consumers that "
        "may still read it, then drop the old one in a major version.",
        scope="column",
        check=classification,
    ),
    RuleSpec(
        id="CLASSIFICATION_RELAXED",
        purpose="A column's classification was made less strict (a warning: review who reads).",
        modes=(),
        why="No consumer loses access, but more people may now read the data; the warning asks "
        "for a review by the data's owner.",
        example="- name: email\n  classification: restricted  ->  internal",
        instead="Nothing to change when intended; record the decision in the changelog.",
        scope="column",
        check=classification,
    ),
    RuleSpec(
        id="PII_NO_ADD",
        purpose="A column is not newly marked as personal data (pii).",
        modes=("forward", "full"),
        why="Personal data is read under stricter access (masking, purpose limits, "
        "retention); consumers that read the column without that access break.",
        example="- name: phone\n  pii: false  ->  true",
        instead="Add the personal data as a new column marked `pii: true` and move the "
        "consumers that may read it there.",
        scope="column",
        check=pii,
    ),
    RuleSpec(
        id="PII_REMOVED",
        purpose="A column is no longer marked as personal data (a warning: review who reads).",
        modes=(),
        why="No consumer loses access, but the column leaves the controls that personal data "
        "gets; the warning asks for a review.",
        example="- name: phone\n  pii: true  ->  false",
        instead="Nothing to change when the column truly holds no personal data any more.",
        scope="column",
        check=pii,
    ),
)
