"""contractkit.expressions.check_dataset_expression: dataset checks, read as the one row of
`SELECT <expression> FROM data` without GROUP BY (every column inside an aggregate).

Verdicts were checked against Spark 4.3 (`df.agg(expr(text))` on an empty DataFrame of the
schema below): every accepted expression analyses to a boolean (`my_udaf` once registered);
Spark refuses the rejected ones, except those refused by choice: a value that is not a
boolean (`count(*)`), no aggregate at all (`1 = 1`) and a scalar subquery."""

from __future__ import annotations

import pytest

from contractkit.expressions import check_dataset_expression
from contractkit.types import ArrayType, DataType, PrimitiveType, StructField, StructType

COLUMNS: dict[str, DataType | None] = {
    "amount": PrimitiveType("double"),
    "status": PrimitiveType("string"),
    "is_active": PrimitiveType("boolean"),
    "created_at": PrimitiveType("timestamp"),
    "tags": ArrayType(PrimitiveType("string")),
    "address": StructType((StructField("city", PrimitiveType("string")),)),
    "legacy": None,
}


def _messages(text: str) -> list[tuple[str, int | None]]:
    return [(p.message, p.offset) for p in check_dataset_expression(text, COLUMNS).problems]


@pytest.mark.parametrize(
    "text",
    [
        "count(*) >= 1000",
        "avg(amount) < 500",
        "count(*) >= 1000 AND avg(amount) < 500",
        "sum(amount) / count(*) BETWEEN 10 AND 20",
        "count_if(status IS NULL) = 0",
        "count(DISTINCT status) <= 5",
        "approx_count_distinct(address.city) > 3",
        "max(created_at) >= current_timestamp() - INTERVAL 1 DAY",
        "count(*) FILTER (WHERE amount > 0) > 10",
        "bool_and(is_active)",
        "max(is_active)",
        "min_by(is_active, created_at)",
        "every(amount > 0)",
        "percentile_approx(amount, 0.5) < 100",
        "exists(collect_list(status), s -> s = 'OPEN')",
        "count_if(exists(tags, t -> t = 'x')) < 10",
        "max(legacy) IS NOT NULL",
        "sum(CASE WHEN status = 'OPEN' THEN amount ELSE 0 END) < 500",
        "max(CASE WHEN amount > 0 THEN 1 END) = 1",
        "my_udaf(amount) > 1",  # a function the grammar does not know may aggregate
    ],
)
def test_aggregate_booleans_are_accepted(text: str) -> None:
    assert _messages(text) == []


def test_reads_columns_inside_aggregates() -> None:
    used = check_dataset_expression("avg(amount) < 500 AND max(address.city) > 'A'", COLUMNS)
    assert used.columns == {"amount", "address"}


@pytest.mark.parametrize(
    ("text", "start", "offset"),
    [
        ("amount < 500", "column 'amount' is read outside an aggregate", 0),
        ("avg(amount) < 500 AND amount > 0", "column 'amount' is read outside an aggregate", 22),
        ("count(*)", "expression is not a boolean condition: 'count(*)' yields a value", 0),
        ("sum(amount)", "expression is not a boolean condition", 0),
        ("max(amount)", "expression is not a boolean condition: 'max(amount)'", 0),
        ("1 = 1", "no aggregate function", 0),
        ("avg(amout) < 1", "unknown column 'amout'; did you mean 'amount'?", 4),
        ("sum(avg(amount)) > 1", "aggregate function 'avg' is not allowed: inside 'sum'", 4),
        ("count(*) > (SELECT 1)", "subqueries are not allowed", 12),
        ("row_number() OVER (ORDER BY amount) > 1", "window function 'row_number'", 0),
        ("count(explode(tags)) > 1", "generator function 'explode' is not allowed", 6),
        ("SELECT count(*) FROM t", "'SELECT' starts a SQL statement, but a dataset check", 0),
        ("count(*) FILTER (WHERE sum(amount) > 0) > 1", "aggregate function 'sum'", 23),
    ],
)
def test_mistakes_are_named_where_they_are(text: str, start: str, offset: int) -> None:
    found = _messages(text)
    assert len(found) == 1, found
    message, at = found[0]
    assert message.startswith(start), message
    assert at == offset


def test_an_unknown_column_outside_an_aggregate_is_one_mistake() -> None:
    assert [m for m, _ in _messages("amout > 1")] == [
        "unknown column 'amout'; did you mean 'amount'?"
    ]
