"""contractkit.sqlnames: the columns an expression reads, without sqlglot when certain.

The scan must give sqlglot's answer (`contractkit.expressions.referenced_columns`) whenever
it gives one, or `contractkit diff` would name the wrong consumers. Checked over every
expression in the repository, the expression tests' corpus and generated expressions built
to trip it: keyword-like column names, typed literals, casts, special function syntax.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlglot import Dialect, ParseError, TokenError, exp

from contractkit.expressions import referenced_columns as parsed_columns
from contractkit.sqlnames import referenced_columns, scan_columns

ROOT = Path(__file__).resolve().parent.parent


def _expressions_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "expression" and isinstance(value, str):
                yield value
            else:
                yield from _expressions_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _expressions_in(item)


def _repository_expressions() -> list[str]:
    found: set[str] = set()
    for folder in ("contracts", "examples", "tests", "docs", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            if "out" in path.relative_to(ROOT).parts:
                continue  # benchmarks' generated data: not in a clean checkout
            try:
                documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
            except (yaml.YAMLError, UnicodeDecodeError):
                continue  # the malformed corpus
            for document in documents:
                found.update(_expressions_in(document))
    return sorted(found)


def _expression_test_corpus() -> list[str]:
    spec = importlib.util.spec_from_file_location("_expr_tests", ROOT / "tests/test_expressions.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lists = ("SEED", "VALID", "NESTED", "LAMBDAS", "QUOTED_AND_LAYOUT")
    return [text for name in lists for text, _ in getattr(module, name)]


REPOSITORY = _repository_expressions()
CORPUS = sorted(set(REPOSITORY) | set(_expression_test_corpus()))


def test_the_repository_has_expressions_to_compare() -> None:
    assert len(REPOSITORY) >= 25, REPOSITORY


@pytest.mark.parametrize("text", CORPUS)
def test_scan_agrees_with_the_parser(text: str) -> None:
    scanned = scan_columns(text)
    if scanned is not None:
        assert scanned == parsed_columns(text)
    assert referenced_columns(text) == parsed_columns(text)


def test_the_seed_contracts_take_the_fast_path() -> None:
    """The point of the scan: the expectations people write need no parser."""
    texts = [
        text
        for path in sorted((ROOT / "contracts").glob("*.yaml"))
        for text in _expressions_in(yaml.safe_load(path.read_text(encoding="utf-8")))
    ]
    assert texts
    declined = [text for text in texts if scan_columns(text) is None]
    assert declined == []


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("amount > 0", {"amount"}),
        ("status IN ('A', 'B') AND status NOT IN ('C')", {"status"}),
        ("address.geo.lat BETWEEN -90 AND 90", {"address"}),
        ("`Weird Col` > 1 AND `a``b` IS NULL", {"weird col", "a`b"}),
        ("items[0].qty > 0 AND m['k'].v = 1", {"items", "m"}),
        ("CAST(amount AS DECIMAL(10, 2)) > 0", {"amount"}),
        ("try_cast(code AS INT) IS NOT NULL", {"code"}),
        ("CASE WHEN a > 0 THEN b ELSE c END = 1", {"a", "b", "c"}),
        ("CASE s WHEN 'x' THEN 1 END > 0", {"s"}),
        ("a IS NOT DISTINCT FROM b", {"a", "b"}),
        ("name LIKE 'a!%' ESCAPE '!'", {"name"}),
        ("created_at <= current_timestamp() AND d <= current_date", {"created_at", "d"}),
        ("phone RLIKE r'^\\+?[0-9]+$'", {"phone"}),
        ("note = 'it''s' AND other = \"a \\\" b\"", {"note", "other"}),
        ("day_of_week(ts) > 1 AND 1.5e3BD < 2L", {"ts"}),
        ("order_date >= DATE '2020-01-01'", {"order_date"}),
        ("ts <= loaded + INTERVAL 5 MINUTES", {"ts", "loaded"}),
        ("ts > now() - INTERVAL '1-2' YEAR TO MONTH", {"ts"}),
        ("ts > now() - INTERVAL 1 DAY 2 HOURS", {"ts"}),
        ("a LIKE ANY ('x%') AND b NOT ILIKE ALL ('y%')", {"a", "b"}),
        ("true", set()),
        ("count(*) >= 1000 AND sum(amount) > 0", {"amount"}),  # dataset checks: a star call
    ],
)
def test_scan(text: str, columns: set[str]) -> None:
    assert scan_columns(text) == columns
    assert parsed_columns(text) == columns


@pytest.mark.parametrize(
    "text",
    [
        "exists(items, x -> x.qty > 0)",  # lambda variables are not columns
        "v:a.b IS NOT NULL",  # variant path
        "amount::int > 0",
        "a > 0 -- comment",
        "/* c */ a > 0",
        "ts > current_timestamp - INTERVAL 1",  # a number needs its unit
        "timestampdiff(HOUR, a, b) > 0",  # a unit, not a column
        "extract(YEAR FROM d) > 2000",
        "struct(a AS x).x > 0",  # an alias
        "end > 1",  # a column named like a keyword
        "date > DATE '2020-01-01'",
        "count(*) + x > 0",  # a star call followed by more: for the parser
        "s.* IS NOT NULL",
        "`f`(a)",
        "1abc > 0",
        "name = 'unterminated",
        "a b",
        "CAST(a AS ARRAY<INT>) IS NOT NULL",
        "current_date.x > 1",
        "prénom IS NOT NULL",
    ],
)
def test_scan_declines_what_needs_a_parser(text: str) -> None:
    assert scan_columns(text) is None


# -- generated expressions ----------------------------------------------------------------

NAMES = [
    "amount", "status", "a", "b1", "_x", "order_id", "Mixed",
    # words that are keywords, types, units or functions somewhere in Spark SQL
    "end", "date", "year", "day", "hour", "x", "string", "int", "order", "user", "value",
    "key", "filter", "any", "all", "interval", "case", "when", "not", "null", "is", "in",
    "current_date", "current_user", "timestamp", "binary", "escape", "distinct", "from",
    "div", "unknown", "as", "like", "first", "left", "right", "range", "array", "map",
]  # fmt: skip


def _each(names: str, counts: tuple[int, int]) -> dict[str, tuple[int, int]]:
    return dict.fromkeys(names.split(), counts)


# Spark functions with the argument counts Spark accepts: sqlglot drops arguments beyond
# its own idea of a function's arity (Spark rejects such calls), so only valid calls are
# generated for the functions it knows; unknown names (UDFs) get any count.
FUNCTIONS = {
    **dict.fromkeys(NAMES, (0, 3)),
    **_each("upper abs length trim size cardinality char_length isnull", (1, 1)),
    **_each("to_json last_day md5 ascii base64 bin hex string int double", (1, 1)),
    **_each("date timestamp boolean decimal", (1, 1)),
    **_each("date_add datediff nvl ifnull nullif date_format left right", (2, 2)),
    **_each("element_at get_json_object date_trunc trunc add_months sha2", (2, 2)),
    **_each("try_divide try_add array_contains instr format_number encode", (2, 2)),
    **_each("nvl2 if conv", (3, 3)),
    **_each("coalesce concat hash xxhash64 format_string printf", (1, 3)),
    **_each("to_date to_timestamp round from_unixtime", (1, 2)),
    **_each("concat_ws substring regexp_extract split greatest least", (2, 3)),
    **_each("months_between array_join locate lpad rpad", (2, 3)),
    "unix_timestamp": (0, 2),
}


def _column() -> st.SearchStrategy[str]:
    plain = st.sampled_from(NAMES)
    quoted = plain.map(lambda n: f"`{n}`") | st.just("`two words`")
    head = plain | quoted
    fields = st.lists(plain | quoted, max_size=2)
    path = st.tuples(head, fields).map(lambda t: ".".join([t[0], *t[1]]))
    subscript = st.tuples(head, st.sampled_from(["[0]", "['k']", "[0].f"])).map("".join)
    return head | path | subscript


LITERALS = st.sampled_from(
    [
        "0", "1.5", ".5", "1e3", "2L", "3BD", "'x'", "'it''s'", '"q"', "'a\\'b'", "r'\\d+'",
        "NULL", "TRUE", "false", "DATE '2020-01-01'", "TIMESTAMP '2020-01-01 00:00:00'",
        "X'1F'", "current_date", "current_timestamp()", "INTERVAL 1 DAY",
    ]
)  # fmt: skip


def _value(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    call = (
        st.sampled_from(sorted(FUNCTIONS))
        .flatmap(
            lambda f: st.tuples(
                st.just(f), st.lists(inner, min_size=FUNCTIONS[f][0], max_size=FUNCTIONS[f][1])
            )
        )
        .map(lambda t: f"{t[0]}({', '.join(t[1])})")
    )
    unit_call = st.tuples(st.sampled_from(["timestampdiff", "date_add"]), inner, inner).map(
        lambda t: f"{t[0]}(DAY, {t[1]}, {t[2]})"
    )
    cast = st.tuples(
        st.sampled_from(["CAST", "try_cast"]),
        inner,
        st.sampled_from(["INT", "decimal(10, 2)", "STRING", "date", "ARRAY<INT>"]),
    ).map(lambda t: f"{t[0]}({t[1]} AS {t[2]})")
    arithmetic = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "||", "DIV"]), inner)
    return (
        _column()
        | LITERALS
        | call
        | unit_call
        | cast
        | arithmetic.map(" ".join)
        | inner.map(lambda v: f"({v})")
        | st.tuples(inner, inner).map(lambda t: f"{t[0]}::{t[1]}")
        | st.tuples(st.sampled_from(NAMES), inner).map(lambda t: f"exists(a, {t[0]} -> {t[1]})")
        | st.tuples(inner, st.sampled_from(NAMES)).map(lambda t: f"struct({t[0]} AS {t[1]})")
    )


def _condition(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    comparison = st.tuples(
        value, st.sampled_from(["=", "==", "<>", "!=", "<", ">=", "<=>"]), value
    ).map(" ".join)
    tests = st.one_of(
        value.map(lambda v: f"{v} IS NULL"),
        value.map(lambda v: f"{v} IS NOT NULL"),
        st.tuples(value, value).map(lambda t: f"{t[0]} IS DISTINCT FROM {t[1]}"),
        st.tuples(value, st.lists(value, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]} NOT IN ({', '.join(t[1])})"
        ),
        st.tuples(value, value, value).map(lambda t: f"{t[0]} BETWEEN {t[1]} AND {t[2]}"),
        st.tuples(value, st.sampled_from(["LIKE", "RLIKE", "ILIKE", "NOT LIKE"])).map(
            lambda t: f"{t[0]} {t[1]} 'a%'"
        ),
        value.map(lambda v: f"{v} LIKE 'a!%' ESCAPE '!'"),
        st.tuples(value, value, value).map(
            lambda t: f"CASE WHEN {t[0]} > 0 THEN {t[1]} ELSE {t[2]} END = 1"
        ),
        st.tuples(value, value).map(lambda t: f"CASE {t[0]} WHEN 1 THEN {t[1]} END"),
        value,
        comparison,
    )
    return st.recursive(
        tests,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["AND", "OR"]), inner).map(" ".join),
            inner.map(lambda c: f"NOT ({c})"),
            inner.map(lambda c: f"({c})"),
            inner.map(lambda c: f"{c} -- note"),
        ),
        max_leaves=4,
    )


EXPRESSIONS = _condition(st.recursive(_column() | LITERALS, _value, max_leaves=4))


@settings(max_examples=2000, deadline=None)
@given(EXPRESSIONS)
@example("end > 1")
@example("timestampdiff(DAY, a, b) > 0")
def test_scan_agrees_with_the_parser_on_generated_expressions(text: str) -> None:
    """Compared where sqlglot parses the text as written. Where it cannot, it names no
    columns, or (given too many arguments for a function it knows, which Spark rejects) drops
    the extra ones; the scan names what it sees. Both are moot: such a contract fails lint
    or Spark's analysis."""
    scanned = scan_columns(text)
    if scanned is not None and _parses_strictly(text):
        assert scanned == parsed_columns(text), text


def _parses_strictly(text: str) -> bool:
    dialect = Dialect.get_or_raise("databricks")
    try:
        return bool(dialect.parser().parse_into(exp.Condition, dialect.tokenize(text), text))
    except (ParseError, TokenError, IndexError, ValueError):  # sqlglot raises all of these
        return False


def test_generated_expressions_mostly_take_the_fast_path() -> None:
    """A scan that declines everything would agree vacuously."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # example() outside @given is meant for shells
        texts = [EXPRESSIONS.example() for _ in range(300)]
    scanned = sum(1 for text in texts if scan_columns(text) is not None)
    assert scanned >= 30, scanned  # ~20%: the generator aims at the hard cases


# -- the point: a cold diff parses no expression -----------------------------------------------


def test_cold_diff_naming_consumers_parses_no_expression() -> None:
    """The benchmark's seed pair: its findings touch expectations and consumers use columns.

    sqlglot itself may be imported (quoting a derived expectation's column reads the installed
    sqlglot's keyword tables, `contractkit.sqltext.misread_by_sqlglot`), but no expression is
    parsed: naming consumers is the token scan's job.
    """
    probe = (
        "import sys, json, io, contextlib\n"
        "import sqlglot.parser\n"
        "parsed = []\n"
        "original = sqlglot.parser.Parser.parse\n"
        "def counting(self, *args, **kwargs):\n"
        "    parsed.append(args)\n"
        "    return original(self, *args, **kwargs)\n"
        "sqlglot.parser.Parser.parse = counting\n"
        "from contractkit.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main(['diff', '--format', 'json', *sys.argv[1:]], standalone_mode=False)\n"
        "report = json.loads(out.getvalue())\n"
        "named = [c for c in report['changes'] if c['consumers']]\n"
        "assert named, report\n"
        "assert parsed == [], f'{len(parsed)} expressions were parsed'\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(ROOT / "contracts/silver_orders.yaml"),
            str(ROOT / "benchmarks/fixtures/silver_orders_next.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _spark_function_names() -> list[str]:
    functions = pytest.importorskip("pyspark.sql.functions")
    return sorted(
        name
        for name, value in vars(functions).items()
        if callable(value) and not name.startswith("_") and name.islower()
    )


def test_scan_never_misses_a_column_the_parser_sees_in_any_spark_function() -> None:
    """Every function pyspark names, called with 0-3 columns. Where sqlglot reads an argument
    as a unit or drops it, the scan must decline; where sqlglot drops arguments beyond a
    function's arity (a call Spark rejects), the scan names them all."""
    checked = 0
    for name in _spark_function_names():
        for count in range(4):
            text = f"{name}({', '.join(f'c{i}' for i in range(count))}) IS NULL"
            scanned = scan_columns(text)
            if scanned is None or not _parses_strictly(text):
                continue
            checked += 1
            assert scanned >= parsed_columns(text), text
    assert checked > 1000
