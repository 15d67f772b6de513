"""Sample rows of failed expectations: at most one job more than the counts whatever the
number of failed expectations, the first failing rows in the data's order (the rows
`filter(NOT e).limit(n)` gives), and never a row whose expression is NULL."""

from __future__ import annotations

from typing import Any

import pytest

from contractkit.loader import load_string

pytestmark = pytest.mark.spark

SIX = """\
contract: {name: six, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: bigint}
    - {name: tag, type: string}
quality:
  expectations:
    - {name: not_fifth, expression: "id % 5 <> 0"}
    - {name: not_seventh, expression: "id % 7 <> 0"}
    - {name: small, expression: "id < 38"}
    - {name: tagged, expression: "tag <> 'x'"}
    - {name: not_third, expression: "id % 3 <> 0"}
    - {name: not_eleventh, expression: "id % 11 <> 0"}
changelog: [{version: "1.0.0"}]
"""


def _data(spark: Any) -> Any:
    """ids 1..40 with tag 'x' on every fourth; four rows with a NULL id (never a violation
    of the id rules: NULL is not FALSE)."""
    rows = [(i, "x" if i % 4 == 0 else "y") for i in range(1, 41)]
    rows += [(None, "y")] * 4
    return spark.createDataFrame(rows, "id bigint, tag string")


def _jobs(spark: Any, group: str, action: Any) -> int:
    """Counted as tests/spark/test_validate.py counts (adaptive execution on: a global
    aggregation is two jobs)."""
    group = f"test-samples-{group}"  # job groups are session-wide: names of their own
    spark.sparkContext.setJobGroup(group, group)
    try:
        action()
    finally:
        spark.sparkContext.setLocalProperty("spark.jobGroup.id", None)
    return len(spark.sparkContext.statusTracker().getJobIdsForGroup(group))


def _only(text: str, names: set[str]) -> Any:
    """`text` with just the named expectations kept, the others made always true."""
    lines = []
    for line in text.splitlines():
        if "expression:" in line and not any(f"name: {n}," in line for n in names):
            line = line.split("expression:")[0] + 'expression: "true"}'
        lines.append(line)
    return load_string("\n".join(lines) + "\n", "six.yaml")


def _today(df: Any, expression: str, limit: int) -> list[dict[str, Any]]:
    """The samples as validate took them before: one bounded query per expectation."""
    from pyspark.sql import functions as F

    return [r.asDict(recursive=True) for r in df.filter(~F.expr(expression)).limit(limit).collect()]


def test_every_failed_expectation_gets_its_samples_for_one_job_more(spark: Any) -> None:
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    df = _data(spark)
    floor = _jobs(spark, "floor", lambda: df.agg(F.count(F.lit(1))).first())
    clean = _jobs(spark, "clean", lambda: validate(df, _only(SIX, set()), samples=5))
    assert clean == floor  # nothing failed: no sample query at all
    one = _jobs(spark, "one", lambda: validate(df, _only(SIX, {"small"}), samples=5))
    reports = []
    six = _jobs(
        spark, "six", lambda: reports.append(validate(df, load_string(SIX, "six.yaml"), samples=5))
    )
    assert one == six == floor + 1
    (report,) = reports
    assert all(e.samples for e in report.expectations)


def test_dirty_data_costs_the_floor_plus_one_job_whatever_the_number_of_rules(
    spark: Any,
) -> None:
    """Data large enough for the first partition's prefixes to bound every rule (a rule
    failing every 7th, 13th, ... row, 30 of them): the floor plus one job at 1, 10 and 30
    failing rules, and the samples are exactly the rows the old per-rule query gave."""
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    df = spark.range(0, 200_000, 1, 2).select(
        F.col("id"), (F.col("id") % 1000).alias("bucket"), F.lit("v").alias("tag")
    )
    rules = [f"id % {7 + 2 * i} <> 3" for i in range(30)]

    def contract(n: int) -> Any:
        lines = [f'    - {{name: r{i}, expression: "{rule}"}}' for i, rule in enumerate(rules[:n])]
        text = (
            "contract: {name: dirty, version: '1.0.0', owner: o, producer_pipeline: p}\n"
            "schema:\n  fields:\n    - {name: id, type: bigint}\n"
            "    - {name: bucket, type: bigint}\n    - {name: tag, type: string}\n"
            "quality:\n  expectations:\n" + "\n".join(lines) + "\n"
            "changelog: [{version: '1.0.0'}]\n"
        )
        return load_string(text, "dirty.yaml")

    floor = _jobs(spark, "dirty-floor", lambda: df.agg(F.count(F.lit(1))).first())
    for n in (1, 10, 30):
        reports: list[Any] = []
        jobs = _jobs(
            spark, f"dirty-{n}", lambda n=n, out=reports: out.append(validate(df, contract(n)))
        )
        assert jobs == floor + 1, n
        (report,) = reports
        assert len(report.expectations) == n
        for e in report.expectations:
            assert e.failed > 0
            assert list(e.samples) == _today(df, e.expression, 5), e.name


def test_samples_are_the_first_failing_rows_never_a_null_one(spark: Any) -> None:
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    contract = load_string(SIX, "six.yaml")
    df = _data(spark)

    def samples(data: Any, limit: int) -> dict[str, list[dict[str, Any]]]:
        report = validate(data, contract, samples=limit)
        return {e.name: list(e.samples) for e in report.expectations}

    everything = samples(df, 20)
    assert [row["id"] for row in everything["not_fifth"]] == [5, 10, 15, 20, 25, 30, 35, 40]
    assert [row["id"] for row in everything["small"]] == [38, 39, 40]
    assert [row["id"] for row in everything["tagged"]] == [4, 8, 12, 16, 20, 24, 28, 32, 36, 40]
    first = samples(df, 3)
    assert [row["id"] for row in first["not_third"]] == [3, 6, 9]
    assert all(rows == everything[name][:3] for name, rows in first.items())
    assert samples(df, 3) == first  # the same data, the same samples
    for e in contract.expectations:
        assert first[e.name] == _today(df, e.expression, 3)
    backwards = samples(df.orderBy(F.desc("id")).coalesce(1), 2)
    assert [row["id"] for row in backwards["not_fifth"]] == [40, 35]


def test_an_erroring_expression_does_not_take_the_samples_of_the_others(spark: Any) -> None:
    """Under ANSI mode `CAST('x' AS INT)` fails: that expectation carries the error, the
    others keep their exact counts and their samples."""
    from contractkit.spark import validate

    text = SIX.replace("\"tag <> 'x'\"", '"CAST(tag AS INT) > 0"')
    report = validate(_data(spark), load_string(text, "six.yaml"), samples=5)
    tagged = report.expectation("tagged")
    assert tagged.error is not None
    assert tagged.error.startswith("CAST_INVALID_INPUT")
    assert tagged.samples == ()
    small = report.expectation("small")
    assert small.failed == 3
    assert [row["id"] for row in small.samples] == [38, 39, 40]
    assert report.expectation("not_fifth").failed == 8


def test_a_rare_failure_far_into_the_data_still_gets_its_samples(spark: Any) -> None:
    """A rule failing twice, late in the second partition, among rules failing often: its
    rows are found in the same single query (which then reads all the data)."""
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    df = spark.range(0, 100_000, 1, 2).select(F.col("id"), F.lit("y").alias("tag"))
    text = SIX.replace('"id < 38"', '"id NOT IN (70001, 99998)"')
    floor = _jobs(spark, "rare-floor", lambda: df.agg(F.count(F.lit(1))).first())
    reports = []
    jobs = _jobs(spark, "rare", lambda: reports.append(validate(df, load_string(text, "r.yaml"))))
    assert jobs == floor + 1
    (report,) = reports
    assert [row["id"] for row in report.expectation("small").samples] == [70001, 99998]
    assert [row["id"] for row in report.expectation("not_fifth").samples] == [0, 5, 10, 15, 20]


def test_samples_zero_takes_none_and_adds_nothing_to_the_pass(spark: Any) -> None:
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    df = _data(spark)
    floor = _jobs(spark, "zero-floor", lambda: df.agg(F.count(F.lit(1))).first())
    reports = []
    jobs = _jobs(
        spark, "zero", lambda: reports.append(validate(df, load_string(SIX, "s.yaml"), samples=0))
    )
    assert jobs == floor
    assert all(e.samples == () for e in reports[0].expectations)


def test_a_column_named_like_the_position_is_left_alone(spark: Any) -> None:
    from contractkit.spark import validate

    df = _data(spark).withColumnRenamed("tag", "_contractkit_position")
    text = SIX.replace("name: tag,", "name: _contractkit_position,").replace(
        "\"tag <> 'x'\"", "\"_contractkit_position <> 'x'\""
    )
    report = validate(df, load_string(text, "six.yaml"), samples=2)
    tagged = report.expectation("tagged")
    assert tagged.failed == 10
    assert [row["_contractkit_position"] for row in tagged.samples] == ["x", "x"]
    assert [row["id"] for row in tagged.samples] == [4, 8]


def test_a_small_first_partition_still_costs_one_job_and_the_setting_is_restored(
    spark: Any,
) -> None:
    """Four partitions of 10 rows: a rule failing on every row is bounded by the first 8
    rows, but the first partition cannot fill the sample query's limit on its own, so that
    query scans every partition in its one job (Spark would start with one and run more
    jobs), and gives the session's setting back."""
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    key = "spark.sql.limit.initialNumPartitions"
    before = spark.conf.get(key, None)
    df = spark.range(0, 40, 1, 4).select(F.col("id"), F.lit("y").alias("tag"))
    text = SIX.replace('"id < 38"', '"id < 0"')
    floor = _jobs(spark, "small-floor", lambda: df.agg(F.count(F.lit(1))).first())
    reports: list[Any] = []
    contract = _only(text, {"small"})
    jobs = _jobs(spark, "small-first", lambda: reports.append(validate(df, contract)))
    assert jobs == floor + 1
    (report,) = reports
    assert [row["id"] for row in report.expectation("small").samples] == [0, 1, 2, 3, 4]
    assert spark.conf.get(key, None) == before


def test_two_spellings_of_one_rule_share_its_count_and_its_samples(spark: Any) -> None:
    """The contract's `id % 5 <> 0` and a consumer's `id%5<>0` are counted once (one slot):
    both carry the same first failing rows, those of the per-rule query."""
    from contractkit.spark import validate

    text = SIX.replace(
        'changelog: [{version: "1.0.0"}]',
        "consumers:\n  - pipeline: finance\n    expectations:\n"
        '      - {name: fifths, expression: "id%5<>0"}\n'
        'changelog: [{version: "1.0.0"}]',
    )
    df = _data(spark)
    report = validate(df, load_string(text, "six.yaml"), samples=3)
    (finance,) = report.consumers
    (fifths,) = finance.expectations
    ours = report.expectation("not_fifth")
    assert ours.failed == fifths.failed == 8
    assert [row["id"] for row in ours.samples] == [5, 10, 15]
    assert list(fifths.samples) == list(ours.samples) == _today(df, "id % 5 <> 0", 3)
