"""Failing-row samples of every failed expectation: at most one job more than the counts.

The samples of an expectation are its first failing rows in the data's order (partition
by partition, row by row), the rows a `filter(NOT e).limit(n)` returns. Taking them with
one such query per failed expectation costs a job each, and collecting rows inside the
counting aggregation (`min_by(row, position, n)`) costs more: a buffer holding rows turns
the whole aggregation into a SortAggregate without generated code.

So the counting aggregation gains only fixed-width aggregates, which keep its generated
code: each row gets its position (`monotonically_increasing_id()`, computed before the
aggregation, as is whether it fails each expression, so that the count and the sum below
evaluate the expression once), and per expectation one `sum` packs how many of its
failing rows lie among the first 8, 32, 128, 1024, 8192 and 65536 rows of the first
partition (`_FIELDS`, each wide enough never to carry into the next). From those counts,
after the aggregation:

- an expectation with enough failing rows in such a prefix is *bounded*: its samples are
  among its failing rows before that position, and their number is known;
- ONE query serves every bounded expectation: the rows failing one of them within its
  prefix, plus every row past the largest prefix so that a `limit` of (those rows + 1)
  ends each partition's scan right there: the first partition is read up to the prefix,
  the others stop at once;
- an expectation failing too rarely to be bounded, but on few rows in total (`_RARE`),
  joins the same query with all its failing rows, which then reads all the data (one
  job still);
- only one that is neither (more than `_RARE` failing rows, none early in the data) gets
  the bounded query of its own it had before, as does any expectation the shared query
  could not serve (an error, or data whose order is not the same twice).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from contractkit.spark.reasons import is_spark_error
from contractkit.sqltext import column_reference, quote_name

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, Row, SparkSession
    from pyspark.sql.types import StructType as SparkStructType

# (prefix length, bit offset, bit width): a field counts up to its prefix length, which its
# width can hold, so the packed sum never carries from one field into the next.
_FIELDS = tuple(
    (length, offset, length.bit_length())
    for length, offset in zip((8, 32, 128, 1024, 8192, 65536), (0, 4, 10, 18, 29, 43), strict=True)
)
_FIRST_PARTITION = 1 << 33  # monotonically_increasing_id: partition index << 33 | row
_RARE = 1000  # an unbounded expectation failing on at most this many rows joins the query
_ALL_PARTITIONS = 1 << 30
_LIMIT_PARTITIONS = "spark.sql.limit.initialNumPartitions"


@dataclass(frozen=True)
class Positioned:
    """The data with each row's position and, per expression, whether the row fails it
    (computed once, in a projection both the count and the packed sum read)."""

    frame: DataFrame
    position: str
    weight: str
    flags: Mapping[str, str]  # expression -> its column; only expressions Spark analyses

    def failures(self, expression: str) -> Column:
        """Rows where `expression` is FALSE (NULL is not a violation)."""
        from pyspark.sql import functions as F

        return F.count_if(F.col(self.flags[expression]))

    def measure(self, expression: str) -> Column:
        """The packed prefix counts of `expression`'s failing rows."""
        from pyspark.sql import functions as F

        return F.sum(F.when(F.col(self.flags[expression]), F.col(self.weight)))

    def first_partition_rows(self) -> Column:
        from pyspark.sql import functions as F

        return F.count_if(F.col(self.position) < _FIRST_PARTITION)


def positioned(df: DataFrame, expressions: Sequence[str]) -> Positioned:
    """`df` with its rows' positions, the prefix weight and a failure flag per expression
    Spark can analyse (one it cannot is left to the aggregation to report), in columns
    named so as not to clash with the data's."""
    from pyspark.sql import functions as F

    taken = {c.casefold() for c in df.columns}
    position = _free("_contractkit_position", taken)
    weight = _free("_contractkit_prefix_weight", taken | {position})
    terms = " + ".join(
        f"CASE WHEN {position} < {length} THEN {1 << offset}L ELSE 0L END"
        for length, offset, _ in _FIELDS
    )
    frame = df.select("*", F.monotonically_increasing_id().alias(position)).withColumn(
        weight, F.expr(f"CASE WHEN {position} < {_FIELDS[-1][0]} THEN {terms} ELSE 0L END")
    )
    taken |= {position, weight}
    flags = {}
    for i, text in enumerate(expressions):
        flags[text] = _free(f"_contractkit_fails_{i}", taken)
    try:
        flagged = _flagged(frame, flags)
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        flags = {t: c for t, c in flags.items() if _analysable(frame, t)}
        flagged = _flagged(frame, flags)
    return Positioned(flagged, position, weight, flags)


def _flagged(frame: DataFrame, flags: Mapping[str, str]) -> DataFrame:
    from pyspark.sql import functions as F

    flagged = frame.select("*", *[(~F.expr(t)).alias(c) for t, c in flags.items()])
    _ = flagged.schema  # analysis only, no job (Spark Connect analyses only when asked)
    return flagged


def _analysable(df: DataFrame, expression: str) -> bool:
    from pyspark.sql import functions as F

    try:
        _ = df.select(~F.expr(expression)).schema  # classic Spark raises at select already
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        return False
    return True


def _free(name: str, taken: set[str]) -> str:
    while name.casefold() in taken:
        name = f"_{name}"
    return name


@dataclass(frozen=True)
class Wanted:
    """An expectation to take samples of: its expression, how many rows fail it, and the
    packed prefix counts the aggregation measured (None if it was not measured)."""

    expression: str
    failed: int
    packed: int | None


def take(
    data: Positioned,
    schema: SparkStructType,
    wanted: Sequence[Wanted],
    limit: int,
    first_partition_rows: int | None,
) -> dict[str, list[dict[str, Any]]]:
    """Up to `limit` first failing rows of each wanted expression (by expression); see the
    module docstring for the jobs this costs. Samples that cannot be taken are left out:
    the counts stand whatever happens here."""
    bounds: dict[str, tuple[int | None, int]] = {}  # expression -> (prefix or None, rows)
    alone = []
    for w in wanted:
        bound = _bound(w, limit)
        if w.expression not in data.flags:  # not measured: the shared query has no flag
            alone.append(w.expression)
        elif bound is not None:
            bounds[w.expression] = bound
        elif w.failed <= _RARE:
            bounds[w.expression] = (None, w.failed)
        else:
            alone.append(w.expression)
    picked: dict[str, list[dict[str, Any]]] = {}
    if bounds:
        picked = _shared(data, schema, bounds, limit, first_partition_rows)
    needed = {w.expression: min(limit, w.failed) for w in wanted}
    alone += [text for text in bounds if len(picked.get(text, ())) < needed[text]]
    for text in alone:
        rows = _own_query(data.frame, schema, text, limit)
        if rows is not None:
            picked[text] = rows
    return picked


def _bound(wanted: Wanted, limit: int) -> tuple[int, int] | None:
    """The shortest prefix of the first partition holding the rows to show, and how many
    failing rows it holds."""
    if wanted.packed is None:
        return None
    for length, offset, width in _FIELDS:
        count = (wanted.packed >> offset) & ((1 << width) - 1)
        if count >= min(limit, wanted.failed):
            return length, count
    return None


def _shared(
    data: Positioned,
    schema: SparkStructType,
    bounds: Mapping[str, tuple[int | None, int]],
    limit: int,
    first_partition_rows: int | None,
) -> dict[str, list[dict[str, Any]]]:
    # Written as SQL text over the flag columns the aggregation read, not built Column by
    # Column: each Column operation is a round trip to the JVM, hundreds of them per query,
    # which cost more than the query's one small task.
    texts = list(bounds)
    position = quote_name(data.position)
    flags = []
    for text in texts:
        fails = quote_name(data.flags[text])
        prefix = bounds[text][0]
        flags.append(
            f"coalesce({fails}, false)"
            if prefix is None
            else f"coalesce({fails} AND {position} < {prefix}, false)"
        )
    keep = " OR ".join(f"({f})" for f in flags)
    row = ", ".join(column_reference([f.name]) for f in schema.fields)
    found_by = f"array({', '.join(flags)})"
    hit = f"CASE WHEN {keep} THEN struct(struct({row}) AS row, {found_by} AS flags) END"
    prefixes = [prefix for prefix, _ in bounds.values()]
    query: DataFrame
    partitions = None
    if all(p is not None for p in prefixes):
        end = max(p for p in prefixes if p is not None)
        rows = sum(count for _, count in bounds.values()) + 1
        query = data.frame.filter(f"{keep} OR {position} >= {end}")
        query = query.selectExpr(position, f"{hit} AS hit").limit(rows)
        if first_partition_rows is None or first_partition_rows < end + rows:
            partitions = _ALL_PARTITIONS  # the first partition alone cannot fill the limit
    else:
        query = data.frame.filter(keep).selectExpr(position, f"{hit} AS hit")
    try:
        with _limit_partitions(data.frame.sparkSession, partitions):
            found = query.collect()
    except Exception as exc:
        if not is_spark_error(exc):
            raise
        return {}
    picked: dict[str, list[dict[str, Any]]] = {text: [] for text in texts}
    for found_row in sorted(found, key=lambda r: r[0]):
        hit_row: Row | None = found_row["hit"]
        if hit_row is None:
            continue
        for text, failing in zip(texts, hit_row["flags"], strict=True):
            if failing and len(picked[text]) < limit:
                picked[text].append(hit_row["row"].asDict(recursive=True))
    return picked


@contextmanager
def _limit_partitions(spark: SparkSession, partitions: int | None) -> Iterator[None]:
    """Let a `limit` query scan `partitions` partitions in its first job (Spark starts with
    one and runs a job per round), for this query only."""
    if partitions is None:
        yield
        return
    before = spark.conf.get(_LIMIT_PARTITIONS, None)
    spark.conf.set(_LIMIT_PARTITIONS, str(partitions))
    try:
        yield
    finally:
        if before is None:
            spark.conf.unset(_LIMIT_PARTITIONS)
        else:
            spark.conf.set(_LIMIT_PARTITIONS, before)


def _own_query(
    df: DataFrame, schema: SparkStructType, expression: str, limit: int
) -> list[dict[str, Any]] | None:
    """The first `limit` rows failing `expression`, in a query of its own."""
    from pyspark.sql import functions as F

    columns = [F.col(column_reference([f.name])) for f in schema.fields]
    try:
        rows = df.filter(~F.expr(expression)).select(*columns).limit(limit).collect()
    except Exception as exc:  # the counts stand; samples are only an illustration
        if not is_spark_error(exc):
            raise
        return None
    return [row.asDict(recursive=True) for row in rows]
