"""Every rule, in one explicit sorted tuple. No import-time magic: add a rule here."""

from __future__ import annotations

from contractkit.breaking.rules import (
    constraints,
    consumers,
    contracts,
    dataset,
    fields,
    governance,
    keys,
    levels,
    metadata,
    quality,
    references,
    sla,
)
from contractkit.breaking.spec import RuleSpec

RULES: tuple[RuleSpec, ...] = tuple(
    sorted(
        (
            *fields.RULES,
            *constraints.RULES,
            *governance.RULES,
            *quality.RULES,
            *dataset.RULES,
            *consumers.RULES,
            *keys.RULES,
            *references.RULES,
            *levels.RULES,
            *sla.RULES,
            *metadata.RULES,
            *contracts.RULES,
        ),
        key=lambda spec: spec.id,
    )
)
RULES_BY_ID: dict[str, RuleSpec] = {spec.id: spec for spec in RULES}
