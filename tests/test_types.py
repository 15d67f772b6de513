"""contractkit.types: the Spark SQL type grammar.

Expected values were checked against Spark 4.3's own parser (CatalystSqlParser.parseDataType);
rows where contractkit deliberately differs from Spark say so.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractkit.types import (
    PRIMITIVE_NAMES,
    ArrayType,
    CharType,
    CollatedStringType,
    DataType,
    DecimalType,
    IntervalType,
    MapType,
    PrimitiveType,
    StructField,
    StructType,
    TimeType,
    TypeSyntaxError,
    VarcharType,
    canonical_type,
    format_type,
    integral_range,
    is_fractional,
    is_integral,
    is_numeric,
    is_string_like,
    is_temporal,
    parse_type,
)

INT = PrimitiveType("int")
STRING = PrimitiveType("string")

# ------------------------------------------------------------------------ canonical forms

SYNONYMS = [
    ("boolean", "boolean"),
    ("BYTE", "tinyint"),
    ("tinyint", "tinyint"),
    ("Short", "smallint"),
    ("smallint", "smallint"),
    ("INTEGER", "int"),
    ("int", "int"),
    ("long", "bigint"),
    ("BigInt", "bigint"),
    ("REAL", "float"),
    ("float", "float"),
    ("double", "double"),
    ("string", "string"),
    ("binary", "binary"),
    ("date", "date"),
    ("timestamp", "timestamp"),
    ("TIMESTAMP_LTZ", "timestamp"),
    ("timestamp with local time zone", "timestamp"),
    ("timestamp(6)", "timestamp"),
    ("timestamp_ntz", "timestamp_ntz"),
    ("Timestamp Without Time Zone", "timestamp_ntz"),
    ("timestamp_ntz(6)", "timestamp_ntz"),
    ("void", "void"),
    ("variant", "variant"),
    ("interval", "interval"),  # CalendarIntervalType
    ("decimal", "decimal(10,0)"),
    ("DEC", "decimal(10,0)"),
    ("numeric(5)", "decimal(5,0)"),
    ("decimal(05,02)", "decimal(5,2)"),
    ("decimal(38,38)", "decimal(38,38)"),
    ("char(3)", "char(3)"),
    ("CHARACTER(3)", "char(3)"),
    ("varchar(0)", "varchar(0)"),
    ("time", "time(6)"),
    ("TIME(0) WITHOUT TIME ZONE", "time(0)"),
    ("time(9)", "time(9)"),
    ("interval year", "interval year"),
    ("INTERVAL YEAR TO MONTH", "interval year to month"),
    ("interval day to second", "interval day to second"),
    ("interval hour to minute", "interval hour to minute"),
    ("interval second", "interval second"),
    ("string collate utf8_lcase", "string collate UTF8_LCASE"),
    ("string COLLATE UTF8_BINARY", "string"),
    ("string collate system.builtin.`utf8_lcase`", "string collate UTF8_LCASE"),
    ("string collate unicode_ai_ci", "string collate UNICODE_CI_AI"),
    ("string collate unicode_rtrim_ci", "string collate UNICODE_CI_RTRIM"),
    ("string collate unicode_cs_as", "string collate UNICODE"),
    ("string collate en_cs_as", "string collate EN"),
    ("string collate sr_cyrl_srb_ci", "string collate SR_CYRL_SRB_CI"),
    ("string collate en_usa_rtrim_ai", "string collate EN_USA_AI_RTRIM"),
    ("string collate utf8_lcase_rtrim", "string collate UTF8_LCASE_RTRIM"),
]

SPACING = [
    ("DECIMAL( 18 , 2 )", "decimal(18,2)"),
    ("decimal (18,2)", "decimal(18,2)"),
    (" \tarray <\n int > ", "array<int>"),
    ("map < string , array < int > >", "map<string,array<int>>"),
    ("STRUCT < a : INT , b STRING >", "struct<a:int,b:string>"),
    ("struct<>", "struct<>"),
    ("struct< >", "struct<>"),
    ("INTERVAL   Day\nTO\tSecond", "interval day to second"),
]

NESTED = [
    ("struct<street:string, city:string>", "struct<street:string,city:string>"),
    ("struct<a int not null comment 'x'>", "struct<a:int NOT NULL COMMENT 'x'>"),
    ("struct<a:int ! null>", "struct<a:int NOT NULL>"),
    ("struct<`my field`:int, `a``b`:int, ``:int>", "struct<`my field`:int,`a``b`:int,``:int>"),
    (
        "struct<123abc:int, 1e5L:int, 1e:int, _:int>",
        "struct<`123abc`:int,`1e5L`:int,`1e`:int,_:int>",
    ),
    (
        "struct<select:int,not:int,comment:int,null:int>",
        "struct<select:int,not:int,comment:int,null:int>",
    ),
    ("struct<a:struct<>>", "struct<a:struct<>>"),
    (
        "array<array<map<int,struct<x:decimal(9,2)>>>>",
        "array<array<map<int,struct<x:decimal(9,2)>>>>",
    ),
    ("map<map<int,int>,int>", "map<map<int,int>,int>"),
    ("map<void,variant>", "map<void,variant>"),
    ("struct<a:interval comment 'x'>", "struct<a:interval COMMENT 'x'>"),
    ("struct<a:interval year to month not null>", "struct<a:interval year to month NOT NULL>"),
    ("struct<a:time(3) without time zone not null>", "struct<a:time(3) NOT NULL>"),
    (
        "struct<a:string collate utf8_lcase not null comment 'c'>",
        "struct<a:string collate UTF8_LCASE NOT NULL COMMENT 'c'>",
    ),
    ("struct<a:struct<b:int>not null>", "struct<a:struct<b:int> NOT NULL>"),
    # contractkit extension: element/value nullability Spark DDL cannot spell
    ("array<int NOT NULL>", "array<int NOT NULL>"),
    ("map<string,int not null>", "map<string,int NOT NULL>"),
]


@pytest.mark.parametrize(("text", "canonical"), SYNONYMS + SPACING + NESTED)
def test_canonical_form(text: str, canonical: str) -> None:
    assert canonical_type(text) == canonical
    assert canonical_type(canonical) == canonical


def test_parse_builds_the_expected_tree() -> None:
    parsed = parse_type("struct<id:BIGINT NOT NULL, tags:array<string>, m:map<string,dec(5,2)>>")
    assert parsed == StructType(
        (
            StructField("id", PrimitiveType("bigint"), nullable=False),
            StructField("tags", ArrayType(STRING)),
            StructField("m", MapType(STRING, DecimalType(5, 2))),
        )
    )
    assert parse_type("array<int>") == ArrayType(INT, contains_null=True)
    assert parse_type("interval month") == IntervalType("month", "month")
    assert parse_type("string collate unicode_ci") == CollatedStringType("UNICODE_CI")
    assert parse_type("time(3)") == TimeType(3)


# -------------------------------------------------------------------------------- comments

COMMENTS = [
    ("'plain'", "plain"),
    ('"double"', "double"),
    ("''", ""),
    ("'it''s'", "it's"),
    ('"say ""hi"""', 'say "hi"'),
    (r"'it\'s'", "it's"),
    (r"'a\nb\tc\rd'", "a\nb\tc\rd"),
    (r"'\0\b\Z'", "\0\b\x1a"),
    (r"'50\% \_'", r"50\% \_"),  # Spark keeps \% and \_ escaped, as MySQL does
    (r"'\u00e9\U0001F600'", "é\U0001f600"),
    (r"'\101\7\8'", "A78"),  # three-digit octal only
    (r"'\q\\'", "q\\"),
    (r"r'raw\n'", r"raw\n"),
    ('R"raw\\"', "raw\\"),
    ("'a' \"b\"\n'c'", "abc"),  # adjacent literals concatenate
    ("'multi\nline'", "multi\nline"),
]


@pytest.mark.parametrize(("literal", "expected"), COMMENTS)
def test_comment_literals_unescape_as_spark_does(literal: str, expected: str) -> None:
    parsed = parse_type(f"struct<a:int comment {literal}>")
    assert isinstance(parsed, StructType)
    assert parsed.fields[0].comment == expected
    reparsed = parse_type(format_type(parsed))
    assert isinstance(reparsed, StructType)
    assert reparsed.fields[0].comment == expected


def test_comments_do_not_take_part_in_equality() -> None:
    with_comment = parse_type("struct<a:int comment 'x'>")
    without = parse_type("struct<a:int>")
    assert with_comment == without
    assert hash(with_comment) == hash(without)
    assert format_type(with_comment) != format_type(without)


def test_comment_formatting_escapes_what_spark_would_reinterpret() -> None:
    field = StructField("a", INT, comment="it's \\ \n \t \0" + "12 \x7f")
    assert format_type(StructType((field,))) == (
        r"struct<a:int COMMENT 'it\'s \\ \n \t \u000012 \u007f'>"
    )


# ---------------------------------------------------------------------------------- errors
# Rows marked "deliberate" are types Spark 4.3's parser accepts but contractkit rejects.

ERRORS = [
    ("", 0, "empty type"),
    ("   ", 0, "empty type"),
    ("strng", 0, "unknown type 'strng'; did you mean 'string'?"),
    ("array<strng>", 6, "unknown type 'strng'; did you mean 'string'?"),
    ("bool", 0, "unknown type 'bool'; did you mean 'boolean'?"),  # Spark has no BOOL
    ("datetime", 0, "did you mean 'timestamp'?"),
    ("xyzzy", 0, "unknown type 'xyzzy'; expected e.g. int, string"),
    ("null", 0, "unknown type 'null'"),
    ("decimal(40,2)", 8, "decimal precision must be between 1 and 38, got 40"),
    ("decimal(0)", 8, "decimal precision must be between 1 and 38, got 0"),  # deliberate
    ("decimal(5,6)", 10, "decimal scale must be between 0 and the precision 5, got 6"),
    ("decimal(5,2,1)", 12, "decimal takes at most 2 parameter(s)"),
    ("decimal(5,)", 10, "expected a non-negative integer, found ')'"),
    ("decimal(-1)", 8, "unexpected character '-'"),
    ("int(3)", 3, "type 'int' takes no parameters"),
    ("char", 4, "char requires a length, e.g. char(10)"),
    ("varchar(2147483648)", 8, "varchar length must be at most 2147483647"),
    ("char(3) collate utf8_lcase", 8, "collations on char/varchar are not supported"),  # deliberate
    ("array", 5, "expected '<' after 'array' (e.g. array<int>), found end of input"),
    ("array<>", 6, "expected a type name, found '>'"),
    ("array<int", 9, "found end of input (array< at position 0 is never closed)"),
    ("array<int>>", 10, "unexpected '>' after a complete type"),
    ("array<int>extra", 10, "unexpected 'extra' after a complete type"),
    ("map<int>", 7, "expected ',' between the key and value types of map<K,V>, found '>'"),
    ("struct", 6, "expected '<' after 'struct'"),
    ("struct<a:int,>", 13, "expected a field name, found '>'"),
    ("struct<a:int", 12, "struct< at position 0 is never closed"),
    (
        "struct<a:int,A:string>",
        13,
        "duplicate field name 'A' (same as the field at position 7",
    ),  # deliberate
    ("struct<a-b:int>", 8, "unexpected character '-' (field names with characters other"),
    ("struct<1:int>", 7, "expected a field name, found '1' (backtick-quote it)"),
    ("struct<1d:int>", 7, "expected a field name, found '1d'"),
    ("struct<a.b:int>", 8, "expected a type name, found '.'"),
    ("struct<a:int not>", 16, "expected 'null' after 'not', found '>'"),
    ("struct<a:int comment>", 20, "expected a string literal after 'comment', found '>'"),
    ("struct<a:int comment null>", 21, "expected a string literal after 'comment', found 'null'"),
    ("struct<a:int comment 'x' not null>", 25, "expected ',' or '>' in struct<...>, found 'not'"),
    ("struct<a:int comment 'x>", 21, 'unterminated string literal starting with "\'"'),
    ("struct<a:int comment r'x>", 22, "unterminated string literal"),
    ("struct<`a:int>", 7, "unterminated backquoted name"),
    (r"struct<a:int comment '\U00110000'>", 21, "is beyond Unicode"),  # deliberate
    ("interval month to year", 18, "nothing can follow 'interval month to'"),
    ("interval minute to hour", 19, "interval minute to ... must end in 'second', found 'hour'"),
    ("interval year to second", 17, "must end in 'month', found 'second'"),
    ("interval day to", 15, "must end in 'hour' or 'minute' or 'second', found end of input"),
    ("timestamp(3)", 10, "timestamp precision must be 6 (nanoseconds are not supported), got 3"),
    ("timestamp with time zone", 15, "expected 'local' in 'timestamp with local time zone'"),
    ("time(10)", 5, "time precision must be between 0 and 9, got 10"),
    ("time with time zone", 5, "unexpected 'with' after a complete type"),
    ("string collate", 14, "expected a collation name, found end of input"),
    ("string collate a.b", 15, "expected a collation name or system.builtin.<name>, found 'a.b'"),
    ("string collate utf8_binary_ci", 15, "invalid collation name 'utf8_binary_ci'"),
    ("string collate unicode_ci_cs", 15, "invalid collation name 'unicode_ci_cs': unexpected 'CS'"),
    ("string collate en_us", 15, "'EN_US' is not a locale"),  # Spark wants en_USA
    ("string collate utf8_lcase_ltrim", 15, "invalid collation name 'utf8_lcase_ltrim'"),
    ("string collate 'utf8_lcase'", 15, "expected a collation name, found \"'utf8_lcase'\""),
    ("geography(4326)", 0, "type 'geography' is not supported by contractkit yet"),  # deliberate
    ("int not null", 4, "unexpected 'not' after a complete type"),
    ("int -- comment", 4, "unexpected character '-'"),  # deliberate: no SQL comments
    ("int $", 4, "unexpected character '$'"),
    (
        "array<" * 200 + "int" + ">" * 200,
        606,
        "type is nested more than 100 levels deep",
    ),  # deliberate
]


@pytest.mark.parametrize(("text", "position", "message"), ERRORS)
def test_errors_name_the_problem_and_its_position(text: str, position: int, message: str) -> None:
    with pytest.raises(TypeSyntaxError) as caught:
        parse_type(text)
    assert message in caught.value.message
    assert caught.value.position == position
    assert caught.value.text == text
    assert str(caught.value) == caught.value.message


def test_type_syntax_error_is_a_value_error_and_pickles() -> None:
    error = TypeSyntaxError("bad", 3, "int(3)")
    assert isinstance(error, ValueError)
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.message, clone.position, clone.text) == ("bad", 3, "int(3)")


@pytest.mark.parametrize(
    "build",
    [
        lambda: PrimitiveType("integer"),
        lambda: DecimalType(39),
        lambda: DecimalType(5, 6),
        lambda: CharType(-1),
        lambda: VarcharType(2**31),
        lambda: TimeType(10),
        lambda: IntervalType("month", "year"),
        lambda: IntervalType("year", "day"),
        lambda: CollatedStringType("utf8_binary"),
        lambda: CollatedStringType("utf8_lcase_ci"),
    ],
)
def test_constructors_reject_what_spark_cannot_hold(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        build()


def test_collation_names_are_canonicalised_on_construction() -> None:
    assert CollatedStringType("unicode_ai_ci") == CollatedStringType("UNICODE_CI_AI")
    assert CollatedStringType("unicode_cs").collation == "UNICODE"


# ------------------------------------------------------------------------------ predicates

TINYINT, SMALLINT, BIGINT = (PrimitiveType(n) for n in ("tinyint", "smallint", "bigint"))
PREDICATES: list[tuple[DataType, set[str]]] = [
    (TINYINT, {"integral", "numeric"}),
    (INT, {"integral", "numeric"}),
    (BIGINT, {"integral", "numeric"}),
    (PrimitiveType("float"), {"fractional", "numeric"}),
    (PrimitiveType("double"), {"fractional", "numeric"}),
    (DecimalType(18, 2), {"fractional", "numeric"}),
    (STRING, {"string_like"}),
    (CharType(3), {"string_like"}),
    (VarcharType(3), {"string_like"}),
    (CollatedStringType("UTF8_LCASE"), {"string_like"}),
    (PrimitiveType("date"), {"temporal"}),
    (PrimitiveType("timestamp"), {"temporal"}),
    (PrimitiveType("timestamp_ntz"), {"temporal"}),
    (TimeType(), set()),  # a time of day is not a point in time
    (IntervalType("day", "second"), set()),
    (PrimitiveType("boolean"), set()),
    (PrimitiveType("binary"), set()),
    (ArrayType(INT), set()),
    (StructType(), set()),
]


@pytest.mark.parametrize(("data_type", "expected"), PREDICATES)
def test_predicates(data_type: DataType, expected: set[str]) -> None:
    predicates = {
        "integral": is_integral,
        "fractional": is_fractional,
        "numeric": is_numeric,
        "string_like": is_string_like,
        "temporal": is_temporal,
    }
    assert {name for name, check in predicates.items() if check(data_type)} == expected


def test_integral_range() -> None:
    assert integral_range(TINYINT) == (-128, 127)
    assert integral_range(SMALLINT) == (-32768, 32767)
    assert integral_range(INT) == (-(2**31), 2**31 - 1)
    assert integral_range(BIGINT) == (-(2**63), 2**63 - 1)
    with pytest.raises(ValueError, match="got 'decimal\\(18,2\\)'"):
        integral_range(DecimalType(18, 2))


# --------------------------------------------------------------------- property-based laws

Draw = Callable[[st.SearchStrategy[Any]], Any]
PLAIN_NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
NAMES = PLAIN_NAMES | st.text(max_size=6) | st.sampled_from(["a b", "a`b", "1e5", "a.b", "é"])
COMMENT_TEXT = st.none() | st.text(max_size=12) | st.sampled_from(["it's", '"q"', "\\", "\\%"])
COLLATIONS = ["UTF8_LCASE", "UTF8_LCASE_RTRIM", "UNICODE", "UNICODE_CI_AI", "DE", "SR_CYRL_SRB"]
INTERVALS = [("year", "year"), ("year", "month"), ("month", "month"), ("day", "second")]
INTERVALS += [("hour", "hour"), ("hour", "minute"), ("minute", "second"), ("second", "second")]

LEAVES: st.SearchStrategy[DataType] = st.one_of(
    st.sampled_from(sorted(PRIMITIVE_NAMES)).map(PrimitiveType),
    st.integers(1, 38).flatmap(lambda p: st.integers(0, p).map(lambda s: DecimalType(p, s))),
    st.integers(0, 300).map(CharType),
    st.integers(0, 300).map(VarcharType),
    st.integers(0, 9).map(TimeType),
    st.sampled_from(INTERVALS).map(lambda pair: IntervalType(*pair)),
    st.sampled_from(COLLATIONS).map(CollatedStringType),
)


@st.composite
def _structs(draw: Draw, children: st.SearchStrategy[DataType]) -> StructType:
    fields: dict[str, StructField] = {}
    for _ in range(draw(st.integers(0, 4))):
        name = draw(NAMES)
        field = StructField(name, draw(children), draw(st.booleans()), draw(COMMENT_TEXT))
        fields.setdefault(name.lower(), field)  # unique ignoring case, as Spark compares names
    return StructType(tuple(fields.values()))


TYPES: st.SearchStrategy[DataType] = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.builds(ArrayType, children, st.booleans()),
        st.builds(MapType, children, children, st.booleans()),
        _structs(children),
    ),
    max_leaves=10,
)


def _comments(t: DataType) -> list[Any]:
    """Every comment in the tree, in order: `==` ignores them, the laws must not."""
    if isinstance(t, StructType):
        return [[f.name, f.comment, _comments(f.type)] for f in t.fields]
    if isinstance(t, ArrayType):
        return _comments(t.element)
    if isinstance(t, MapType):
        return [_comments(t.key), _comments(t.value)]
    return []


@given(TYPES)
def test_parse_inverts_format(t: DataType) -> None:
    text = format_type(t)
    parsed = parse_type(text)
    assert parsed == t
    assert _comments(parsed) == _comments(t)
    assert format_type(parsed) == text


# A second, deliberately loose renderer: random synonyms, casing, spacing and quoting.
SPELLINGS = {
    "tinyint": ["tinyint", "byte"],
    "smallint": ["smallint", "short"],
    "int": ["int", "integer"],
    "bigint": ["bigint", "long"],
    "float": ["float", "real"],
    "string": ["string", "string collate utf8_binary"],
    "timestamp": ["timestamp", "timestamp_ltz", "timestamp with local time zone", "timestamp(6)"],
    "timestamp_ntz": ["timestamp_ntz", "timestamp without time zone", "timestamp_ntz ( 6 )"],
}


def _render(t: DataType, draw: Draw) -> str:
    def pick(*options: str) -> str:
        return str(draw(st.sampled_from(options)))

    def gap() -> str:
        return pick("", " ", "\t", "\n  ")

    def space() -> str:
        return pick(" ", "  ", "\t", "\n")

    def words(text: str) -> str:
        mask = draw(st.integers(0, 2 ** len(text) - 1))
        cased = "".join(c.upper() if mask >> i & 1 else c.lower() for i, c in enumerate(text))
        return cased.replace(" ", space())

    def not_null(nullable: bool) -> str:
        return "" if nullable else space() + words(pick("not null", "! null"))

    def literal(text: str) -> str:
        quote = pick("'", '"')
        doubled = draw(st.booleans())
        body = text.replace("\\", "\\\\")
        body = body.replace(quote, quote * 2 if doubled else "\\" + quote)
        return quote + body + quote

    match t:
        case PrimitiveType(name):
            return words(pick(*SPELLINGS.get(name, [name])))
        case DecimalType(precision, scale):
            forms = [f"({gap()}{precision}{gap()},{gap()}{scale}{gap()})"]
            forms += [f"({precision})"] if scale == 0 else []
            forms += [""] if (precision, scale) == (10, 0) else []
            return words(pick("decimal", "dec", "numeric")) + gap() + pick(*forms)
        case CharType(length):
            return words(pick("char", "character")) + f"{gap()}({length})"
        case VarcharType(length):
            return words("varchar") + f"({gap()}{length}{gap()})"
        case CollatedStringType(collation):
            prefix = pick("", "system.builtin.", "SYSTEM.builtin.")
            return words("string collate") + space() + prefix + words(collation)
        case TimeType(precision):
            base = "time" if precision == 6 and draw(st.booleans()) else f"time({precision})"
            return words(base + pick("", " without time zone"))
        case IntervalType(start, end):
            return words(f"interval {start}" + ("" if start == end else f" to {end}"))
        case ArrayType(element, contains_null):
            inner = _render(element, draw) + not_null(contains_null)
            return f"{words('array')}{gap()}<{gap()}{inner}{gap()}>"
        case MapType(key, value, value_contains_null):
            inner = f"{_render(key, draw)}{gap()},{gap()}{_render(value, draw)}"
            return f"{words('map')}{gap()}<{gap()}{inner}{not_null(value_contains_null)}{gap()}>"
        case StructType(fields):
            rendered = []
            for f in fields:
                plain = f.name.isidentifier() and f.name.isascii() and draw(st.booleans())
                name = f.name if plain else "`" + f.name.replace("`", "``") + "`"
                colon = draw(st.sampled_from([f"{gap()}:{gap()}", space()]))
                text = name + colon + _render(f.type, draw) + not_null(f.nullable)
                if f.comment is not None:
                    text += space() + words("comment") + space() + literal(f.comment)
                rendered.append(text)
            return f"{words('struct')}{gap()}<{gap()}{f'{gap()},{gap()}'.join(rendered)}{gap()}>"
    raise AssertionError(t)


@given(st.data())
def test_any_spelling_parses_to_the_same_type(data: st.DataObject) -> None:
    t = data.draw(TYPES)
    text = _render(t, data.draw)
    parsed = parse_type(text)
    assert parsed == t
    assert _comments(parsed) == _comments(t)


def _outcome(text: str) -> DataType | TypeSyntaxError:
    try:
        return parse_type(text)
    except TypeSyntaxError as error:
        return error


@given(st.text(max_size=30) | st.text("<>(),:`'\" intmapstructNOTL", max_size=30))
def test_any_input_parses_or_raises_type_syntax_error(text: str) -> None:
    outcome = _outcome(text)
    if isinstance(outcome, TypeSyntaxError):
        assert 0 <= outcome.position <= len(text)
    else:
        assert parse_type(format_type(outcome)) == outcome


# -------------------------------------------------------------- naming agrees with pyspark

SPARK_NAMES: list[tuple[str, Callable[[Any], Any]]] = [
    ("boolean", lambda T: T.BooleanType()),
    ("byte", lambda T: T.ByteType()),
    ("short", lambda T: T.ShortType()),
    ("integer", lambda T: T.IntegerType()),
    ("long", lambda T: T.LongType()),
    ("real", lambda T: T.FloatType()),
    ("double", lambda T: T.DoubleType()),
    ("dec", lambda T: T.DecimalType()),
    ("DECIMAL( 18 , 2 )", lambda T: T.DecimalType(18, 2)),
    ("numeric(5)", lambda T: T.DecimalType(5, 0)),
    ("string", lambda T: T.StringType()),
    ("string collate utf8_lcase", lambda T: T.StringType("UTF8_LCASE")),
    ("string collate UTF8_BINARY", lambda T: T.StringType("UTF8_BINARY")),
    ("character(3)", lambda T: T.CharType(3)),
    ("varchar(10)", lambda T: T.VarcharType(10)),
    ("binary", lambda T: T.BinaryType()),
    ("date", lambda T: T.DateType()),
    ("timestamp_ltz", lambda T: T.TimestampType()),
    ("timestamp without time zone", lambda T: T.TimestampNTZType()),
    ("void", lambda T: T.NullType()),
    ("variant", lambda T: T.VariantType()),
    ("interval", lambda T: T.CalendarIntervalType()),
    ("interval year", lambda T: T.YearMonthIntervalType(0, 0)),
    ("interval year to month", lambda T: T.YearMonthIntervalType(0, 1)),
    ("interval hour to minute", lambda T: T.DayTimeIntervalType(1, 2)),
    ("interval day to second", lambda T: T.DayTimeIntervalType(0, 3)),
    ("time", lambda T: T.TimeType(6)),
    ("time(3)", lambda T: T.TimeType(3)),
    ("array<int>", lambda T: T.ArrayType(T.IntegerType())),
    ("map<string, array<long>>", lambda T: T.MapType(T.StringType(), T.ArrayType(T.LongType()))),
    ("struct<>", lambda T: T.StructType([])),
    (
        "struct<street:string, zip CHAR(5)>",
        lambda T: T.StructType(
            [T.StructField("street", T.StringType()), T.StructField("zip", T.CharType(5))]
        ),
    ),
]


@pytest.mark.spark
@pytest.mark.parametrize(("text", "build"), SPARK_NAMES)
def test_canonical_names_match_pyspark_simple_string(
    text: str, build: Callable[[Any], Any]
) -> None:
    """pyspark's type classes need no JVM, so this runs without a SparkSession."""
    spark_types = pytest.importorskip("pyspark.sql.types")
    try:
        spark_type = build(spark_types)
    except AttributeError:
        pytest.skip("this pyspark predates the type")
    assert canonical_type(text) == spark_type.simpleString()
