"""Every rule, in one explicit sorted tuple. No import-time magic: add a rule here."""

from __future__ import annotations

from contractkit.breaking.rules import constraints, fields, metadata, quality, sla
from contractkit.breaking.spec import RuleSpec

# Reported by the engine itself, from the set of contracts rather than one pair.
ENGINE_RULES = (
    RuleSpec(
        id="CONTRACT_NO_DELETE",
        purpose="Contracts are not deleted.",
        modes=("forward", "backward", "full"),
        why="Every consumer of the dataset loses its contract, and usually the dataset.",
        example="contracts/silver_orders.yaml deleted",
        instead="Deprecate the dataset first: announce it in the changelog, wait until no "
        "consumer is listed, then delete the contract.",
        check=None,
    ),
    RuleSpec(
        id="CONTRACT_ADDED",
        purpose="A new contract was added.",
        modes=(),
        why="Nothing breaks; it is listed so reviewers see it.",
        example="contracts/gold_returns.yaml added",
        instead="Nothing to change.",
        check=None,
    ),
    RuleSpec(
        id="CONTRACT_CHANGED",
        purpose="Something changed that no other rule describes (needs a patch version).",
        modes=(),
        why="Nothing known breaks; it is reported so no change goes unversioned.",
        example="a reformatted description",
        instead="Nothing to change; bump the patch version.",
        check=None,
    ),
)

RULES: tuple[RuleSpec, ...] = tuple(
    sorted(
        (
            *fields.RULES,
            *constraints.RULES,
            *quality.RULES,
            *sla.RULES,
            *metadata.RULES,
            *ENGINE_RULES,
        ),
        key=lambda spec: spec.id,
    )
)
RULES_BY_ID: dict[str, RuleSpec] = {spec.id: spec for spec in RULES}
