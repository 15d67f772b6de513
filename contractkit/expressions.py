"""Static checks of expectation expressions: Spark SQL conditions evaluated on one row.

An expectation is what a CHECK constraint or a DLT ``@dlt.expect`` holds: one boolean
expression over the columns of a single row. This module checks one without a JVM, using
sqlglot's Spark grammar: it must parse as exactly one expression, be boolean at the top, stay
row-level (no aggregate, window, generator or subquery) and name only declared columns and
struct fields. Spark remains the judge of everything else (function arity, operand types):
where sqlglot knows less than Spark, the check stays silent rather than raise a false alarm.

The grammar is sqlglot's ``databricks`` dialect, which is its ``spark`` dialect plus the
``column:path`` variant extraction that Spark 4 also accepts; the Spark dialect rejects it.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from sqlglot import Dialect, ErrorLevel, ParseError, Token, TokenError, TokenType, exp

from contractkit.sqltext import NO_PAREN_FUNCTIONS
from contractkit.types import (
    ArrayType,
    DataType,
    MapType,
    PrimitiveType,
    StructField,
    StructType,
    format_type,
)

__all__ = [
    "ExpressionCheck",
    "ExpressionProblem",
    "check_dataset_expression",
    "check_expression",
    "referenced_columns",
]

_DIALECT = "databricks"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ROW_LEVEL = (
    "an expectation is evaluated on each row separately; "
    "put dataset-level checks (counts, totals, uniqueness, comparisons across rows) elsewhere"
)

_WHOLE_DATASET = (
    "a dataset check is one aggregate over the whole dataset, like a SELECT without GROUP BY"
)

# Spark 4.3's function registry, by ExpressionInfo group. sqlglot parses many of these into
# AggFunc subclasses, but not all (`every`, `some`, `std`, sketches are Anonymous to it).
_AGGREGATE_FUNCTIONS = _names(
    """
    any any_value approx_count_distinct approx_percentile approx_top_k
    approx_top_k_accumulate approx_top_k_combine array_agg avg bit_and bit_or bit_xor
    bitmap_and_agg bitmap_construct_agg bitmap_or_agg bool_and bool_or collect_list
    collect_set collect_union corr count count_if count_min_sketch covar_pop covar_samp
    every first first_value grouping grouping_id histogram_numeric hll_sketch_agg
    hll_union_agg kll_merge_agg_bigint kll_merge_agg_double kll_merge_agg_float
    kll_sketch_agg_bigint kll_sketch_agg_double kll_sketch_agg_float kurtosis last
    last_value listagg max max_by mean measure median min min_by mode percentile
    percentile_approx percentile_cont percentile_disc regr_avgx regr_avgy regr_count
    regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy skewness some std stddev
    stddev_pop stddev_samp string_agg sum theta_intersection_agg theta_sketch_agg
    theta_union_agg try_avg try_sum tuple_intersection_agg_double
    tuple_intersection_agg_integer tuple_sketch_agg_double tuple_sketch_agg_integer
    tuple_union_agg_double tuple_union_agg_integer var_pop var_samp variance
    """
)
# Aggregates that never return a boolean (numbers, collections, text), for dataset checks.
_VALUE_AGGREGATES = _names(
    """
    approx_count_distinct approx_percentile array_agg avg collect_list collect_set corr count
    count_if covar_pop covar_samp histogram_numeric kurtosis listagg mean median percentile
    percentile_approx percentile_cont percentile_disc regr_avgx regr_avgy regr_count
    regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy skewness std stddev
    stddev_pop stddev_samp string_agg sum try_avg try_sum var_pop var_samp variance
    """
)
# Aggregates whose value has their first argument's type: `max(flag)` is a boolean exactly
# when `flag` is.
_SAME_TYPE_AGGREGATES = _names(
    """
    any_value first first_value last last_value max max_by min min_by mode
    """
)
_WINDOW_FUNCTIONS = _names(
    """
    counter_diff cume_dist dense_rank lag lead nth_value ntile percent_rank rank row_number
    """
)
_GENERATOR_FUNCTIONS = _names(
    """
    explode explode_outer inline inline_outer posexplode posexplode_outer stack
    """
)
# Built-ins that return BOOLEAN but that sqlglot may not type (Anonymous or no metadata).
_BOOLEAN_FUNCTIONS = _names(
    """
    array_contains arrays_overlap between bool_and bool_or contains endswith equal_null every
    exists forall ilike in is_valid_utf8 is_valid_variant is_variant_null isnan isnotnull
    isnull like luhn_check map_contains_key regexp regexp_like rlike some startswith
    xpath_boolean
    """
)
# Nodes whose value is never a boolean: literals and arithmetic.
_NOT_BOOLEAN = (
    exp.Literal,
    exp.Star,
    exp.Interval,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.IntDiv,
    exp.Mod,
    exp.DPipe,
    exp.BitwiseAnd,
    exp.BitwiseOr,
    exp.BitwiseXor,
    exp.BitwiseLeftShift,
    exp.BitwiseRightShift,
    exp.Neg,
    exp.BitwiseNot,
)
_STATEMENT_STARTS = frozenset({TokenType.SELECT, TokenType.WITH, TokenType.FROM, TokenType.VALUES})
_MISSING_DELIMITER = re.compile(r"^Missing (\S+) from \d+:(\d+)$")
_MISSING_ARG = re.compile(r"^Required keyword: '\w+' missing for <class '[\w.]*?(\w+)'>$")
_TOO_MANY_ARGS = "The number of provided arguments"
_COMPARISONS = frozenset({"=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>", "IS", "IN", "."})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class ExpressionProblem:
    """Why an expression is rejected; `offset` is 0-based into its text, None when unknown."""

    message: str
    offset: int | None


@dataclass(frozen=True)
class ExpressionCheck:
    """The verdict on one expression and the top-level columns it reads (declared spelling)."""

    problems: tuple[ExpressionProblem, ...]
    columns: frozenset[str]


def check_expression(text: str, columns: Mapping[str, DataType | None]) -> ExpressionCheck:
    """Check `text` as a row-level boolean expression over `columns` (name -> type or None).

    Names resolve case-insensitively, as Spark's default resolver does. A None type means
    "unknown": anything read from such a column is accepted.
    """
    declared: dict[str, tuple[str, DataType | None]] = {}
    for name, data_type in columns.items():
        declared.setdefault(name.lower(), (name, data_type))
    with _sqlglot_quiet():
        tree, tokens, problems = _parse(text)
        if tree is None:
            return ExpressionCheck(_ordered(problems), frozenset())
        analyzer = _Analyzer(text, tokens, declared)
        analyzer.check_boolean(tree)
        analyzer.visit(tree, {})
    return ExpressionCheck(_ordered([*problems, *analyzer.problems]), frozenset(analyzer.used))


def check_dataset_expression(text: str, columns: Mapping[str, DataType | None]) -> ExpressionCheck:
    """Check `text` as a dataset check: one boolean over the whole dataset, so every column is
    read inside an aggregate (`count(*) >= 1000`, `avg(amount) < 500`), as in a SELECT without
    GROUP BY. Inside an aggregate the rules of a row-level expression hold; windows, generators,
    subqueries and aggregates within aggregates are refused, as Spark refuses them."""
    declared: dict[str, tuple[str, DataType | None]] = {}
    for name, data_type in columns.items():
        declared.setdefault(name.lower(), (name, data_type))
    with _sqlglot_quiet():
        tree, tokens, problems = _parse(text, _DATASET)
        if tree is None:
            return ExpressionCheck(_ordered(problems), frozenset())
        analyzer = _Analyzer(text, tokens, declared, kind=_DATASET)
        analyzer.check_boolean(tree)
        analyzer.visit_dataset(tree, {}, inside=None)
        if not analyzer.aggregates and not analyzer.problems:
            message = (
                "no aggregate function: a dataset check yields one value for the whole dataset, "
                f"such as '{_DATASET.example}' or 'avg(amount) < 500'; a condition on each row "
                "belongs under quality.expectations"
            )
            analyzer.problems.append(ExpressionProblem(message, tokens[0].start))
    return ExpressionCheck(_ordered([*problems, *analyzer.problems]), frozenset(analyzer.used))


def referenced_columns(text: str) -> frozenset[str]:
    """Top-level column names `text` reads, lower-cased as written; empty if it does not parse.

    For callers without a schema: lambda variables and parenthesis-free functions such as
    `current_date` are not columns.
    """
    with _sqlglot_quiet():
        tree, tokens, _ = _parse(text)
        if tree is None:
            return frozenset()
        analyzer = _Analyzer(text, tokens, None)
        analyzer.visit(tree, {})
    return frozenset(analyzer.used)


def _ordered(problems: Sequence[ExpressionProblem]) -> tuple[ExpressionProblem, ...]:
    """In text order, each message once (at its first place): a misspelt column used three
    times is one mistake."""
    first: dict[str, ExpressionProblem] = {}
    for problem in sorted(problems, key=lambda p: (p.offset is None, p.offset or 0)):
        first.setdefault(problem.message, problem)
    return tuple(first.values())


# --- parsing -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _dialect() -> Dialect:
    return Dialect.get_or_raise(_DIALECT)


@contextmanager
def _sqlglot_quiet() -> Iterator[None]:
    """sqlglot logs warnings while parsing (e.g. on a malformed JSON path); the problems this
    module returns already say what is wrong, so on a terminal those lines would be noise."""
    sqlglot_log = logging.getLogger("sqlglot")
    sqlglot_log.addFilter(_drop_record)
    try:
        yield
    finally:
        sqlglot_log.removeFilter(_drop_record)


def _drop_record(record: logging.LogRecord) -> bool:
    return False


@dataclass(frozen=True)
class _Kind:
    """What is being checked, in the words of its messages."""

    noun: str  # "an expectation"
    shape: str  # what it must be
    example: str
    null_example: str


_ROW = _Kind(
    "an expectation", "a boolean expression on one row", "amount > 0", "status IS NOT NULL"
)
_DATASET = _Kind(
    "a dataset check",
    "an aggregate boolean expression over the whole dataset",
    "count(*) >= 1000",
    "count_if(status IS NULL) = 0",
)


def _parse(
    text: str, kind: _Kind = _ROW
) -> tuple[exp.Expr | None, list[Token], list[ExpressionProblem]]:
    """One expression tree, or None with the problems that prevent it."""
    dialect = _dialect()
    try:
        tokens = dialect.tokenize(text)
    except TokenError as error:
        return None, [], [_tokenize_problem(text, error)]
    problems = []
    semicolon = next(
        (i for i, token in enumerate(tokens) if token.token_type is TokenType.SEMICOLON), None
    )
    if semicolon is not None:
        at = tokens[semicolon].start
        rest = [t for t in tokens[semicolon + 1 :] if t.token_type is not TokenType.SEMICOLON]
        if rest:
            message = (
                f"found more than one statement: {rest[0].text!r} follows a ';'; {kind.noun} "
                "is a single expression, so remove the ';' and everything after it"
            )
            return None, tokens, [ExpressionProblem(message, at)]
        message = f"remove the trailing ';': {kind.noun} is an expression, not a SQL statement"
        problems.append(ExpressionProblem(message, at))
        tokens = tokens[:semicolon]
    if not tokens:
        message = f"the expression is empty; write a condition such as '{kind.example}'"
        return None, tokens, [*problems, ExpressionProblem(message, None)]
    tree, problem = _parse_tokens(dialect, tokens, text, kind)
    if problem is not None:
        problems.append(problem)
    return tree, tokens, problems


def _parse_tokens(
    dialect: Dialect, tokens: list[Token], text: str, kind: _Kind
) -> tuple[exp.Expr | None, ExpressionProblem | None]:
    try:
        return _parse_condition(dialect, tokens, text, kind)
    except Exception as error:  # sqlglot raises more than ParseError, e.g. ValueError on `v:a[1e]`
        return None, ExpressionProblem(f"the text cannot be read as Spark SQL: {error}", None)


def _parse_condition(
    dialect: Dialect, tokens: list[Token], text: str, kind: _Kind
) -> tuple[exp.Expr | None, ExpressionProblem | None]:
    # A context as long as the text makes sqlglot's `start_context` the whole prefix of the
    # offending token, so its length is the token's offset.
    context = len(text) + 1
    try:
        trees = dialect.parser(error_message_context=context).parse_into(
            exp.Condition, tokens, text
        )
    except ParseError as error:
        details = error.errors[0] if error.errors else {}
        if not _is_arity_complaint(details.get("description")):
            return None, _syntax_problem(dialect, tokens, text, details, kind)
        # sqlglot's idea of a function's arity is not Spark's; Spark will judge the call.
        lenient = dialect.parser(error_level=ErrorLevel.IGNORE, error_message_context=context)
        trees = lenient.parse_into(exp.Condition, tokens, text)
        if lenient.errors:
            found = lenient.errors[0].errors
            return None, _syntax_problem(dialect, tokens, text, found[0] if found else {}, kind)
        if trees and trees[0] is not None and _incomplete(trees[0]):
            message = "the expression is incomplete: an operator is missing an operand"
            return None, ExpressionProblem(message, None)
    tree = trees[0] if trees else None
    if tree is None:
        start = tokens[0]
        return None, ExpressionProblem(f"unexpected {start.text!r} at the start", start.start)
    return tree, None


def _is_arity_complaint(description: object) -> bool:
    if not isinstance(description, str):
        return False
    if description.startswith(_TOO_MANY_ARGS):
        return True
    match = _MISSING_ARG.match(description)
    node_type = getattr(exp, match.group(1), None) if match else None
    return isinstance(node_type, type) and _is_plain_function(node_type)


def _is_plain_function(node_type: type) -> bool:
    operators = (exp.Binary, exp.Unary, exp.Connector, exp.Predicate)
    return issubclass(node_type, exp.Func) and not issubclass(node_type, operators)


def _incomplete(tree: exp.Expr) -> bool:
    """Whether an operator (not a function call) lacks an operand, as sqlglot validates."""
    return any(not _is_plain_function(type(node)) and node.error_messages() for node in tree.walk())


def _tokenize_problem(text: str, error: TokenError) -> ExpressionProblem:
    cause = error.__cause__ if isinstance(error.__cause__, TokenError) else error
    match = _MISSING_DELIMITER.match(str(cause))
    if match:
        delimiter = match.group(1)
        what = "quoted name" if delimiter == "`" else "string"
        message = f"unterminated {what}: the {delimiter!r} is never closed; add the closing one"
        return ExpressionProblem(message, int(match.group(2)))
    comment = text.rfind("/*")
    if comment >= 0 and "*/" not in text[comment + 2 :]:
        message = "unterminated comment: the '/*' is never closed; add '*/' or remove it"
        return ExpressionProblem(message, comment)
    return ExpressionProblem("the text cannot be read as Spark SQL; check its quotes", None)


def _syntax_problem(
    dialect: Dialect,
    tokens: list[Token],
    text: str,
    details: Mapping[str, object],
    kind: _Kind = _ROW,
) -> ExpressionProblem:
    offset = _error_offset(text, details)
    highlight = str(details.get("highlight") or "")
    description = str(details.get("description") or "syntax error")
    first = tokens[0]
    at_start = offset is None or offset <= tokens[min(2, len(tokens) - 1)].start
    if at_start and _is_keyword_column(tokens):
        message = (
            f"{first.text!r} is a keyword here; if it is a column name, "
            f"quote it with backticks: `{first.text}`"
        )
        return ExpressionProblem(message, first.start)
    if at_start and _starts_statement(dialect, first):
        message = (
            f"{first.text.upper()!r} starts a SQL statement, but {kind.noun} is {kind.shape}, "
            f"such as '{kind.example}'"
        )
        return ExpressionProblem(message, first.start)
    token = next((t for t in tokens if t.start == offset), None)
    if description.startswith("Expecting )"):
        if token is tokens[-1]:
            message = "unbalanced parentheses: a '(' is never closed; add the missing ')'"
        else:
            message = f"expected ')' before {highlight!r}; check the parentheses and commas"
    elif description.startswith("Invalid expression / Unexpected token"):
        message = _unexpected_token(highlight, token, offset, kind)
    elif _MISSING_ARG.match(description):
        message = f"the expression is incomplete near {highlight!r}: an operand is missing"
    else:
        message = f"invalid Spark SQL near {highlight!r}: {description}"
    return ExpressionProblem(message, offset)


def _unexpected_token(
    highlight: str, token: Token | None, offset: int | None, kind: _Kind = _ROW
) -> str:
    if highlight == ")":
        return "unexpected ')' without a matching '('; remove it or add the '('"
    if token is not None and _WORD.fullmatch(highlight):
        if token.token_type is TokenType.ALIAS or (token.token_type is TokenType.VAR and offset):
            return (
                f"unexpected {highlight!r} after a complete expression; add the missing "
                "operator, or remove it if it is meant as an alias (the name of "
                f"{kind.noun} comes from the contract)"
            )
        return (
            f"unexpected keyword {highlight!r}; if it is a column name, "
            f"quote it with backticks: `{highlight}`"
        )
    return f"unexpected {highlight!r}; this is not valid Spark SQL here"


def _is_keyword_column(tokens: list[Token]) -> bool:
    """Whether the text starts like `order > 1`: a keyword sqlglot will not take as a name
    (Spark does: most of its keywords are non-reserved) followed by a comparison."""
    if len(tokens) < 2 or tokens[0].token_type in {TokenType.VAR, TokenType.IDENTIFIER}:
        return False
    return bool(_WORD.fullmatch(tokens[0].text)) and tokens[1].text.upper() in _COMPARISONS


def _starts_statement(dialect: Dialect, token: Token) -> bool:
    return (
        token.token_type in _STATEMENT_STARTS
        or token.token_type in dialect.parser_class.STATEMENT_PARSERS
        or token.token_type in dialect.tokenizer_class.COMMANDS
    )


def _error_offset(text: str, details: Mapping[str, object]) -> int | None:
    before = details.get("start_context")
    if isinstance(before, str):
        return len(before)
    line, col = details.get("line"), details.get("col")
    if not isinstance(line, int) or not isinstance(col, int) or line < 1:
        return None
    # sqlglot's col is the 1-based column of the token's last character.
    starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]
    if line > len(starts):
        return None
    width = len(str(details.get("highlight") or "")) or 1
    return max(0, min(len(text), starts[line - 1] + col - width))


# --- analysis ------------------------------------------------------------------------------------

_Scope = Mapping[str, DataType | None]


@dataclass(frozen=True)
class _Step:
    """One access after a column: `.name` (field) or `[key]` (subscript)."""

    node: exp.Expr
    name: str | None  # field name, or a string-literal subscript; None for other subscripts
    is_field: bool


@dataclass
class _Analyzer:
    text: str
    tokens: list[Token]
    columns: Mapping[str, tuple[str, DataType | None]] | None  # lower name -> (name, type)
    problems: list[ExpressionProblem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    kind: _Kind = _ROW
    aggregates: int = 0  # aggregate calls seen by visit_dataset
    inside: str = ""  # the aggregate visit_dataset is in, for the row-level messages
    unknown: int = 0  # depth of calls to functions the grammar does not know (maybe UDAFs)

    @property
    def row_level(self) -> str:
        """Why a row-level place refuses aggregates, windows, generators and subqueries."""
        if self.kind is _DATASET:
            return (
                f"inside {self.inside!r} the argument is evaluated on each row, and Spark "
                "does not allow an aggregate, window, generator or subquery there"
            )
        return _ROW_LEVEL

    # - row-level and name checks

    def visit(self, node: exp.Expr, scope: _Scope, *, reported: bool = False) -> None:
        """Check names and row-level use under `node`; `reported` once an enclosing aggregate,
        window or generator has been reported, so only names are checked below it."""
        if isinstance(node, exp.Query):
            if not reported:
                message = f"subqueries are not allowed: {self.row_level}"
                self._report(message, self._query_offset(node))
            return  # its names belong to its own FROM clause, not to this row
        if not reported:
            reported = self._not_row_level(node)
        if isinstance(node, exp.Lambda):
            self._visit_lambda(node, scope, reported)
        elif isinstance(node, exp.Column):
            self._resolve_column(node, scope, report=True)
        elif isinstance(node, exp.Identifier):
            if node.name.lower() in scope and _chain_parent(node) is not None:
                self._resolve_chain(node, scope, report=True)
        else:
            for child in node.iter_expressions():
                self.visit(child, scope, reported=reported)

    # - dataset checks: columns only inside aggregates

    def visit_dataset(self, node: exp.Expr, scope: _Scope, *, inside: str | None) -> None:
        """Check names and aggregation under `node`; `inside` names the enclosing aggregate,
        under which the expression is row-level again (so nested aggregates are refused)."""
        if inside is not None:
            self.visit(node, scope)  # row-level rules inside an aggregate's arguments
            return
        if isinstance(node, exp.Query):
            message = f"subqueries are not allowed: {_WHOLE_DATASET}"
            self._report(message, self._query_offset(node))
            return
        if isinstance(node, exp.Window):
            name = self._name(node.this) if node.this else "window"
            message = f"window function {name!r} (OVER ...) is not allowed: {_WHOLE_DATASET}"
            self._report(message, self._start(node.this) if node.this else _offset(node))
            return
        if isinstance(node, exp.Filter):  # `count(*) FILTER (WHERE x > 0)`: a row-level WHERE
            aggregate, where = node.this, node.expression
            if isinstance(aggregate, exp.Expression):
                self.visit_dataset(aggregate, scope, inside=None)
            if isinstance(where, exp.Expression):
                self.visit_dataset(where, scope, inside=self.inside or "FILTER")
            return
        if isinstance(node, exp.Func | exp.Any) and not self._is_quantifier(node):
            name = "any" if isinstance(node, exp.Any) else self._name(node)
            if name in _WINDOW_FUNCTIONS:
                message = f"window function {name!r} is not allowed: {_WHOLE_DATASET}"
                self._report(message, self._start(node))
                return
            if name in _GENERATOR_FUNCTIONS:
                message = f"generator function {name!r} is not allowed: {_WHOLE_DATASET}"
                self._report(message, self._start(node))
                return
            if isinstance(node, exp.AggFunc) or name in _AGGREGATE_FUNCTIONS:
                self.aggregates += 1
                self.inside = name
                for child in node.iter_expressions():
                    self.visit_dataset(child, scope, inside=name)
                return
            if isinstance(node, exp.Anonymous) and name not in _BOOLEAN_FUNCTIONS:
                # Unknown to the grammar: a UDAF may aggregate its arguments, so columns
                # under it are not reported as bare (Spark judges), only their names.
                self.aggregates += 1
                self.unknown += 1
                for child in node.iter_expressions():
                    self.visit_dataset(child, scope, inside=None)
                self.unknown -= 1
                return
        if isinstance(node, exp.Lambda):
            params = [p.name.lower() for p in node.expressions if isinstance(p, exp.Identifier)]
            inner = {**scope, **dict.fromkeys(params)}
            if isinstance(node.this, exp.Expression):
                self.visit_dataset(node.this, inner, inside=None)
            return
        if isinstance(node, exp.Column):
            self._resolve_column(node, scope, report=True)
            parts = [p for p in node.parts if isinstance(p, exp.Identifier)]
            if not parts:  # `*`
                return
            head = parts[0]
            is_column = head.name.lower() not in scope and (
                len(parts) > 1 or head.quoted or head.name.lower() not in NO_PAREN_FUNCTIONS
            )
            known = self.columns is not None and head.name.lower() in self.columns
            if is_column and known and not self.unknown:
                shown = ".".join(p.name for p in parts)
                message = (
                    f"column {shown!r} is read outside an aggregate: a dataset check yields one "
                    f"value for the whole dataset, so wrap it in one, e.g. 'max({shown})' or "
                    f"'count_if({shown} IS NULL)'"
                )
                self._report(message, _offset(node))
            return
        if isinstance(node, exp.Identifier):
            if node.name.lower() in scope and _chain_parent(node) is not None:
                self._resolve_chain(node, scope, report=True)
            return
        for operand in node.iter_expressions():
            self.visit_dataset(operand, scope, inside=None)

    def _is_quantifier(self, node: exp.Expr) -> bool:
        """`x LIKE ANY (...)`: a quantifier, not the `any` aggregate."""
        parent = node.parent
        return (
            isinstance(node, exp.Any)
            and isinstance(parent, exp.Like | exp.ILike)
            and parent.expression is node
        )

    def _not_row_level(self, node: exp.Expr) -> bool:
        """Report `node` if it is an aggregate, window or generator; say whether it was."""
        if isinstance(node, exp.Window):
            name = self._name(node.this) if node.this else "window"
            message = f"window function {name!r} (OVER ...) is not allowed: {self.row_level}"
            self._report(message, self._start(node.this) if node.this else _offset(node))
            return True
        if not isinstance(node, exp.Func | exp.Any):
            return False
        name = self._name(node)
        if isinstance(node, exp.Any):
            parent = node.parent
            if isinstance(parent, exp.Like | exp.ILike) and parent.expression is node:
                return False  # `x LIKE ANY (...)`: a quantifier; Spark has no `x = ANY (...)`
            name = "any"
        if name in _WINDOW_FUNCTIONS:
            message = f"window function {name!r} is not allowed: {self.row_level}"
        elif isinstance(node, exp.AggFunc) or name in _AGGREGATE_FUNCTIONS:
            message = f"aggregate function {name!r} is not allowed: {self.row_level}"
        elif name in _GENERATOR_FUNCTIONS:
            message = (
                f"generator function {name!r} is not allowed: it turns one row into many, "
                f"and {self.row_level}"
            )
        else:
            return False
        self._report(message, self._start(node))
        return True

    def _visit_lambda(self, node: exp.Lambda, scope: _Scope, reported: bool) -> None:
        params = [p.name.lower() for p in node.expressions if isinstance(p, exp.Identifier)]
        types = self._lambda_types(node, scope)
        inner = dict(scope)
        for index, param in enumerate(params):
            inner[param] = types[index] if index < len(types) else None
        body = node.this
        if isinstance(body, exp.Expression):
            self.visit(body, inner, reported=reported)

    def _lambda_types(self, node: exp.Lambda, scope: _Scope) -> list[DataType | None]:
        """Types of a lambda's parameters, for the higher-order functions whose shape is known."""
        call = node.parent
        if call is None:
            return []
        name = self._name(call)
        args = list(_call_arguments(call))
        data = [self.type_of(arg, scope) for arg in args if not isinstance(arg, exp.Lambda)]
        first = data[0] if data else None
        if name in {"aggregate", "reduce"}:
            lambdas = [arg for arg in args if isinstance(arg, exp.Lambda)]
            return [None, _element(first)] if lambdas and lambdas[0] is node else [None]
        if name == "zip_with":
            return [_element(t) for t in data[:2]]
        if name in {"map_filter", "transform_keys", "transform_values", "map_zip_with"}:
            key = first.key if isinstance(first, MapType) else None
            return [key, *(t.value if isinstance(t, MapType) else None for t in data[:2])]
        if name == "array_sort":
            return [_element(first), _element(first)]
        if name in {"exists", "forall", "filter", "transform"}:
            return [_element(first)]
        return []

    def _resolve_column(
        self, column: exp.Column, scope: _Scope, *, report: bool
    ) -> DataType | None:
        parts = [part for part in column.parts if isinstance(part, exp.Identifier)]  # not `*`
        if not parts:
            return None
        head = parts[0]
        key = head.name.lower()
        steps = [_Step(part, part.name, True) for part in parts[1:]]
        if key in scope:
            return self._walk(head.name, scope[key], [*steps, *_steps_above(column)], report)
        if self.columns is None:
            if report and (len(parts) > 1 or head.quoted or key not in NO_PAREN_FUNCTIONS):
                self.used.add(key)
            return None
        entry = self.columns.get(key)
        if entry is None:
            if report and (len(parts) > 1 or head.quoted or key not in NO_PAREN_FUNCTIONS):
                self._report(self._unknown_column(head.name), _offset(head))
            return None
        declared, data_type = entry
        if report:
            self.used.add(declared)
        return self._walk(declared, data_type, [*steps, *_steps_above(column)], report)

    def _resolve_chain(
        self, base: exp.Identifier, scope: _Scope, *, report: bool
    ) -> DataType | None:
        """A lambda variable followed by field or subscript accesses."""
        return self._walk(base.name, scope.get(base.name.lower()), _steps_above(base), report)

    def _walk(
        self, label: str, data_type: DataType | None, steps: list[_Step], report: bool
    ) -> DataType | None:
        for step in steps:
            if data_type is None:
                return None
            if step.name is None:
                data_type = _subscript(data_type)
                label = f"{label}[...]"
                continue
            resolved, member = _member(data_type, step.name)
            if resolved is False:
                if report:
                    message = _no_field_message(label, data_type, step.name)
                    self._report(message, _offset(step.node))
                return None
            if resolved is None and step.is_field and _has_no_fields(data_type):
                if report:
                    message = (
                        f"{label!r} has type {format_type(data_type)}, which has no fields, "
                        f"so {step.name!r} cannot be read from it"
                    )
                    self._report(message, _offset(step.node))
                return None
            data_type = member if resolved else _subscript(data_type)
            label = f"{label}.{step.name}" if step.is_field else f"{label}[{step.name!r}]"
        return data_type

    def _unknown_column(self, name: str) -> str:
        assert self.columns is not None
        message = f"unknown column {name!r}"
        if not self.columns:
            return f"{message}; the contract declares no columns"
        match = difflib.get_close_matches(name.lower(), list(self.columns), n=1, cutoff=0.6)
        if match:
            return f"{message}; did you mean {self.columns[match[0]][0]!r}?"
        names = [declared for declared, _ in self.columns.values()]
        shown = ", ".join(repr(n) for n in names[:8]) + (", ..." if len(names) > 8 else "")
        return f"{message}; declared columns are {shown}"

    def type_of(self, node: exp.Expr, scope: _Scope) -> DataType | None:
        """The declared type `node` reads, when it is a column or an access into one."""
        while isinstance(node, exp.Paren):
            node = node.this
        base = node
        while isinstance(base, exp.Dot | exp.Bracket):
            base = base.this
        if isinstance(base, exp.Column):
            top = _outermost_chain(base)
            return self._resolve_column(base, scope, report=False) if top is node else None
        if isinstance(base, exp.Identifier) and base.name.lower() in scope:
            return self._resolve_chain(base, scope, report=False)
        return None

    # - boolean check

    def check_boolean(self, tree: exp.Expr) -> None:
        """Report operands of the boolean skeleton (AND/OR/NOT) that cannot be true/false."""
        for operand in _boolean_operands(tree):
            bare_null = operand is tree and isinstance(tree, exp.Null)  # NULL AND x is fine
            if bare_null or self._is_boolean(operand) is False:
                offset: int | None
                if operand is tree:  # quote the whole expression as written
                    offset = self.tokens[0].start
                    snippet = self.text[offset : self.tokens[-1].end + 1]
                else:
                    snippet, offset = operand.sql(dialect=_DIALECT), _offset(operand)
                message = (
                    f"expression is not a boolean condition: {snippet!r} yields a value, not "
                    f"true or false; compare or test it, e.g. '{self.kind.example}' or "
                    f"'{self.kind.null_example}'"
                )
                self._report(message, offset)

    def _is_boolean(self, node: exp.Expr) -> bool | None:
        """True if boolean, False if surely not, None when unknown (a UDF, say)."""
        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Predicate | exp.Connector | exp.Not | exp.Boolean):
            return True
        if isinstance(node, _NOT_BOOLEAN):
            return False
        if self.kind is _DATASET and self._name(node) in _VALUE_AGGREGATES:
            return False
        if self.kind is _DATASET and self._name(node) in _SAME_TYPE_AGGREGATES:
            arguments = list(_call_arguments(node))
            return self._is_boolean(arguments[0]) if arguments else None
        if isinstance(node, exp.Column | exp.Dot | exp.Bracket | exp.Identifier):
            data_type = self.type_of(node, {})
            if data_type is None:
                return None
            return data_type == PrimitiveType("boolean")
        if isinstance(node, exp.Cast):  # TryCast is a Cast
            return node.to.is_type(exp.DataType.Type.BOOLEAN)
        branches = _branches(node)
        if branches is not None:
            verdicts = [self._is_boolean(branch) for branch in branches]
            if True in verdicts:
                return True
            return False if False in verdicts else None
        if isinstance(node, exp.Func):
            if self._name(node) in _BOOLEAN_FUNCTIONS:
                return True
            if isinstance(node, exp.Anonymous):
                return None
            return _declared_return_is_boolean(type(node))
        return None

    # - helpers

    def _report(self, message: str, offset: int | None) -> None:
        self.problems.append(ExpressionProblem(message, offset))

    def _name(self, node: exp.Expr) -> str:
        """A function's name as written (lower case), else sqlglot's name for it."""
        token = self._name_token(node)
        if token is not None:
            return token.text.lower()
        if isinstance(node, exp.Anonymous):
            return node.name.lower()
        return node.sql_name().lower() if isinstance(node, exp.Func) else node.key

    def _start(self, node: exp.Expr) -> int | None:
        """Where `node` starts in the text: its function name if it is a call."""
        token = self._name_token(node)
        return token.start if token is not None else _offset(node)

    def _name_token(self, node: exp.Expr) -> Token | None:
        is_call = isinstance(node, exp.Func) and _is_plain_function(type(node))
        if not is_call and not isinstance(node, exp.Any):
            return None
        start = node.meta.get("start")
        if isinstance(start, int):
            return next((t for t in self.tokens if t.start == start), None)
        if isinstance(node, exp.Case) or isinstance(node.parent, exp.Case):
            return None  # CASE and its WHEN branches (If nodes) are syntax, not calls
        # Some calls (`cast`, `percentile_approx`) keep no position: the name is the word
        # before the innermost '(' that encloses the call's first recorded token.
        offset = _offset(node)
        if offset is None:
            return None
        before = [t for t in self.tokens if t.start < offset]
        depth = 0
        for index in range(len(before) - 1, 0, -1):
            kind = before[index].token_type
            if kind is TokenType.R_PAREN:
                depth += 1
            elif kind is TokenType.L_PAREN:
                if depth == 0:
                    word = before[index - 1]
                    return word if _WORD.fullmatch(word.text) else None
                depth -= 1
        return None

    def _query_offset(self, node: exp.Expr) -> int | None:
        inner = _offset(node)
        starts = (
            t.start
            for t in self.tokens
            if t.token_type in {TokenType.SELECT, TokenType.WITH, TokenType.VALUES}
            and (inner is None or t.start <= inner)
        )
        return max(starts, default=inner)


def _member(data_type: DataType, name: str) -> tuple[bool | None, DataType | None]:
    """(True, its type) if field `name` resolves, (False, None) if it surely does not, and
    (None, None) when `data_type` is not a struct, a map, or an array of structs."""
    if isinstance(data_type, MapType):
        return True, data_type.value
    if isinstance(data_type, ArrayType) and isinstance(data_type.element, StructType):
        # Spark reads a field of an array of structs as the array of that field's values.
        found = _struct_field(data_type.element, name)
        return (True, ArrayType(found.type)) if found else (False, None)
    if isinstance(data_type, StructType):
        found = _struct_field(data_type, name)
        return (True, found.type) if found else (False, None)
    return None, None


def _has_no_fields(data_type: DataType) -> bool:
    """Whether `data_type` is surely not something Spark can read a field from."""
    if isinstance(data_type, ArrayType):
        return _has_no_fields(data_type.element) and not isinstance(data_type.element, ArrayType)
    return not isinstance(data_type, MapType | StructType)


def _struct_field(struct: StructType, name: str) -> StructField | None:
    wanted = name.lower()
    return next((f for f in struct.fields if f.name.lower() == wanted), None)


def _no_field_message(label: str, data_type: DataType, name: str) -> str:
    struct = data_type.element if isinstance(data_type, ArrayType) else data_type
    names = [f.name for f in struct.fields] if isinstance(struct, StructType) else []
    by_lower = {n.lower(): n for n in names}
    match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    message = f"{label!r} has no field {name!r}"
    if match:
        return f"{message}; did you mean {by_lower[match[0]]!r}?"
    if names:
        return f"{message}; its fields are " + ", ".join(repr(n) for n in names)
    return message


def _subscript(data_type: DataType) -> DataType | None:
    if isinstance(data_type, ArrayType):
        return data_type.element
    if isinstance(data_type, MapType):
        return data_type.value
    return None


def _element(data_type: DataType | None) -> DataType | None:
    return data_type.element if isinstance(data_type, ArrayType) else None


def _chain_parent(node: exp.Expr) -> exp.Expr | None:
    parent = node.parent
    if isinstance(parent, exp.Dot | exp.Bracket) and parent.this is node:
        return parent
    return None


def _outermost_chain(node: exp.Expr) -> exp.Expr:
    while (parent := _chain_parent(node)) is not None:
        node = parent
    return node


def _steps_above(node: exp.Expr) -> list[_Step]:
    """The `.field` and `[key]` accesses applied to `node`, innermost first."""
    steps = []
    while (parent := _chain_parent(node)) is not None:
        if isinstance(parent, exp.Dot):
            member = parent.expression
            if not isinstance(member, exp.Identifier):
                break
            steps.append(_Step(member, member.name, True))
        else:
            keys = parent.expressions
            key = keys[0] if len(keys) == 1 else None
            literal = key.name if isinstance(key, exp.Literal) and key.is_string else None
            at = key if key is not None and _offset(key) is not None else parent
            steps.append(_Step(at, literal, False))
        node = parent
    return steps


def _call_arguments(call: exp.Expr) -> Iterator[exp.Expr]:
    """A function call's arguments in source order (sqlglot's arg_types order)."""
    if isinstance(call, exp.Anonymous):
        yield from call.expressions
        return
    for key in call.arg_types:
        value = call.args.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, exp.Expression):
                yield item


def _branches(node: exp.Expr) -> list[exp.Expr] | None:
    """The expressions whose value a conditional returns, or None if `node` is not one."""
    if isinstance(node, exp.Case):
        values = [branch.args.get("true") for branch in node.args.get("ifs") or []]
        values.append(node.args.get("default"))
    elif isinstance(node, exp.If):
        values = [node.args.get("true"), node.args.get("false")]
    elif isinstance(node, exp.Coalesce | exp.Greatest | exp.Least):
        values = [node.this, *node.expressions]
    elif isinstance(node, exp.Nullif):
        values = [node.this]
    else:
        return None
    return [v for v in values if isinstance(v, exp.Expression) and not isinstance(v, exp.Null)]


def _declared_return_is_boolean(node_type: type[exp.Expr]) -> bool | None:
    returns = _declared_returns().get(node_type)
    if returns is None or returns in {exp.DataType.Type.UNKNOWN, exp.DataType.Type.NULL}:
        return None
    return returns is exp.DataType.Type.BOOLEAN


@lru_cache(maxsize=1)
def _declared_returns() -> dict[type, exp.DType]:
    """The fixed return type sqlglot's type annotator gives each function class, if any."""
    dialect = _dialect()
    found: dict[type, exp.DType] = {}
    metadata = getattr(dialect, "EXPRESSION_METADATA", None)  # sqlglot 28+
    if isinstance(metadata, Mapping):
        for node_type, spec in metadata.items():
            returns = spec.get("returns") if isinstance(spec, Mapping) else None
            if isinstance(returns, exp.DataType):
                returns = returns.this
            if isinstance(returns, exp.DataType.Type):
                found[node_type] = returns
        return found
    for returns, node_types in getattr(dialect, "TYPE_TO_EXPRESSIONS", {}).items():
        for node_type in node_types:
            found[node_type] = returns
    return found


def _boolean_operands(node: exp.Expr) -> Iterator[exp.Expr]:
    """The leaves under the top-level AND / OR / NOT skeleton, each of which must be boolean."""
    inner = node
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if isinstance(inner, exp.Connector):
        yield from _boolean_operands(inner.left)
        yield from _boolean_operands(inner.right)
    elif isinstance(inner, exp.Not):
        yield from _boolean_operands(inner.this)
    else:
        yield node


def _offset(node: exp.Expr) -> int | None:
    """The earliest source position recorded in `node`'s subtree."""
    starts = [n.meta["start"] for n in node.walk() if isinstance(n.meta.get("start"), int)]
    return min(starts, default=None)
