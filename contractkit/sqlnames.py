"""The columns an expectation reads, from its tokens alone when that is certain.

`contractkit diff` names the consumers a changed expectation affects by the columns its
expression reads. sqlglot answers that exactly but costs ~100 ms to import, a third of a
cold diff. Most expectations are simple (`amount > 0`, `status IN ('A', 'B')`,
`address.city IS NOT NULL`), and for those a scan of the tokens gives the same answer:
a word is a column unless it is a keyword, a function (a word before `(`), a field (a word
after `.`), a typed literal's prefix (`DATE '2024-01-01'`) or a function Spark calls
without parentheses; casts to scalar types and interval literals are read through.
Whenever the text holds anything whose reading needs a parser (lambdas, `::` casts,
comments, complex type names, functions with syntax of their own, a word that is a keyword
in one place and a column in another, incomplete text), the scan declines and sqlglot
decides. tests/test_sqlnames.py holds the two answers equal over the repository's
expressions, generated ones and every function pyspark names.
"""

from __future__ import annotations

import re

from contractkit.sqltext import NO_PAREN_FUNCTIONS, quoted_end

__all__ = ["NO_PAREN_FUNCTIONS", "referenced_columns", "scan_columns"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are operators or parts of one, never columns where they may stand.
_KEYWORDS = _words("""
    and or not is null true false in between like ilike rlike regexp case when then else
    end distinct from escape div unknown
    """)
# Words after which the scan declines: their operands are not expressions (INTERVAL units,
# collation names, window clauses) or the text is not a row-level condition at all.
_DECLINE = _words("""
    collate over within select with values lateral exists filter partition
    any some all array map struct
    order by rows range group having where join union except intersect limit
    """)
# Functions with syntax of their own (`extract(YEAR FROM d)`, `trim(BOTH 'x' FROM s)`) or
# whose arguments sqlglot reads as units or drops (`date_trunc(fmt, ts)`, `trunc(d, fmt)`).
_SPECIAL_FUNCTIONS = _words(
    """
    extract trim position overlay substring substr date_trunc trunc time_trunc named_struct
    broadcast uuid
    """
)
# Functions whose three-argument form takes a unit first: `date_add(DAY, 1, d)`.
_UNIT_FIRST_FUNCTIONS = _words(
    """
    date_add dateadd date_sub date_diff datediff timestamp_add timestamp_diff timestampadd
    timestampdiff time_diff
    """
)
# Date-time units, which some functions take as a bare first argument: `timestampdiff(HOUR,
# a, b)`, `date_add(DAY, 1, d)`. Such a word there is a unit, or a column: the parser knows.
_TIME_UNITS = _words(
    """
    year years yyyy yyy yy y quarter quarters qtr month months mon mons mm week weeks w day
    days dd d dayofyear doy dayofweek dow dayofweek_iso dow_iso hour hours hr hrs hh h
    minute minutes min mins mi m second seconds sec secs s millisecond milliseconds ms
    msec msecs microsecond microseconds us usec usecs nanosecond nanoseconds ns epoch
    """
)
# Units of an interval literal: `INTERVAL 5 MINUTES`, `INTERVAL '1-2' YEAR TO MONTH`.
_INTERVAL_UNITS = _words(
    """
    year years month months week weeks day days hour hours minute minutes second seconds
    millisecond milliseconds microsecond microseconds
    """
)
# Prefixes of typed literals: `DATE '2024-01-01'`, `X'1F'`.
_LITERAL_PREFIXES = _words("date timestamp timestamp_ltz timestamp_ntz x binary")
# Scalar types a CAST may name, with at most numeric arguments: DECIMAL(10, 2).
_CAST_TYPES = _words("""
    boolean tinyint byte smallint short int integer bigint long float real double decimal
    dec numeric string char varchar binary date timestamp timestamp_ltz timestamp_ntz void
    """)
_SPECIAL_WORDS = (
    _KEYWORDS | _DECLINE | _LITERAL_PREFIXES | _CAST_TYPES | _INTERVAL_UNITS | NO_PAREN_FUNCTIONS
)
_OPERATORS = (
    "<=>", "==", "!=", "<>", "<=", ">=", "||", "<<", ">>",
    "=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!",
    "(", ")", ",", ".", "[", "]",
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NUMBER_SUFFIXES = frozenset({"", "l", "s", "y", "d", "f", "bd"})
_SPACE = frozenset(" \t\r\n")
_PARSER_ONLY = ("--", "/*", "->", "=>")

_Token = tuple[str, str]  # (kind, text): kind is word, quoted, string, number or op


class _Decline(Exception):
    """The text needs a parser."""


def referenced_columns(text: str) -> frozenset[str]:
    """Top-level column names `text` reads, lower-cased; empty if it does not parse.

    The same answer as `contractkit.expressions.referenced_columns`, without importing
    sqlglot when the tokens alone decide it.
    """
    scanned = scan_columns(text)
    if scanned is not None:
        return scanned
    from contractkit.expressions import referenced_columns as parsed_columns

    return parsed_columns(text)


def scan_columns(text: str) -> frozenset[str] | None:
    """The columns `text` reads, or None when its tokens alone cannot say for sure."""
    try:
        tokens = _tokens(text)
        return _columns(tokens)
    except _Decline:
        return None


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
        elif c in "'\"":
            i = _string_end(text, i, raw=False)
            tokens.append(("string", ""))
        elif c in "rR" and i + 1 < n and text[i + 1] in "'\"":
            i = _string_end(text, i + 1, raw=True)
            tokens.append(("string", ""))
        elif c == "`":
            end = i + 1
            name = []
            while True:
                close = text.find("`", end)
                if close < 0:
                    raise _Decline
                name.append(text[end:close])
                if text.startswith("``", close):
                    name.append("`")
                    end = close + 2
                    continue
                i = close + 1
                break
            tokens.append(("quoted", "".join(name)))
        elif (word := _WORD.match(text, i)) is not None:
            tokens.append(("word", word.group()))
            i = word.end()
        elif (number := _NUMBER.match(text, i)) is not None:
            if c == "." and tokens and tokens[-1][0] != "op":
                raise _Decline  # `a.5`
            i = number.end()
            suffix = _WORD.match(text, i)
            if suffix is not None:
                if suffix.group().lower() not in _NUMBER_SUFFIXES:
                    raise _Decline  # `1abc` is an identifier to Spark
                i = suffix.end()
            tokens.append(("number", ""))
        else:
            op = next((op for op in _OPERATORS if text.startswith(op, i)), None)
            # Comments, lambdas, named arguments, `::` casts, `:` paths, parameters, and
            # anything else unusual: for the parser.
            if op is None or text.startswith(_PARSER_ONLY, i):
                raise _Decline
            tokens.append(("op", op))
            i += len(op)
    return tokens


def _string_end(text: str, start: int, *, raw: bool) -> int:
    """The offset after the string literal opening at `start`."""
    end = quoted_end(text, start, raw=raw)
    if end is None:
        raise _Decline  # unterminated: the parser says what is wrong
    return end


def _columns(tokens: list[_Token]) -> frozenset[str]:
    columns: set[str] = set()
    casts: list[int] = []  # paren depths at which a CAST( opened
    depth = cases = brackets = 0
    state = _OPERAND
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        after = tokens[i + 1] if i + 1 < len(tokens) else ("op", "")
        if kind == "word" and text.lower() == "as":
            i = _skip_cast_type(tokens, i, depth, casts)
            state = _OPERATOR
            continue
        if state not in (_OPERAND, _OPERATOR):
            if kind != "word":
                raise _Decline
            state = _next_state(state, text.lower(), tokens[i - 1])
            i += 1
            continue
        if kind == "op":
            if (text == "(") == (state == _OPERATOR) and text in ("(", "[", "."):
                raise _Decline  # `null(a)`, `[1]`, `(a)(b)`: not a call, subscript or field
            if text == "(":
                depth += 1
            elif text == ")":
                if casts and casts[-1] == depth:
                    casts.pop()
                depth -= 1
                if depth < 0:
                    raise _Decline
            elif text in ("[", "]"):
                brackets += 1 if text == "[" else -1
            elif text == "*" and state == _OPERAND:
                if tokens[i - 1] == ("op", "(") and after == ("op", ")"):
                    state = _OPERATOR  # `count(*)`: all columns, none by name
                    i += 1
                    continue
                raise _Decline  # a star, not a product
            elif text == "." and state == _OPERATOR:
                i = _skip_path(tokens, i)
                continue
            state = _OPERATOR if text in (")", "]") else _OPERAND
            i += 1
            continue
        if kind in ("string", "number"):
            state = _OPERATOR
            i += 1
            continue
        word = text.lower()
        if kind == "word" and word in _KEYWORDS:
            state = _next_state(state, word, tokens[i - 1] if i else ("op", ""))
            cases += {"case": 1, "end": -1}.get(word, 0)
            if cases < 0:
                raise _Decline
            i += 1
            continue
        if state == _OPERATOR:
            raise _Decline  # an alias, or not SQL: for the parser
        if kind == "quoted":
            if after == ("op", "(") or word in _SPECIAL_WORDS:
                raise _Decline  # a quoted function name, or sqlglot reads a keyword
            columns.add(word)
        elif word == "interval":
            i = _skip_interval(tokens, i)
            state = _OPERATOR
            continue
        elif word in ("cast", "try_cast") and after == ("op", "("):
            casts.append(depth + 1)
            i += 1  # the `(` comes next; `AS type` is skipped when reached
            continue
        elif after == ("op", "("):
            following = tokens[i + 2] if i + 2 < len(tokens) else ("op", "")
            if (
                word in _SPECIAL_FUNCTIONS
                or word in _CAST_TYPES
                or (following[0] == "word" and following[1].lower() in _TIME_UNITS)
                or (word in _UNIT_FIRST_FUNCTIONS and _argument_count(tokens, i + 1) > 2)
            ):
                raise _Decline
            i += 1  # a function
            continue
        elif after[0] == "string":
            if word not in _LITERAL_PREFIXES:
                raise _Decline
            i += 1  # `DATE '2024-01-01'`: the string that follows is the operand
            continue
        elif word in _DECLINE or word in _LITERAL_PREFIXES:
            raise _Decline  # a keyword or a column depending on context: ask the parser
        elif word in NO_PAREN_FUNCTIONS:
            if after == ("op", "."):
                raise _Decline
        else:
            columns.add(word)
        state = _OPERATOR
        i += 1
    if state != _OPERATOR or depth or cases or brackets:
        raise _Decline  # incomplete: the parser says what is missing
    return frozenset(columns)


_OPERAND, _OPERATOR, _AFTER_IS, _AFTER_NOT, _AFTER_DISTINCT = range(5)
# Where each keyword may stand and what comes after it; a keyword anywhere else (`end > 1`,
# where `end` is a column) sends the text to the parser.
_AFTER_OPERATOR = {
    **dict.fromkeys(
        _words("and or div escape when then else in between like ilike rlike regexp"), _OPERAND
    ),
    "is": _AFTER_IS,
    "not": _AFTER_NOT,
    "end": _OPERATOR,
}
_AFTER_OPERAND = {
    **dict.fromkeys(_words("not case"), _OPERAND),
    **dict.fromkeys(_words("null true false"), _OPERATOR),
}
_PENDING = {
    _AFTER_NOT: dict.fromkeys(_words("in between like ilike rlike regexp"), _OPERAND),
    _AFTER_IS: {
        "not": _AFTER_IS,
        "distinct": _AFTER_DISTINCT,
        **dict.fromkeys(_words("null true false unknown"), _OPERATOR),
    },
    _AFTER_DISTINCT: {"from": _OPERAND},
}


def _next_state(state: int, word: str, before: _Token) -> int:
    if state == _OPERATOR:
        table = _AFTER_OPERATOR
    elif state == _OPERAND:
        if word == "when" and before[0] == "word" and before[1].lower() == "case":
            return _OPERAND
        table = _AFTER_OPERAND
    else:
        table = _PENDING[state]
    if word not in table:
        raise _Decline
    return table[word]


def _argument_count(tokens: list[_Token], opening: int) -> int:
    """Arguments of the call whose `(` is at `opening`."""
    depth, commas = 0, 0
    for token in tokens[opening:]:
        if token in (("op", "("), ("op", "[")):
            depth += 1
        elif token in (("op", ")"), ("op", "]")):
            depth -= 1
            if depth == 0:
                break
        elif token == ("op", ",") and depth == 1:
            commas += 1
    return commas + 1


def _skip_interval(tokens: list[_Token], at: int) -> int:
    """Past an interval literal: one or more `[sign] value [unit [TO unit]]` parts."""
    i = at + 1
    parts = 0
    while i < len(tokens):
        j = i + 1 if tokens[i] in (("op", "-"), ("op", "+")) else i
        if j >= len(tokens) or tokens[j][0] not in ("number", "string"):
            break
        i = j + 1
        if i < len(tokens) and _is_unit(tokens[i]):
            i += 1
            if i + 1 < len(tokens) and _is_word(tokens[i], "to") and _is_unit(tokens[i + 1]):
                i += 2
        elif tokens[j][0] == "number":
            raise _Decline  # a number needs its unit
        parts += 1
    if parts == 0:
        raise _Decline
    return i


def _is_unit(token: _Token) -> bool:
    return token[0] == "word" and token[1].lower() in _INTERVAL_UNITS


def _is_word(token: _Token, word: str) -> bool:
    return token[0] == "word" and token[1].lower() == word


def _skip_path(tokens: list[_Token], at: int) -> int:
    """Past `.field` after an operand: a struct field, not a column."""
    i = at + 1
    if i >= len(tokens) or tokens[i][0] not in ("word", "quoted"):
        raise _Decline
    return i + 1


def _skip_cast_type(tokens: list[_Token], at: int, depth: int, depth_after_cast: list[int]) -> int:
    """Past `AS type` inside CAST(...): a scalar type with at most numeric arguments."""
    if not depth_after_cast or depth_after_cast[-1] != depth:
        raise _Decline  # AS outside a CAST: an alias
    i = at + 1
    if i >= len(tokens) or tokens[i][0] != "word" or tokens[i][1].lower() not in _CAST_TYPES:
        raise _Decline
    i += 1
    if i < len(tokens) and tokens[i] == ("op", "("):
        i += 1
        while i < len(tokens) and tokens[i] != ("op", ")"):
            if tokens[i][0] != "number" and tokens[i] != ("op", ","):
                raise _Decline
            i += 1
        i += 1
    if i >= len(tokens) or tokens[i] != ("op", ")"):
        raise _Decline
    return i
