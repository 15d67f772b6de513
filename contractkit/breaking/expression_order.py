"""Is one expectation provably stricter or looser than another?

A row violates an expectation only when the expression is FALSE, so each expression
stands for the set of rows it passes: TRUE or NULL. On those sets AND is intersection and
OR is union, which makes an ordinary implication check sound: `new` is tighter when every
row it passes is passed by `old`. The check is deliberately modest (conjuncts,
disjuncts, one column against literals, IN lists) and answers "unknown" otherwise, so it
never claims a direction it cannot prove.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation
from typing import Any


class Order(enum.Enum):
    SAME = "same"
    TIGHTER = "tighter"
    LOOSER = "looser"
    UNKNOWN = "unknown"


def compare(old: str, new: str) -> Order:
    """How the pass set of `new` relates to that of `old`."""
    if old.strip() == new.strip():
        return Order.SAME
    old_tree, new_tree = _parse(old), _parse(new)
    if old_tree is None or new_tree is None:
        return Order.UNKNOWN
    forward = _implies(new_tree, old_tree)  # new passes only rows old passes
    backward = _implies(old_tree, new_tree)
    if forward and backward:
        return Order.SAME
    if forward:
        return Order.TIGHTER
    if backward:
        return Order.LOOSER
    return Order.UNKNOWN


def _parse(text: str) -> Any:
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(text, read="databricks")
    except Exception:  # any parse failure means "cannot prove", never a crash
        return None
    while isinstance(tree, exp.Paren):
        tree = tree.this
    # Spark resolves names case-insensitively, quoted or not.
    return tree.transform(
        lambda node: (
            exp.to_identifier(node.name.casefold()) if isinstance(node, exp.Identifier) else node
        )
    )


def _canon(node: Any) -> str:
    return str(node.sql(dialect="databricks", normalize=True, pretty=False))


def _unparen(node: Any) -> Any:
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _parts(node: Any, kind: type) -> list[Any]:
    node = _unparen(node)
    if isinstance(node, kind):
        branches: Any = node
        return _parts(branches.this, kind) + _parts(branches.expression, kind)
    return [node]


def _implies(a: Any, b: Any) -> bool:
    """Every row that passes `a` passes `b` (both as pass sets: TRUE or NULL)."""
    from sqlglot import exp

    a, b = _unparen(a), _unparen(b)
    if _canon(a) == _canon(b):
        return True
    b_conjuncts = _parts(b, exp.And)
    if len(b_conjuncts) > 1:
        return all(_implies(a, part) for part in b_conjuncts)
    a_disjuncts = _parts(a, exp.Or)
    if len(a_disjuncts) > 1:
        return all(_implies(part, b) for part in a_disjuncts)
    a_conjuncts = _parts(a, exp.And)
    if len(a_conjuncts) > 1:
        return any(_implies(part, b) for part in a_conjuncts)
    b_disjuncts = _parts(b, exp.Or)
    if len(b_disjuncts) > 1:
        return any(_implies(a, part) for part in b_disjuncts)
    return _atom_implies(a, b)


_LOWER = {"GT": True, "GTE": False}  # column > / >= literal: a lower bound, strict?
_UPPER = {"LT": True, "LTE": False}


def _bound(node: Any) -> tuple[str, str, Decimal, bool] | None:
    """`col OP number` (or `number OP col`) as (column, 'lower'|'upper', value, strict)."""
    from sqlglot import exp

    name = type(node).__name__
    if name not in {"GT", "GTE", "LT", "LTE"}:
        return None
    left, right = node.this, node.expression
    flipped = False
    if isinstance(left, exp.Literal) and isinstance(right, exp.Column):
        left, right, flipped = right, left, True
    if not isinstance(left, exp.Column) or not isinstance(right, exp.Literal) or right.is_string:
        return None
    try:
        value = Decimal(right.this)
    except InvalidOperation:
        return None
    lower = name in _LOWER
    strict = _LOWER.get(name, _UPPER.get(name, False))
    if flipped:
        lower = not lower
    return _canon(left), "lower" if lower else "upper", value, strict


def _in_list(node: Any) -> tuple[str, set[str]] | None:
    from sqlglot import exp

    if not isinstance(node, exp.In) or node.args.get("query") or not node.expressions:
        return None
    if not all(isinstance(item, exp.Literal) for item in node.expressions):
        return None
    return _canon(node.this), {_canon(item) for item in node.expressions}


def _atom_implies(a: Any, b: Any) -> bool:
    bound_a, bound_b = _bound(a), _bound(b)
    if bound_a and bound_b and bound_a[:2] == bound_b[:2]:
        _, side, va, strict_a = bound_a
        _, _, vb, strict_b = bound_b
        if va == vb:
            return strict_a or not strict_b
        return va > vb if side == "lower" else va < vb
    in_a, in_b = _in_list(a), _in_list(b)
    if in_a and in_b and in_a[0] == in_b[0]:
        return in_a[1] <= in_b[1]
    return False
