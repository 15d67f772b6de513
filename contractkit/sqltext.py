"""Spark SQL text that Spark reads back exactly: quoted names and literals.

Everything contractkit writes for Spark to parse (derived expectations, DDL) goes through
here, so that a value from a contract (a regex with backslashes, an allowed value with a
quote, a column named `order` or `a b`) reaches Spark unchanged. Stdlib only, except that
the words contractkit's own expression checker cannot read as a bare column are asked of the
installed sqlglot, the first time a plain name is quoted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

__all__ = [
    "NO_PAREN_FUNCTIONS",
    "QUOTED_WORDS",
    "column_reference",
    "expression_key",
    "misread_by_sqlglot",
    "number_literal",
    "quote_name",
    "quoted_end",
    "string_literal",
    "temporal_literal",
]

# Functions Spark calls without parentheses; a declared column of the same name wins. Both
# the expression checker and the fast name scan read them, so they live below both.
NO_PAREN_FUNCTIONS = frozenset(
    ["current_date", "current_time", "current_timestamp", "current_user", "session_user", "user"]
)

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names that must be backticked to be read as a column, in any Spark 4.3 configuration:
# 1. Spark's reserved keywords under `spark.sql.ansi.enforceReservedKeywords=true`
#    (`SELECT keyword FROM sql_keywords() WHERE reserved`, Spark 4.3: 81 words);
# 2. words Spark reads as something else even by default: the literals `true`, `false`,
#    `null`, and `current_path`, which stays a function when a column has its name.
# A Spark test checks both against a live Spark. The words contractkit's expression checker
# (sqlglot) cannot read as a bare column change with sqlglot's releases (30.31 reserved
# `release` and `savepoint`), so they are not listed here but read from the installed
# sqlglot: see `misread_by_sqlglot`. Quoting more than needed is harmless; too little is not.
QUOTED_WORDS = _words(
    """
    all alter and any as authorization between both call case cast check collate collation
    collations column constraint create cross current_date current_path current_schema
    current_time current_timestamp current_user distinct drop else end escape except execute
    explain false fetch filter for foreign from full glob grant group having ilike in inner
    insert intersect into is join lateral leading left like localtime match_recognize minus
    natural not notnull null offset on only optimize or order outer overlaps partitioned_by
    prepare primary qualify recursive references regexp rename returning revoke right rlike
    rollback select serdeproperties session_user show some sql table tablesample then time to
    trailing true uncache union unique unknown user using vacuum values when where with within
    xor
    """
)


@functools.cache
def misread_by_sqlglot() -> frozenset[str]:
    """The words the installed sqlglot's Spark dialect cannot read as a bare column name.

    A keyword whose token is not an identifier token (`select`), and one that starts a
    statement when it comes first (`release`, `show`): the same tables the expression checker
    consults (`contractkit.expressions._starts_statement`).
    """
    from sqlglot import tokens
    from sqlglot.dialects.databricks import Databricks

    parser, tokenizer = Databricks.parser_class, Databricks.tokenizer_class
    statement = {*parser.STATEMENT_PARSERS, *tokenizer.COMMANDS}
    keywords = {**tokens.Tokenizer.KEYWORDS, **tokenizer.KEYWORDS}
    return frozenset(
        word.lower()
        for word, token in keywords.items()
        if _PLAIN_NAME.fullmatch(word) and (token not in parser.ID_VAR_TOKENS or token in statement)
    )


# Spark's unescaping of ordinary string literals (SparkParserUtils.unescapeSQLString) turns
# `\<c>` into <c> (or a control character); so a backslash and the quote are escaped, and
# control characters are written as escapes to keep the text on one line.
_ESCAPES = str.maketrans(
    {chr(code): f"\\u{code:04x}" for code in [*range(0x20), 0x7F]}
    | {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def quote_name(name: str) -> str:
    """A column or field name as Spark SQL reads it: bare when plain, backticked otherwise."""
    if (
        _PLAIN_NAME.fullmatch(name)
        and name.lower() not in QUOTED_WORDS
        and name.lower() not in misread_by_sqlglot()
    ):
        return name
    return "`" + name.replace("`", "``") + "`"


def column_reference(path: Iterable[str]) -> str:
    """`address.city` from ("address", "city"); each part quoted on its own."""
    return ".".join(quote_name(part) for part in path)


def string_literal(text: str) -> str:
    """A Spark SQL string literal whose value is exactly `text`.

    Text with a backslash (regular expressions, mostly) is written as a raw literal `r'...'`
    (Spark 3.3+, Databricks Runtime 10.4+), so a pattern reads in the expression exactly as in
    the contract and means the same whatever `spark.sql.parser.escapedStringLiterals` says.
    A raw literal cannot hold a quote, so text with both (or with control characters) is
    written as an ordinary literal with `\\\\` and `\\'` escapes, valid in every Spark.
    """
    if "\\" in text and "'" not in text and not _CONTROL.search(text):
        return f"r'{text}'"
    return _escaped(text)


def _escaped(text: str) -> str:
    return "'" + text.translate(_ESCAPES) + "'"


def number_literal(value: int | float | Decimal | str) -> str:
    """A numeric literal with the exact value written in the contract (no binary rounding).

    Up to 38 digits it is a plain decimal (`0.10`, `-5`), which Spark reads as an exact
    DECIMAL (or an integer); beyond that, exponent notation, which Spark reads as a DOUBLE.
    """
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return str(int(value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    plain = format(number, "f")
    if len(plain.lstrip("-").replace(".", "")) <= 38:
        return plain
    return format(number, "E")


def temporal_literal(value: dt.date | str, kind: str) -> str:
    """`DATE'2025-01-15'`, `TIMESTAMP'2025-01-15 10:00:00'` or `TIMESTAMP_NTZ'...'`.

    `kind` is the column's type name (date, timestamp, timestamp_ntz). A date bound on a
    timestamp column means its midnight, in the session time zone for `timestamp`.
    """
    keyword = {"date": "DATE", "timestamp": "TIMESTAMP", "timestamp_ntz": "TIMESTAMP_NTZ"}[kind]
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
        if kind == "date":
            text = value.date().isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    return keyword + _escaped(text)


_WORDLIKE = re.compile(r"[\w'\"`]")
_BRACKETS = frozenset("()[],")


def expression_key(text: str, *, fold_case: bool = True) -> str:
    """`text` spelled one way for comparing two expressions: whitespace collapsed (and
    dropped beside punctuation), words lower-cased, but string literals kept exactly.

    `status = 'Paid'` and `STATUS='Paid'` are the same expression to Spark; `status = 'paid'`
    and `x = 'a  b'` are not the same as `status = 'Paid'` and `x = 'a b'`, which a plain
    `" ".join(text.split()).casefold()` would make them. Backticked names keep their inner
    spaces. `fold_case=False` keeps the case of words, where Spark's case sensitivity is not
    known (the expressions a validation shares one count between).
    """
    pieces: list[str] = []  # literal and quoted pieces as they are, plain runs as tokens
    plain_start = i = 0
    n = len(text)

    def plain(end: int) -> None:
        run = text[plain_start:end]
        pieces.extend((run.casefold() if fold_case else run).split())

    while i < n:
        c = text[i]
        if c not in "'\"`":
            i += 1
            continue
        start = i
        raw = c != "`" and start > 0 and text[start - 1] in "rR"
        raw = raw and (start < 2 or not (text[start - 2].isalnum() or text[start - 2] == "_"))
        plain(start - 1 if raw else start)
        end = quoted_end(text, start, raw=raw or c == "`")
        i = len(text) if end is None else end
        piece = text[start - 1 if raw else start : i]
        pieces.append(piece.casefold() if c == "`" and fold_case else piece)
        plain_start = i
    plain(n)
    out: list[str] = []
    for piece in pieces:
        if out and _joined_by_space(out[-1][-1], piece[0]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def quoted_end(text: str, start: int, *, raw: bool) -> int | None:
    """The offset after the literal or quoted name opening at `start`, None if it is never
    closed. A doubled quote or backtick stays inside, as does `\\` and the character after
    it outside a raw literal."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "\\" and not raw:
            i += 2
        elif c == quote:
            if text.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        else:
            i += 1
    return None


def _joined_by_space(left: str, right: str) -> bool:
    """Whether two neighbouring pieces need a space to stay apart: two words (or literals),
    or two operator characters (`a - -1` is not the comment `a--1`); never beside a bracket
    or comma."""
    if left in _BRACKETS or right in _BRACKETS:
        return False
    return bool(_WORDLIKE.match(left)) == bool(_WORDLIKE.match(right))
