"""Order of two expectations, checked against evaluation: whenever `compare` claims a
direction, no row may contradict it. Rows and expressions are generated (hypothesis) and
evaluated by sqlglot's own Python executor, with NULLs, so a claim the SQL does not bear
out fails here."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.executor import execute

from contractkit.breaking.expression_order import Order, compare

SUBJECTS = ("n", "abs(n)", "n - 3", "length(code)", "abs(m)")
CODES = ("", "A", "AB", "ABC", "B", "BA", "A-1", "AB-2")
DATES = ("2019-12-31", "2020-01-01", "2023-06-30", "2024-01-01", "2024-02-29")

rows = st.lists(
    st.fixed_dictionaries(
        {
            "n": st.none() | st.integers(-8, 8),
            "m": st.none() | st.integers(-8, 8),
            "code": st.none() | st.sampled_from(CODES),
            "d": st.none() | st.sampled_from(DATES),
        }
    ),
    min_size=1,
    max_size=40,
)


@st.composite
def atoms(draw: Any) -> str:
    kind = draw(st.sampled_from(("bound", "between", "in", "like", "date")))
    if kind == "bound":
        subject = draw(st.sampled_from(SUBJECTS))
        op = draw(st.sampled_from(("<", "<=", ">", ">=")))
        value = draw(st.integers(-8, 8))
        return draw(st.sampled_from((f"{subject} {op} {value}", f"{value} {op} {subject}")))
    if kind == "between":
        low, high = sorted(draw(st.lists(st.integers(-8, 8), min_size=2, max_size=2)))
        return f"{draw(st.sampled_from(SUBJECTS))} BETWEEN {low} AND {high}"
    if kind == "in":
        values = draw(st.sets(st.sampled_from(CODES[1:]), min_size=1, max_size=4))
        return "code IN (" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"
    if kind == "like":
        return f"code LIKE '{draw(st.sampled_from(('', 'A', 'AB', 'B', 'A-')))}%'"
    op = draw(st.sampled_from(("<", "<=", ">", ">=")))
    return f"d {op} '{draw(st.sampled_from(DATES))}'"


expressions = st.recursive(
    atoms(),
    lambda inner: (
        st.tuples(inner, st.sampled_from(("AND", "OR")), inner).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"
        )
        | inner.map(lambda e: f"NOT ({e})")
    ),
    max_leaves=3,
)


LITERAL = re.compile(r"-?\d+|'[^']*'")
OPERATOR = re.compile(r"<=|>=|<|>")


@st.composite
def pairs(draw: Any) -> tuple[str, str]:
    """Two expressions alike but for one literal, most of the time (where an order can be
    proven), else two unrelated ones."""
    old = draw(expressions)
    found = list(LITERAL.finditer(old))
    if not found or draw(st.integers(0, 4)) == 0:
        return old, draw(expressions)
    operators = list(OPERATOR.finditer(old))
    if operators and draw(st.booleans()):  # strict against inclusive
        spot = draw(st.sampled_from(operators))
        other = draw(st.sampled_from(("<", "<=", ">", ">=")))
        return old, old[: spot.start()] + other + old[spot.end() :]
    spot = draw(st.sampled_from(found))
    text = spot.group()
    if text.startswith("'"):
        pool = DATES if re.fullmatch(r"'\d{4}-.*'", text) else (*CODES, "A-%", "AB%", "%")
        other = "'" + draw(st.sampled_from(pool)) + "'"
    else:
        other = str(draw(st.integers(-8, 8)))
    return old, old[: spot.start()] + other + old[spot.end() :]


def _passes(expression: str, table: list[dict[str, Any]]) -> list[bool]:
    """A row passes unless the expression is FALSE (NULL passes)."""
    result = execute(f"SELECT ({expression}) AS ok FROM t", tables={"t": table})
    return [value is not False for (value,) in result.rows]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=pairs(), table=rows)
def test_a_claimed_order_holds_on_every_row(pair: tuple[str, str], table: list[Any]) -> None:
    old, new = pair
    order = compare(old, new)
    if order is Order.UNKNOWN:
        return
    before, after = _passes(old, table), _passes(new, table)
    for row, was, now in zip(table, before, after, strict=True):
        if order in (Order.TIGHTER, Order.SAME):
            assert was or not now, f"{old} -> {new} claimed {order.value}; row {row}"
        if order in (Order.LOOSER, Order.SAME):
            assert now or not was, f"{old} -> {new} claimed {order.value}; row {row}"


def test_the_issues_examples_are_loosenings() -> None:
    for old, new in [
        ("length(code) <= 14", "length(code) <= 20"),
        ("size(tags) <= 3", "size(tags) <= 9"),
        ("abs(amount) <= 14", "abs(amount) <= 20"),
    ]:
        assert compare(old, new) is Order.LOOSER
        assert compare(new, old) is Order.TIGHTER


def test_a_negated_bound_compares_like_its_comparison() -> None:
    """ODCS SQL rules (`SELECT COUNT(*) ... WHERE amount > 1000`, `mustBe: 0`) import as
    `NOT (amount > 1000)`: allowing rows up to 5000 instead of 1000 is a loosening."""
    assert compare("NOT (amount > 1000)", "NOT (amount > 5000)") is Order.LOOSER
    assert compare("NOT (amount > 5000)", "NOT (amount > 1000)") is Order.TIGHTER
    assert compare("NOT (amount > 1000)", "amount <= 1000") is Order.SAME
    assert compare("NOT (a > 1 OR b < 2)", "a <= 1 AND b >= 2") is Order.SAME
    assert compare("NOT (x > 3 AND y < 2)", "x <= 3") is Order.TIGHTER
