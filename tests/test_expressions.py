"""contractkit.expressions: expectation expressions checked without a JVM.

Verdicts on valid expressions were checked against Spark 4.3 (`df.filter(expr)` analysed on
an empty DataFrame of the schema below); the known differences are the xfail cases at the end.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractkit.expressions import (
    ExpressionCheck,
    ExpressionProblem,
    check_expression,
    referenced_columns,
)
from contractkit.types import ArrayType, DataType, MapType, PrimitiveType, StructField, StructType


def _p(name: str) -> PrimitiveType:
    return PrimitiveType(name)


def _struct(**fields: DataType) -> StructType:
    return StructType(tuple(StructField(name, data_type) for name, data_type in fields.items()))


COLUMNS: dict[str, DataType | None] = {
    "order_id": _p("bigint"),
    "amount": _p("double"),
    "status": _p("string"),
    "email": _p("string"),
    "phone": _p("string"),
    "is_active": _p("boolean"),
    "created_at": _p("timestamp"),
    "order_date": _p("date"),
    "ship_date": _p("date"),
    "weird col": _p("int"),
    "CustomerId": _p("string"),
    "address": _struct(city=_p("string"), geo=_struct(lat=_p("double"), lon=_p("double"))),
    "items": ArrayType(_struct(sku=_p("string"), qty=_p("int"), tags=ArrayType(_p("string")))),
    "tags": ArrayType(_p("string")),
    "attributes": MapType(_p("string"), _p("string")),
    "prices": MapType(_p("string"), _struct(amount=_p("double"))),
    "v": _p("variant"),
    "legacy": None,  # type unknown: anything read from it is accepted
}


def check(text: str) -> ExpressionCheck:
    return check_expression(text, COLUMNS)


def only_problem(text: str) -> ExpressionProblem:
    problems = check(text).problems
    assert len(problems) == 1, problems
    return problems[0]


def assert_at(text: str, problem: ExpressionProblem, token: str) -> None:
    assert problem.offset is not None
    assert text[problem.offset :].startswith(token), (problem.offset, text[problem.offset :])


# --- valid expressions ---------------------------------------------------------------------------

SEED = [
    ("order_id IS NOT NULL", {"order_id"}),
    ("amount > 0", {"amount"}),
    ("created_at <= current_timestamp()", {"created_at"}),
    ("email RLIKE '^[^@]+@[^@]+$'", {"email"}),
    ("phone RLIKE '^\\\\+?[0-9]{10,15}$'", {"phone"}),
    ("status IN ('PENDING', 'COMPLETED', 'CANCELLED')", {"status"}),
    ("order_date <= current_date()", {"order_date"}),
]

VALID = [
    ("ship_date >= order_date OR ship_date IS NULL", {"ship_date", "order_date"}),
    ("amount BETWEEN 0 AND 1000 AND NOT status LIKE 'X%'", {"amount", "status"}),
    ("email ILIKE '%@example.com' OR email REGEXP '^a'", {"email"}),
    ("is_active", {"is_active"}),
    ("NOT is_active OR amount > 0", {"is_active", "amount"}),
    ("legacy", {"legacy"}),
    ("true", set()),
    ("status <=> 'A' AND status IS DISTINCT FROM 'B'", {"status"}),
    ("CASE WHEN status = 'DONE' THEN ship_date IS NOT NULL ELSE true END", {"status", "ship_date"}),
    ("if(status = 'DONE', ship_date IS NOT NULL, true)", {"status", "ship_date"}),
    ("coalesce(is_active, false)", {"is_active"}),
    ("cast(order_id AS boolean)", {"order_id"}),
    ("array_contains(tags, 'gift')", {"tags"}),
    ("isnull(phone) OR isnotnull(email)", {"phone", "email"}),
    ("startswith(email, 'a') AND endswith(email, 'z') AND contains(email, '@')", {"email"}),
    ("regexp(email, '@') AND regexp_like(email, '@')", {"email"}),
    ("my_udf(order_id)", {"order_id"}),  # a UDF may return a boolean: no false alarm
    ("rand() > 0.5", set()),
    ("status LIKE ANY ('A%', 'B%') AND status NOT ILIKE ALL ('x%')", {"status"}),
    ("current_user() IS NOT NULL AND current_user = 'x'", set()),
    ("created_at > current_timestamp - INTERVAL 1 DAY", {"created_at"}),
    ("datediff(ship_date, order_date) BETWEEN 0 AND 30", {"ship_date", "order_date"}),
    ("timestampdiff(HOUR, created_at, created_at) >= 0", {"created_at"}),
    ("order_date >= DATE '2020-01-01'", {"order_date"}),
    ("size(split(email, '@')) = 2", {"email"}),
    ("struct(amount AS x).x > 0 AND named_struct('y', amount).y > 0", {"amount"}),
    ("v:a.b IS NOT NULL", {"v"}),  # Spark 4 variant path; sqlglot's spark dialect rejects it
]

NESTED = [
    ("address.city IS NOT NULL", {"address"}),
    ("address.geo.lat BETWEEN -90 AND 90", {"address"}),
    ("ADDRESS.Geo.LAT > 0", {"address"}),
    ("address['city'] = 'Paris'", {"address"}),
    ("items[0].qty > 0", {"items"}),
    ("items.qty[0] > 0", {"items"}),  # a field of an array of structs is an array
    ("attributes['channel'] = 'web' AND attributes.channel = 'web'", {"attributes"}),
    ("prices['USD'].amount > 0 AND prices.EUR.amount > 0", {"prices"}),
    ("legacy.anything.at.all = 1", {"legacy"}),
    ("tags[0] = 'x'", {"tags"}),
]

LAMBDAS = [
    ("exists(items, x -> x.qty > 0)", {"items"}),
    ("forall(items, x -> x.sku IS NOT NULL)", {"items"}),
    ("exists(items, X -> x.QTY > 0)", {"items"}),  # lambda variables resolve case-insensitively
    ("size(filter(items, (x, i) -> x.qty > i)) = 0", {"items"}),
    ("exists(items, i -> exists(i.tags, t -> t = i.sku))", {"items"}),
    ("aggregate(items, 0, (acc, x) -> acc + x.qty) > 0", {"items"}),
    ("exists(items, status -> status.qty > 0)", {"items"}),  # shadows the column `status`
    ("exists(items, x -> x.qty > amount)", {"items", "amount"}),
    ("transform(items, x -> x.qty)[0] > 0", {"items"}),
    ("map_filter(attributes, (k, v) -> v IS NOT NULL) IS NOT NULL", {"attributes"}),
    ("exists(legacy, x -> x.whatever > 0)", {"legacy"}),
]

QUOTED_AND_LAYOUT = [
    ("`weird col` > 1", {"weird col"}),
    ("`WEIRD COL` > 1", {"weird col"}),
    ("`address`.`city` IS NOT NULL", {"address"}),
    ("customerid IS NOT NULL", {"CustomerId"}),
    ("order_id IS NOT NULL -- a trailing comment", {"order_id"}),
    ("/* leading */ order_id IS NOT NULL", {"order_id"}),
    ("order_id IS NOT NULL\n  AND amount > 0\n  AND status IN (\n    'A',\n    'B'\n  )\n", None),
]


@pytest.mark.parametrize(("text", "columns"), SEED + VALID + NESTED + LAMBDAS + QUOTED_AND_LAYOUT)
def test_valid_expression(text: str, columns: set[str] | None) -> None:
    result = check(text)
    assert result.problems == ()
    if columns is not None:
        assert result.columns == columns


def test_function_arity_is_left_to_spark() -> None:
    # sqlglot's arity tables are not Spark's; a wrong count is Spark's to report, at analysis.
    assert check("upper(status, 1) = 'A'").problems == ()


def test_multiline_expression_reports_its_columns() -> None:
    text = "order_id IS NOT NULL\n  AND amount > 0\n  AND status IN ('A', 'B')\n"
    assert check(text) == ExpressionCheck((), frozenset({"order_id", "amount", "status"}))


def test_columns_use_the_declared_spelling() -> None:
    assert check("CUSTOMERID = 'x' AND Amount > 0").columns == {"CustomerId", "amount"}


def test_columns_of_unknown_type_accept_any_access() -> None:
    result = check_expression("a.b.c[0].d > 1 AND exists(a, x -> x.y)", {"a": None})
    assert result == ExpressionCheck((), frozenset({"a"}))


# --- one expression, not statements --------------------------------------------------------------


def test_two_statements() -> None:
    text = "amount > 0; DROP TABLE x"
    problem = only_problem(text)
    assert "more than one statement" in problem.message
    assert "'DROP'" in problem.message
    assert "remove the ';'" in problem.message
    assert_at(text, problem, "; DROP")


def test_trailing_semicolon() -> None:
    text = "amount > 0;"
    problem = only_problem(text)
    assert problem == ExpressionProblem(
        "remove the trailing ';': an expectation is an expression, not a SQL statement", 10
    )


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("DROP TABLE x", "DROP"),
        ("SELECT 1", "SELECT"),
        ("select * from orders where amount > 0", "SELECT"),
        ("WITH t AS (SELECT 1) SELECT * FROM t", "WITH"),
        ("DELETE FROM orders", "DELETE"),
        ("INSERT INTO t VALUES (1)", "INSERT"),
        ("SHOW TABLES", "SHOW"),
    ],
)
def test_statement(text: str, keyword: str) -> None:
    problem = only_problem(text)
    assert problem.message == (
        f"{keyword!r} starts a SQL statement, but an expectation is a boolean expression on "
        "one row, such as 'amount > 0'"
    )
    assert problem.offset == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "-- just a comment"])
def test_empty(text: str) -> None:
    problem = only_problem(text)
    assert problem == ExpressionProblem(
        "the expression is empty; write a condition such as 'amount > 0'", None
    )


def test_garbage() -> None:
    text = "amount is big"
    problem = only_problem(text)
    assert "'big'" in problem.message
    assert_at(text, problem, "big")


def test_missing_operator_or_alias() -> None:
    text = "amount > 0 positive"
    problem = only_problem(text)
    assert problem.message.startswith("unexpected 'positive' after a complete expression")
    assert "alias" in problem.message
    assert_at(text, problem, "positive")


def test_alias_is_rejected() -> None:
    # Spark would accept `expr AS name`; in a contract it is a mistake (the name is separate).
    text = "amount > 0 AS positive"
    problem = only_problem(text)
    assert "unexpected 'AS'" in problem.message
    assert_at(text, problem, "AS positive")


def test_unclosed_parenthesis() -> None:
    text = "(amount > 0 AND status = 'A'"
    problem = only_problem(text)
    assert problem.message == "unbalanced parentheses: a '(' is never closed; add the missing ')'"
    assert_at(text, problem, "'A'")


def test_unopened_parenthesis() -> None:
    text = "amount > 0)"
    problem = only_problem(text)
    assert problem.message == "unexpected ')' without a matching '('; remove it or add the '('"
    assert problem.offset == 10


def test_missing_parenthesis_mid_expression() -> None:
    text = "status IN ('A', 'B' amount > 0) AND amount < 10"
    problem = only_problem(text)
    assert problem.message == "expected ')' before 'amount'; check the parentheses and commas"
    assert_at(text, problem, "amount > 0)")


def test_incomplete_expression() -> None:
    text = "amount >"
    problem = only_problem(text)
    assert problem.message == "the expression is incomplete near '>': an operand is missing"
    assert problem.offset == 7


def test_syntax_error_offset_in_a_multiline_block() -> None:
    text = "order_id IS NOT NULL\n  AND amount > 0\n  AND status IN ('A', 'B'\n"
    problem = only_problem(text)
    assert "a '(' is never closed" in problem.message
    assert_at(text, problem, "'B'")
    assert text.count("\n", 0, problem.offset) == 2  # third line


@pytest.mark.parametrize(
    ("text", "opening", "what"),
    [
        ("status = 'PENDING", "'PENDING", "string"),
        ('status = "PENDING', '"PENDING', "string"),
        ("`weird col > 1", "`weird", "quoted name"),
        ("amount > 0\n  AND status = 'x", "'x", "string"),
    ],
)
def test_unterminated_quote(text: str, opening: str, what: str) -> None:
    problem = only_problem(text)
    assert problem.message.startswith(f"unterminated {what}: the {opening[0]!r} is never closed")
    assert_at(text, problem, opening)


def test_unterminated_comment() -> None:
    text = "amount > 0 /* note"
    problem = only_problem(text)
    assert problem.message.startswith("unterminated comment")
    assert_at(text, problem, "/*")


def test_keyword_used_as_a_column_gets_a_quoting_hint() -> None:
    # Spark accepts most keywords as names; sqlglot does not, so the message offers the fix.
    problem = only_problem("select > 1")
    assert problem == ExpressionProblem(
        "'select' is a keyword here; if it is a column name, quote it with backticks: `select`",
        0,
    )
    assert check_expression("`select` > 1", {"select": _p("int")}).problems == ()


# --- boolean at the top --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "amount + 1",
        "'abc'",
        "42",
        "upper(status)",
        "status",
        "address",
        "CASE WHEN amount > 0 THEN 1 ELSE 0 END",
        "if(is_active, 1, 0)",
        "NULL",
        "-amount",
        "cast(amount AS string)",
        "(amount * 2)",
    ],
)
def test_not_boolean(text: str) -> None:
    problem = only_problem(text)
    assert problem.message == (
        f"expression is not a boolean condition: {text!r} yields a value, not true or false; "
        "compare or test it, e.g. 'amount > 0' or 'status IS NOT NULL'"
    )
    assert problem.offset == 0


def test_not_boolean_operand_of_and() -> None:
    text = "is_active AND amount"
    problem = only_problem(text)
    assert problem.message.startswith("expression is not a boolean condition: 'amount'")
    assert problem.offset == 14


def test_null_operand_is_fine() -> None:
    assert check("is_active AND NULL").problems == ()


# --- row level -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("count(*) > 0", "count"),
        ("COUNT(DISTINCT order_id) > 1", "count"),
        ("sum(amount) > 0", "sum"),
        ("avg(amount) > 0", "avg"),
        ("max(amount) < 100", "max"),
        ("percentile_approx(amount, 0.5) > 0", "percentile_approx"),
        ("every(is_active)", "every"),  # sqlglot sees an unknown function
        ("any(is_active)", "any"),
        ("order_id = ANY (1, 2)", "any"),  # Spark reads this as the aggregate, not a quantifier
        ("bool_or(is_active)", "bool_or"),
        ("amount > 0 AND collect_set(status) IS NOT NULL", "collect_set"),
    ],
)
def test_aggregate(text: str, name: str) -> None:
    problem = only_problem(text)
    assert problem.message == (
        f"aggregate function {name!r} is not allowed: an expectation is evaluated on each row "
        "separately; put dataset-level checks (counts, totals, uniqueness, comparisons across "
        "rows) elsewhere"
    )
    assert problem.offset is not None
    assert text[problem.offset :].lower().startswith(name)


def test_window_function() -> None:
    text = "amount > 0 AND sum(amount) OVER (PARTITION BY status) > 0"
    problem = only_problem(text)
    assert problem.message.startswith("window function 'sum' (OVER ...) is not allowed")
    assert "evaluated on each row separately" in problem.message
    assert_at(text, problem, "sum(")


def test_window_function_without_over() -> None:
    problem = only_problem("row_number() = 1")
    assert problem.message.startswith("window function 'row_number' is not allowed")
    assert problem.offset == 0


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("order_id IN (SELECT order_id FROM orders)", "SELECT"),
        ("EXISTS (SELECT 1 FROM orders o WHERE o.id = order_id)", "SELECT"),
        ("amount > (SELECT avg(amount) FROM orders)", "SELECT avg"),
    ],
)
def test_subquery(text: str, at: str) -> None:
    problem = only_problem(text)
    assert problem.message.startswith("subqueries are not allowed: an expectation is evaluated")
    assert "dataset-level checks" in problem.message
    assert_at(text, problem, at)


def test_generator() -> None:
    problem = only_problem("explode(tags) = 'x'")
    assert problem.message.startswith("generator function 'explode' is not allowed")
    assert problem.offset == 0


def test_names_inside_an_aggregate_are_still_checked() -> None:
    result = check("sum(amout) > 0")
    assert [p.message.split(":")[0] for p in result.problems] == [
        "aggregate function 'sum' is not allowed",
        "unknown column 'amout'; did you mean 'amount'?",
    ]


# --- names ---------------------------------------------------------------------------------------


def test_unknown_column_with_suggestion() -> None:
    text = "order_id IS NOT NULL AND amout > 0"
    problem = only_problem(text)
    assert problem.message == "unknown column 'amout'; did you mean 'amount'?"
    assert problem.offset == 25


def test_unknown_column_suggestion_is_case_insensitive() -> None:
    problem = only_problem("CUSTOMER_ID IS NOT NULL")
    assert problem.message == "unknown column 'CUSTOMER_ID'; did you mean 'CustomerId'?"


def test_unknown_column_without_suggestion_lists_columns() -> None:
    result = check_expression("zzz > 0", {"a": None, "b": None})
    assert result.problems == (
        ExpressionProblem("unknown column 'zzz'; declared columns are 'a', 'b'", 0),
    )


def test_unknown_column_when_none_are_declared() -> None:
    problem = check_expression("a > 0", {}).problems[0]
    assert problem.message == "unknown column 'a'; the contract declares no columns"


def test_unknown_column_in_a_multiline_block() -> None:
    text = "order_id IS NOT NULL\n  AND\n    `Shiping Date` > order_date"
    problem = only_problem(text)
    assert problem.message == "unknown column 'Shiping Date'; did you mean 'ship_date'?"
    assert_at(text, problem, "`Shiping Date`")


def test_unknown_column_reported_once() -> None:
    assert len(check("amout > 0 AND amout < 10").problems) == 1


def test_table_qualifier_is_not_a_table() -> None:
    problem = only_problem("orders.amount > 0")
    assert problem.message.startswith("unknown column 'orders'")


@pytest.mark.parametrize(
    ("text", "message", "at"),
    [
        ("address.citty = 'x'", "'address' has no field 'citty'; did you mean 'city'?", "citty"),
        (
            "address.geo.latitude > 0",
            "'address.geo' has no field 'latitude'; its fields are 'lat', 'lon'",
            "latitude",
        ),
        (
            "address['zip'] = '1'",
            "'address' has no field 'zip'; its fields are 'city', 'geo'",
            "'zip'",
        ),
        ("items.qtty[0] > 0", "'items' has no field 'qtty'; did you mean 'qty'?", "qtty"),
        ("prices.USD.amt > 0", "'prices.USD' has no field 'amt'; did you mean 'amount'?", "amt"),
        ("exists(items, x -> x.qtty > 0)", "'x' has no field 'qtty'; did you mean 'qty'?", "qtty"),
        (
            "aggregate(items, 0, (acc, x) -> acc + x.qtty) > 0",
            "'x' has no field 'qtty'; did you mean 'qty'?",
            "qtty",
        ),
    ],
)
def test_unknown_field(text: str, message: str, at: str) -> None:
    problem = only_problem(text)
    assert problem.message == message
    assert_at(text, problem, at)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("amount.value > 0", "'amount' has type double, which has no fields"),
        ("tags.first = 'a'", "'tags' has type array<string>, which has no fields"),
        ("address.city.name = 'a'", "'address.city' has type string, which has no fields"),
    ],
)
def test_field_of_a_scalar(text: str, message: str) -> None:
    assert only_problem(text).message.startswith(message)


def test_unknown_column_inside_a_lambda() -> None:
    text = "exists(items, x -> x.qty > nope)"
    problem = only_problem(text)
    assert problem.message.startswith("unknown column 'nope'")
    assert_at(text, problem, "nope")


def test_lambda_variable_is_not_a_column_outside_its_lambda() -> None:
    problem = only_problem("exists(items, x -> x.qty > 0) AND x > 0")
    assert problem.message.startswith("unknown column 'x'")


# --- referenced_columns --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amount > 0 AND `Weird Col` IS NULL", {"amount", "weird col"}),
        ("address.geo.lat > 0", {"address"}),
        ("exists(items, x -> x.qty > limit_qty)", {"items", "limit_qty"}),
        ("created_at <= current_timestamp AND d <= current_date", {"created_at", "d"}),
        ("sum(amount) > 0", {"amount"}),
        ("a IN (SELECT b FROM t)", {"a"}),
        ("(a > 0", set()),
        ("", set()),
    ],
)
def test_referenced_columns(text: str, expected: set[str]) -> None:
    assert referenced_columns(text) == expected


# --- laws ----------------------------------------------------------------------------------------

_names = st.text(
    alphabet=st.characters(codec="ascii", categories=("L", "N", "Zs", "Pd", "Pc")),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s != "")


@given(_names)
def test_any_backticked_declared_name_resolves(name: str) -> None:
    text = f"`{name.upper()}` IS NOT NULL"
    assert check_expression(text, {name: _p("int")}) == ExpressionCheck((), frozenset({name}))
    assert referenced_columns(text) == {name.lower()}


_TOKENS = st.sampled_from(
    str.split(
        "a a.b m['k'] x[0] 'str' 1 1e NULL true ( ) , -> : :: AND OR NOT = > IN IS LIKE "
        "BETWEEN CASE WHEN THEN END count( exists( OVER SELECT FROM ; ` ' \" /* -- \n * [1e]",
        " ",
    )
)


@given(st.lists(_TOKENS, max_size=14), st.sampled_from(["", " ", "\n"]))
def test_never_raises(tokens: list[str], separator: str) -> None:
    text = separator.join(tokens)
    result = check_expression(text, {"a": _struct(b=_p("int")), "m": None})
    assert all(p.offset is None or 0 <= p.offset <= len(text) for p in result.problems)
    referenced_columns(text)


def test_sqlglot_errors_other_than_parse_errors_become_problems() -> None:
    problem = only_problem("v:a[1e] IS NOT NULL")
    assert problem.message.startswith("the text cannot be read as Spark SQL")


def test_sqlglot_warnings_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sqlglot"):
        check("legacy -> '$[1e]' IS NOT NULL")
    assert caplog.records == []


# --- known false alarms: Spark 4.3 accepts these, sqlglot 30 does not ----------------------------


@pytest.mark.xfail(strict=True, reason="sqlglot does not parse the in(...) function form")
def test_in_function_form() -> None:
    assert check("in(order_id, 1, 2)").problems == ()


@pytest.mark.xfail(strict=True, reason="sqlglot has no >>> (unsigned shift) operator")
def test_unsigned_shift() -> None:
    assert check("order_id >>> 1 = 0").problems == ()


@pytest.mark.xfail(strict=True, reason="sqlglot rejects X 'hex' with a space")
def test_binary_literal_with_space() -> None:
    assert check("X '1F' IS NOT NULL").problems == ()


@pytest.mark.xfail(strict=True, reason="sqlglot reserves keywords Spark lets name columns")
def test_unquoted_keyword_column() -> None:
    assert check_expression("from > 1", {"from": _p("int")}).problems == ()


@pytest.mark.xfail(strict=True, reason="sqlglot does not parse the between(...) function form")
def test_between_function_form() -> None:
    assert check("between(amount, 1, 2)").problems == ()
