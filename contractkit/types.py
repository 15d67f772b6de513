"""Spark SQL type grammar: parse DDL type strings, print one canonical form, classify types.

Stdlib only, so `lint`, `diff` and `generate` never need a JVM. The grammar is Spark 4.x's
`dataType` rule (SqlBaseParser.g4 + DataTypeAstBuilder), checked against Spark 4.3's own
parser. Where this module deliberately differs from Spark, the code says so.

Canonical form (`format_type`) is Spark's `simpleString` plus what simpleString drops:
struct fields render as ``name:type NOT NULL COMMENT '...'``. Two extensions Spark DDL cannot
express are added so that printing never lies: ``array<int NOT NULL>`` and
``map<string,int NOT NULL>`` for elements/values that cannot be null.

Deliberately stricter than Spark: decimal precision 0, struct field names equal ignoring case,
`char/varchar ... collate`, geography/geometry, SQL comments, backslash-U escapes past U+10FFFF and
nesting deeper than 100 are rejected. `timestamp` assumes spark.sql.timestampType's default, LTZ.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

# Types that take no parameters or suffixes, by every spelling Spark's grammar accepts.
_SIMPLE_NAMES = ("boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "binary")
_ALIASES = {"byte": "tinyint", "short": "smallint", "integer": "int", "long": "bigint"}
_SIMPLE_TYPES = {name: name for name in (*_SIMPLE_NAMES, "date", "void", "variant")} | _ALIASES
_SIMPLE_TYPES["real"] = "float"
# TIMESTAMP means spark.sql.timestampType, whose default (assumed here) is TIMESTAMP_LTZ.
_TIMESTAMPS = {"timestamp": "timestamp", "timestamp_ltz": "timestamp"}
_TIMESTAMPS["timestamp_ntz"] = "timestamp_ntz"
# `interval` alone is Spark's CalendarIntervalType: valid DDL, but not storable in tables.
PRIMITIVE_NAMES = frozenset([*_SIMPLE_TYPES.values(), *_TIMESTAMPS.values(), "string", "interval"])
_INTEGRAL_RANGES = {
    "tinyint": (-(2**7), 2**7 - 1),
    "smallint": (-(2**15), 2**15 - 1),
    "int": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_INTERVAL_FAMILIES = (("year", "month"), ("day", "hour", "minute", "second"))
_MAX_DECIMAL_PRECISION = 38
_MAX_LENGTH = 2**31 - 1  # char/varchar length is a Java int
_MAX_TIME_PRECISION = 9
_MAX_DEPTH = 100  # keeps hostile input from hitting Python's recursion limit
_COLLATION_SPECIFIERS = {"CS": 0, "CI": 0, "AS": 1, "AI": 1, "RTRIM": 2}


class TypeSyntaxError(ValueError):
    """A type string Spark would reject, or that contractkit cannot represent.

    `position` is a 0-based offset into `text`, so callers can map it to file:line:col.
    """

    def __init__(self, message: str, position: int, text: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.text = text

    def __reduce__(self) -> tuple[type[TypeSyntaxError], tuple[str, int, str]]:
        return TypeSyntaxError, (self.message, self.position, self.text)


def _check_range(what: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}, got {value}")


@dataclass(frozen=True, slots=True)
class PrimitiveType:
    """A parameterless type by its canonical Spark name (`int`, never `integer`)."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in PRIMITIVE_NAMES:
            raise ValueError(f"unknown primitive type {self.name!r}")


@dataclass(frozen=True, slots=True)
class DecimalType:
    precision: int = 10
    scale: int = 0

    def __post_init__(self) -> None:
        _check_range("decimal precision", self.precision, 1, _MAX_DECIMAL_PRECISION)
        _check_range("decimal scale", self.scale, 0, self.precision)


@dataclass(frozen=True, slots=True)
class CharType:
    length: int

    def __post_init__(self) -> None:
        _check_range("char length", self.length, 0, _MAX_LENGTH)


@dataclass(frozen=True, slots=True)
class VarcharType:
    length: int

    def __post_init__(self) -> None:
        _check_range("varchar length", self.length, 0, _MAX_LENGTH)


@dataclass(frozen=True, slots=True)
class CollatedStringType:
    """`string collate X` for any X but the default UTF8_BINARY, which is plain `string`.

    The name is canonicalised as Spark does (case, `system.builtin.` prefix, default CS/AS
    specifiers dropped, CI/AI/RTRIM ordered) but printed upper case, as Spark's `.sql` does.
    Whether an ICU locale exists is left to Spark: that list lives in the JVM.
    """

    collation: str

    def __post_init__(self) -> None:
        canonical = _canonical_collation(self.collation)
        if canonical == "UTF8_BINARY":
            raise ValueError("UTF8_BINARY is the default collation: use PrimitiveType('string')")
        object.__setattr__(self, "collation", canonical)


@dataclass(frozen=True, slots=True)
class TimeType:
    """TIME(p), Spark 4.1+: a time of day with 0..9 fractional-second digits."""

    precision: int = 6

    def __post_init__(self) -> None:
        _check_range("time precision", self.precision, 0, _MAX_TIME_PRECISION)


@dataclass(frozen=True, slots=True)
class IntervalType:
    """ANSI interval; a single-unit interval has start == end (`interval year`)."""

    start: str
    end: str

    def __post_init__(self) -> None:
        for units in _INTERVAL_FAMILIES:
            if self.start in units and self.end in units[units.index(self.start) :]:
                return
        raise ValueError(f"invalid interval fields {self.start!r} to {self.end!r}")


@dataclass(frozen=True, slots=True)
class ArrayType:
    element: DataType
    contains_null: bool = True


@dataclass(frozen=True, slots=True)
class MapType:
    key: DataType
    value: DataType
    value_contains_null: bool = True


@dataclass(frozen=True, slots=True)
class StructField:
    """A struct member; the comment and the governance metadata (`(key, value)` pairs, as
    Spark's field metadata holds them) are documentation, so they take no part in equality."""

    name: str
    type: DataType
    nullable: bool = True
    comment: str | None = field(default=None, compare=False)
    metadata: tuple[tuple[str, str | bool | tuple[str, ...]], ...] = field(
        default=(), compare=False
    )


@dataclass(frozen=True, slots=True)
class StructType:
    """Fields in order. Duplicate names are rejected by the parser only: a schema read from
    data may carry them, and constructing its description must not fail."""

    fields: tuple[StructField, ...] = ()


DataType = (
    PrimitiveType
    | DecimalType
    | CharType
    | VarcharType
    | CollatedStringType
    | TimeType
    | IntervalType
    | ArrayType
    | MapType
    | StructType
)


# ---------------------------------------------------------------------------- collations


def _canonical_collation(name: str) -> str:
    """Spark 4.3's naming rules: UTF8_* takes only RTRIM; ICU locales take CS|CI, AS|AI, RTRIM
    once each, and Spark drops the defaults CS and AS (`unicode_cs_as` is `UNICODE`)."""
    parts = name.upper().split("_")
    if not all(re.fullmatch(r"[A-Z0-9]+", part) for part in parts):
        raise ValueError(f"invalid collation name {name!r}")
    if parts[0] == "UTF8":
        if parts[1:2] not in (["BINARY"], ["LCASE"]) or parts[2:] not in ([], ["RTRIM"]):
            expected = "UTF8_BINARY or UTF8_LCASE, optionally with _RTRIM"
            raise ValueError(f"invalid collation name {name!r}: expected {expected}")
        return "_".join(parts)
    locale, chosen = parts[:1], dict[int, str]()
    for part in parts[1:]:
        group = _COLLATION_SPECIFIERS.get(part)
        if group is None and not chosen:
            locale.append(part)
        elif group is None or group in chosen:
            raise ValueError(f"invalid collation name {name!r}: unexpected {part!r}")
        else:
            chosen[group] = part
    # Spark names ICU locales language[_Script][_ISO3Country]; which ones exist is ICU's call.
    if not re.fullmatch(r"UNICODE|[A-Z]{2,3}(_[A-Z]{4})?(_[A-Z]{3})?", "_".join(locale)):
        raise ValueError(f"invalid collation name {name!r}: {'_'.join(locale)!r} is not a locale")
    kept = [chosen[group] for group in sorted(chosen) if chosen[group] not in {"CS", "AS"}]
    return "_".join(locale + kept)


# ----------------------------------------------------------------------------- tokenizer


class _Token(NamedTuple):
    kind: str  # word | quoted | string | punct | end
    text: str
    pos: int


# Mirrors SqlBaseLexer: STRING_LITERAL (incl. R'raw' and '' doubling), DOUBLEQUOTED_STRING,
# IDENTIFIER (ASCII letters, digits, _), BACKQUOTED_IDENTIFIER, WS.
_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)
      | (?P<string>[rR]'[^']*'|[rR]"[^"]*"|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")
      | (?P<word>[A-Za-z0-9_]+)
      | (?P<quoted>`(?:[^`]|``)*`)
      | (?P<punct>[<>(),:.!])""",
    re.VERBOSE | re.DOTALL,
)
# Spark lexes these as numeric literals, so they cannot be unquoted field names.
_NUMERIC_LITERAL = re.compile(r"\d+(?:[LSY]|(?:E\d+)?(?:D|F|BD)?)", re.IGNORECASE)
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            if char in "'\"`":
                what = "backquoted name" if char == "`" else "string literal"
                raise TypeSyntaxError(f"unterminated {what} starting with {char!r}", pos, text)
            hint = (
                "field names with characters other than ASCII letters, digits and _ need backticks"
            )
            raise TypeSyntaxError(f"unexpected character {char!r} ({hint})", pos, text)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_ESCAPES |= {"%": "\\%", "_": "\\_"}  # Spark keeps these two escaped, as MySQL does


def _unescape(literal: str) -> str:
    """SparkParserUtils.unescapeSQLString, step for step."""
    if literal[0] in "rR":
        return literal[2:-1]
    quote, body = literal[0], literal[1:-1]
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        char = body[i]
        if char == quote and i + 1 < n and body[i + 1] == quote:
            out.append(quote)
            i += 2
        elif char != "\\" or i + 1 == n:
            out.append(char)
            i += 1
        elif body[i + 1] == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        elif body[i + 1] == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", body[i + 2 : i + 10]):
            code = int(body[i + 2 : i + 10], 16)
            if code > 0x10FFFF:
                raise ValueError(f"\\U escape {body[i : i + 10]!r} is beyond Unicode")
            out.append(chr(code))
            i += 10
        elif re.fullmatch(r"[01][0-7]{2}", body[i + 1 : i + 4]):
            out.append(chr(int(body[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
    return "".join(out)


# -------------------------------------------------------------------------------- parser

_HINTS = {"bool": "boolean", "datetime": "timestamp", "text": "string", "uuid": "string"}
_KEYWORDS = sorted(
    {*_SIMPLE_TYPES, *_TIMESTAMPS, "string", "interval", "time", "array", "map", "struct"}
    | {"decimal", "dec", "numeric", "char", "character", "varchar"}
)


def _describe(token: _Token) -> str:
    return "end of input" if token.kind == "end" else repr(token.text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def error(self, message: str, token: _Token) -> TypeSyntaxError:
        return TypeSyntaxError(message, token.pos, self.text)

    def at(self, text: str) -> bool:
        token = self.peek()
        return token.kind in ("word", "punct") and token.text.lower() == text

    def expect(self, text: str, context: str) -> _Token:
        token = self.take()
        if token.kind not in ("word", "punct") or token.text.lower() != text:
            raise self.error(f"expected {text!r} {context}, found {_describe(token)}", token)
        return token

    def close(self, opener: _Token, expected: str) -> None:
        token = self.take()
        if not (token.kind == "punct" and token.text == ">"):
            unclosed = f" ({opener.text}< at position {opener.pos} is never closed)"
            message = f"expected {expected}, found {_describe(token)}"
            raise self.error(message + (unclosed if token.kind == "end" else ""), token)

    def integer(self) -> tuple[int, _Token]:
        token = self.take()
        if token.kind != "word" or not token.text.isdigit():
            raise self.error(f"expected a non-negative integer, found {_describe(token)}", token)
        return int(token.text), token

    def params(self, name: str, most: int) -> list[tuple[int, _Token]]:
        if not self.at("("):
            return []
        self.take()
        values = [self.integer()]
        while self.at(","):
            self.take()
            values.append(self.integer())
        if len(values) > most:
            raise self.error(f"{name} takes at most {most} parameter(s)", values[most][1])
        self.expect(")", f"to close {name}(...)")
        return values

    def not_null(self) -> bool:
        if not (self.at("not") or self.at("!")):
            return False
        self.take()
        self.expect("null", "after 'not'")
        return True

    def data_type(self, depth: int) -> DataType:
        token = self.take()
        if depth > _MAX_DEPTH:
            raise self.error(f"type is nested more than {_MAX_DEPTH} levels deep", token)
        if token.kind != "word" or token.text.isdigit():
            raise self.error(f"expected a type name, found {_describe(token)}", token)
        name = token.text.lower()
        if name in ("array", "map", "struct"):
            return self.complex_type(name, token, depth)
        if name in _SIMPLE_TYPES:
            if self.at("("):
                raise self.error(f"type {name!r} takes no parameters", self.peek())
            return PrimitiveType(_SIMPLE_TYPES[name])
        result = self.parameterised_type(name, token)
        if result is None:
            hint = _HINTS.get(name) or next(
                iter(difflib.get_close_matches(name, _KEYWORDS, n=1, cutoff=0.6)), None
            )
            message = f"unknown type {token.text!r}"
            if name in ("geography", "geometry"):
                message = f"type {token.text!r} is not supported by contractkit yet"
            elif hint:
                message += f"; did you mean {hint!r}?"
            else:
                message += "; expected e.g. int, string, decimal(p,s), array<T> or struct<...>"
            raise self.error(message, token)
        return result

    def complex_type(self, name: str, token: _Token, depth: int) -> DataType:
        example = {"array": "array<int>", "map": "map<string,int>", "struct": "struct<a:int>"}
        self.expect("<", f"after {name!r} (e.g. {example[name]})")
        if name == "array":
            element = self.data_type(depth + 1)
            contains_null = not self.not_null()
            self.close(token, "'>' to close array<...>")
            return ArrayType(element, contains_null)
        if name == "map":
            key = self.data_type(depth + 1)
            self.expect(",", "between the key and value types of map<K,V>")
            value = self.data_type(depth + 1)
            value_contains_null = not self.not_null()
            self.close(token, "'>' to close map<...>")
            return MapType(key, value, value_contains_null)
        fields: list[StructField] = []
        seen: dict[str, int] = {}
        if not self.at(">"):
            fields.append(self.struct_field(depth, seen))
            while self.at(","):
                self.take()
                fields.append(self.struct_field(depth, seen))
        self.close(token, "',' or '>' in struct<...>")
        return StructType(tuple(fields))

    def struct_field(self, depth: int, seen: dict[str, int]) -> StructField:
        token = self.take()
        if token.kind == "quoted":
            name = token.text[1:-1].replace("``", "`")
        elif token.kind == "word" and not _NUMERIC_LITERAL.fullmatch(token.text):
            name = token.text
        else:
            hint = " (backtick-quote it)" if token.kind == "word" else ""
            raise self.error(f"expected a field name, found {_describe(token)}{hint}", token)
        key = name.lower()  # Spark resolves field names case-insensitively by default
        if key in seen:
            why = f"same as the field at position {seen[key]}, ignoring case as Spark does"
            raise self.error(f"duplicate field name {name!r} ({why})", token)
        seen[key] = token.pos
        if self.at(":"):
            self.take()
        field_type = self.data_type(depth + 1)
        nullable = not self.not_null()
        comment = None
        if self.at("comment"):
            self.take()
            if self.peek().kind != "string":
                found = _describe(self.peek())
                raise self.error(
                    f"expected a string literal after 'comment', found {found}", self.peek()
                )
            parts = []
            while self.peek().kind == "string":  # Spark concatenates adjacent literals
                literal = self.take()
                try:
                    parts.append(_unescape(literal.text))
                except ValueError as exc:
                    raise self.error(str(exc), literal) from None
            comment = "".join(parts)
        return StructField(name, field_type, nullable, comment)

    def parameterised_type(self, name: str, token: _Token) -> DataType | None:
        if name in ("decimal", "dec", "numeric"):
            params = self.params(name, 2)
            precision = params[0][0] if params else 10
            scale = params[1][0] if len(params) > 1 else 0
            if not 1 <= precision <= _MAX_DECIMAL_PRECISION:
                message = f"decimal precision must be between 1 and 38, got {precision}"
                raise self.error(message, params[0][1])
            if scale > precision:
                message = f"decimal scale must be between 0 and the precision {precision}"
                raise self.error(f"{message}, got {scale}", params[1][1])
            return DecimalType(precision, scale)
        if name in ("char", "character", "varchar"):
            params = self.params(name, 1)
            if not params:
                raise self.error(f"{name} requires a length, e.g. {name}(10)", self.peek())
            length, length_token = params[0]
            if length > _MAX_LENGTH:
                raise self.error(f"{name} length must be at most {_MAX_LENGTH}", length_token)
            if self.at("collate"):  # Spark 4.3 accepts it, but pyspark's CharType has no collation
                message = "collations on char/varchar are not supported; use string collate ..."
                raise self.error(message, self.peek())
            return VarcharType(length) if name == "varchar" else CharType(length)
        if name == "string":
            if not self.at("collate"):
                return PrimitiveType("string")
            self.take()
            return self.collation()
        if name in _TIMESTAMPS:
            for precision, precision_token in self.params(name, 1):
                if precision != 6:  # Spark 4.3 accepts (6); 7..9 need a feature flag
                    message = f"{name} precision must be 6 (nanoseconds are not supported)"
                    raise self.error(f"{message}, got {precision}", precision_token)
            if name == "timestamp" and self.at("with"):
                for word in ("with", "local", "time", "zone"):
                    self.expect(word, "in 'timestamp with local time zone'")
            elif name == "timestamp" and self.at("without"):
                for word in ("without", "time", "zone"):
                    self.expect(word, "in 'timestamp without time zone'")
                name = "timestamp_ntz"
            return PrimitiveType(_TIMESTAMPS[name])
        if name == "time":
            params = self.params(name, 1)
            precision = params[0][0] if params else 6
            if precision > _MAX_TIME_PRECISION:
                message = f"time precision must be between 0 and 9, got {precision}"
                raise self.error(message, params[0][1])
            if self.at("without"):
                for word in ("without", "time", "zone"):
                    self.expect(word, "in 'time without time zone'")
            return TimeType(precision)
        if name == "interval":
            return self.interval()
        return None

    def collation(self) -> DataType:
        first = self.take()
        parts = [first]
        while self.at("."):
            self.take()
            parts.append(self.take())
        for part in parts:
            if part.kind not in ("word", "quoted"):
                raise self.error(f"expected a collation name, found {_describe(part)}", part)
        names = [p.text[1:-1].replace("``", "`") if p.kind == "quoted" else p.text for p in parts]
        if len(names) == 3 and [n.lower() for n in names[:2]] == ["system", "builtin"]:
            names = names[2:]
        if len(names) != 1:
            found = ".".join(names)
            message = f"expected a collation name or system.builtin.<name>, found {found!r}"
            raise self.error(message, first)
        try:
            canonical = _canonical_collation(names[0])
        except ValueError as exc:
            raise self.error(str(exc), first) from None
        if canonical == "UTF8_BINARY":
            return PrimitiveType("string")
        return CollatedStringType(canonical)

    def interval(self) -> DataType:
        start_token = self.peek()
        start = start_token.text.lower()
        family = next((units for units in _INTERVAL_FAMILIES if start in units), None)
        if start_token.kind != "word" or family is None:
            return PrimitiveType("interval")  # CalendarIntervalType
        self.take()
        end = start
        if self.at("to"):
            self.take()
            end_token = self.take()
            end = end_token.text.lower()
            later = family[family.index(start) + 1 :]
            if end_token.kind != "word" or end not in later:
                found = _describe(end_token)
                if not later:
                    message = f"nothing can follow 'interval {start} to' ({start} is the last unit)"
                else:
                    expected = " or ".join(repr(unit) for unit in later)
                    message = f"interval {start} to ... must end in {expected}, found {found}"
                raise self.error(message, end_token)
        return IntervalType(start, end)


@functools.lru_cache(maxsize=4096)
def parse_type(text: str) -> DataType:
    """Parse a Spark SQL DDL type (`DECIMAL( 18, 2 )`, `struct<a:int NOT NULL>`, ...).

    Cached: types are immutable values, and a contract states the same few types many
    times (the model also parses each one twice: to canonicalise it, then to keep it).
    """
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise TypeSyntaxError("empty type; expected e.g. int, string or array<string>", 0, text)
    result = parser.data_type(0)
    token = parser.peek()
    if token.kind != "end":
        raise parser.error(f"unexpected {token.text!r} after a complete type", token)
    return result


# ----------------------------------------------------------------------------- formatter

_COMMENT_ESCAPES = str.maketrans(
    {chr(code): f"\\u{code:04x}" for code in [*range(0x20), 0x7F]}
    | {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
)


def _format_name(name: str) -> str:
    return name if _PLAIN_NAME.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def _not_null(nullable: bool) -> str:
    return "" if nullable else " NOT NULL"


def format_type(t: DataType) -> str:
    """The canonical spelling: one string per type, so diffs compare strings."""
    match t:
        case PrimitiveType(name):
            return name
        case DecimalType(precision, scale):
            return f"decimal({precision},{scale})"
        case CharType(length):
            return f"char({length})"
        case VarcharType(length):
            return f"varchar({length})"
        case CollatedStringType(collation):
            return f"string collate {collation}"
        case TimeType(precision):
            return f"time({precision})"
        case IntervalType(start, end):
            return f"interval {start}" if start == end else f"interval {start} to {end}"
        case ArrayType(element, contains_null):
            return f"array<{format_type(element)}{_not_null(contains_null)}>"
        case MapType(key, value, value_contains_null):
            return f"map<{format_type(key)},{format_type(value)}{_not_null(value_contains_null)}>"
        case StructType(fields):
            return "struct<" + ",".join(_format_field(f) for f in fields) + ">"
    raise TypeError(f"not a contractkit DataType: {t!r}")


def _format_field(f: StructField) -> str:
    text = f"{_format_name(f.name)}:{format_type(f.type)}{_not_null(f.nullable)}"
    if f.comment is not None:
        text += " COMMENT '" + f.comment.translate(_COMMENT_ESCAPES) + "'"
    return text


def canonical_type(text: str) -> str:
    return format_type(parse_type(text))


# ---------------------------------------------------------------------------- predicates


def is_integral(t: DataType) -> bool:
    return isinstance(t, PrimitiveType) and t.name in _INTEGRAL_RANGES


def is_fractional(t: DataType) -> bool:
    return isinstance(t, DecimalType) or t in (PrimitiveType("float"), PrimitiveType("double"))


def is_numeric(t: DataType) -> bool:
    return is_integral(t) or is_fractional(t)


def is_string_like(t: DataType) -> bool:
    string_types = CharType | VarcharType | CollatedStringType
    return t == PrimitiveType("string") or isinstance(t, string_types)


def is_temporal(t: DataType) -> bool:
    """Points in time only: TIME is a time of day with no date, so freshness and date-range
    checks cannot use it."""
    return isinstance(t, PrimitiveType) and t.name in ("date", "timestamp", "timestamp_ntz")


def integral_range(t: DataType) -> tuple[int, int]:
    """Inclusive (min, max) a column of integral type `t` can hold."""
    if isinstance(t, PrimitiveType) and t.name in _INTEGRAL_RANGES:
        return _INTEGRAL_RANGES[t.name]
    message = "integral_range needs tinyint, smallint, int or bigint"
    raise ValueError(f"{message}, got {format_type(t)!r}")
