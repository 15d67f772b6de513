"""Is one expectation provably stricter or looser than another?

A row violates an expectation only when the expression is FALSE, so each expression
stands for the set of rows it passes: TRUE or NULL. On those sets AND is intersection and
OR is union, which makes an ordinary implication check sound: `new` is tighter when every
row it passes is passed by `old`. The check is deliberately modest (conjuncts,
disjuncts, bounds on any deterministic expression against a number or date literal,
BETWEEN, IN lists and LIKE prefixes) and answers "unknown" otherwise, so it never claims a
direction it cannot prove.
"""

from __future__ import annotations

import enum
import re
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
    tree = _without_not(tree)
    # Spark resolves names case-insensitively, quoted or not; `e BETWEEN a AND b` is
    # `e >= a AND e <= b` (also for NULLs), so its bounds compare one by one; `count(1)`
    # counts every row, as `count(*)` does (a dataset check's row count).
    return tree.transform(
        lambda node: (
            exp.to_identifier(node.name.casefold())
            if isinstance(node, exp.Identifier)
            else _between(node)
            if isinstance(node, exp.Between)
            else _count_rows(node)
        )
    )


_NEGATED = {"GT": "LTE", "GTE": "LT", "LT": "GTE", "LTE": "GT", "EQ": "NEQ", "NEQ": "EQ"}


def _without_not(node: Any) -> Any:
    """`NOT` pushed down to the comparisons it negates: `NOT (amount > 1000)` is
    `amount <= 1000`, so its bound compares like any other (ODCS SQL rules import as
    `NOT (...)`). Exact in SQL's three-valued logic: NOT keeps NULL, De Morgan's laws hold, and
    a negated comparison is NULL on exactly the rows the comparison is."""
    from sqlglot import exp

    return node.transform(lambda n: _negate(_unparen(n.this)) if isinstance(n, exp.Not) else n)


def _negate(node: Any) -> Any:
    from sqlglot import exp

    flipped = _NEGATED.get(type(node).__name__)
    if flipped is not None:
        comparison = getattr(exp, flipped)
        return comparison(this=_without_not(node.this), expression=_without_not(node.expression))
    if isinstance(node, exp.Not):
        return _without_not(_unparen(node.this))
    if isinstance(node, exp.And | exp.Or):
        dual = exp.Or if isinstance(node, exp.And) else exp.And
        negated = dual(
            this=_negate(_unparen(node.this)), expression=_negate(_unparen(node.expression))
        )
        return exp.Paren(this=negated)
    return exp.Not(this=_without_not(node))


def _count_rows(node: Any) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Count) and isinstance(node.this, exp.Literal):
        return exp.Count(this=exp.Star(), big_int=node.args.get("big_int"))
    return node


def _between(node: Any) -> Any:
    from sqlglot import exp

    low = exp.GTE(this=node.this.copy(), expression=node.args["low"].copy())
    high = exp.LTE(this=node.this.copy(), expression=node.args["high"].copy())
    return exp.Paren(this=exp.And(this=low, expression=high))


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


_LOWER = {"GT": True, "GTE": False}  # expression > / >= literal: a lower bound, strict?
_UPPER = {"LT": True, "LTE": False}
# Functions whose value differs from row to row for the same input: a bound on them says
# nothing about which rows pass.
_VOLATILE = frozenset({"rand", "randn", "random", "uuid", "shuffle", "randstr", "try_uuid"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?")

Bound = tuple[str, str, tuple[str, Any], bool]  # subject, 'lower'|'upper', value, strict


def _bound(node: Any) -> Bound | None:
    """`e OP literal` (or `literal OP e`), where `e` is any deterministic expression (a
    column, `length(code)`, `abs(a - b)`) and the literal a number, a date or a timestamp."""
    name = type(node).__name__
    if name not in _LOWER and name not in _UPPER:
        return None
    left, right = node.this, node.expression
    lower = name in _LOWER
    if _literal(left) is not None and _literal(right) is None:
        left, right, lower = right, left, not lower
    value, subject = _literal(right), _subject(left)
    if value is None or subject is None:
        return None
    strict = _LOWER.get(name, _UPPER.get(name, False))
    return subject, "lower" if lower else "upper", value, strict


def _subject(node: Any) -> str | None:
    """The canonical text of a bounded expression, when a bound on it is a set of rows."""
    from sqlglot import exp

    if node is None or _literal(node) is not None or isinstance(node, exp.Null):
        return None
    for call in node.find_all(exp.Func):
        called = call.name if isinstance(call, exp.Anonymous) else type(call).__name__
        if called.casefold() in _VOLATILE:
            return None
    if node.find(exp.Select, exp.Window) is not None:  # another query, or row order
        return None
    return _canon(node)


def _literal(node: Any) -> tuple[str, Any] | None:
    """A number, a date or a timestamp as (kind, value) ordered within its kind: typed
    literals (`DATE '2024-01-01'`), and strings in one ISO shape (which order as text and as
    dates alike, so the bound means the same whatever the column's type)."""
    from sqlglot import exp

    node = _unparen(node)
    if isinstance(node, exp.Neg):
        inner = _literal(node.this)
        return ("number", -inner[1]) if inner and inner[0] == "number" else None
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal):
        typed = node.to.is_type("date", "timestamp", "timestamptz", "timestampntz")
        dated = _dated(node.this.this) if typed and node.this.is_string else None
        return (f"typed {dated[0]}", dated[1]) if dated else None
    if isinstance(node, exp.Literal):
        if node.is_string:
            return _dated(node.this)
        try:
            return "number", Decimal(node.this)
        except InvalidOperation:
            return None
    return None


def _dated(text: str) -> tuple[str, Any] | None:
    """ISO text orders as its dates do, within one shape (the separator before the time is
    part of the shape: as text, `T` and a space do not compare alike)."""
    if _ISO_DATE.fullmatch(text):
        return "date", text
    if _ISO_TIMESTAMP.fullmatch(text):
        return f"timestamp{text[10]}", text
    return None


def _in_list(node: Any) -> tuple[str, set[str]] | None:
    """`e IN (literals)`, and `e = literal` as a list of one."""
    from sqlglot import exp

    if isinstance(node, exp.EQ):
        left, right = node.this, node.expression
        if isinstance(left, exp.Literal) and not isinstance(right, exp.Literal):
            left, right = right, left
        subject = _subject(left) if isinstance(right, exp.Literal) else None
        return (subject, {_canon(right)}) if subject else None
    if not isinstance(node, exp.In) or node.args.get("query") or not node.expressions:
        return None
    if not all(isinstance(item, exp.Literal) for item in node.expressions):
        return None
    subject = _subject(node.this)
    return (subject, {_canon(item) for item in node.expressions}) if subject else None


_LIKE_WILDCARDS = ("%", "_", "\\")


def _like_prefix(node: Any) -> tuple[str, str] | None:
    """`e LIKE 'AB%'` as (e, 'AB'): a prefix without wildcards or escapes, then one `%`
    (the only LIKE patterns whose order is certain)."""
    from sqlglot import exp

    if not isinstance(node, exp.Like) or node.args.get("escape"):
        return None
    pattern = node.expression
    if not isinstance(pattern, exp.Literal) or not pattern.is_string:
        return None
    text = pattern.this
    prefix = text[:-1]
    if not text.endswith("%") or any(w in prefix for w in _LIKE_WILDCARDS):
        return None
    subject = _subject(node.this)
    return (subject, prefix) if subject else None


def _atom_implies(a: Any, b: Any) -> bool:
    bound_a, bound_b = _bound(a), _bound(b)
    if bound_a and bound_b:
        return _bound_implies(bound_a, bound_b)
    in_a, in_b = _in_list(a), _in_list(b)
    if in_a and in_b and in_a[0] == in_b[0]:
        return in_a[1] <= in_b[1]
    like_a, like_b = _like_prefix(a), _like_prefix(b)
    if like_a and like_b and like_a[0] == like_b[0]:
        return like_a[1].startswith(like_b[1])
    return False


def _bound_implies(bound_a: Bound, bound_b: Bound) -> bool:
    """Every row within `bound_a` is within `bound_b`: a bound on the same expression, on
    the same side, with the same kind of value, at least as tight."""
    subject, side, (kind_a, va), strict_a = bound_a
    if (subject, side, kind_a) != (bound_b[0], bound_b[1], bound_b[2][0]):
        return False
    vb, strict_b = bound_b[2][1], bound_b[3]
    if va == vb:
        return strict_a or not strict_b
    return bool(va > vb if side == "lower" else va < vb)
