"""The e-commerce example end to end, on the suite's SparkSession: clean, then defective."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import re
import shutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import contractkit
from contractkit.spark import validate

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = sorted((ROOT / "contracts").glob("*.yaml"))
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _reports(spark: Any, now: dt.datetime) -> dict[str, Any]:
    from contractkit.spark.sources import read_path
    from examples.ecommerce.pipelines import location

    reports = {}
    for path in CONTRACTS:
        contract = contractkit.load(path)
        where, data_format = location(contract.name)
        data = read_path(spark, contract, where, data_format)
        reports[contract.name] = validate(data, contract, now=now, samples=0)
    return reports


def _issue16_facts(spark: Any) -> dict[str, Any]:
    """The published data as the dataset check, reference, composite key and warn level of
    the contracts see it: the generated aggregate view, a left anti join, a group count."""
    from pyspark.sql import functions as F

    from examples.ecommerce.pipelines import read
    from examples.generated import (
        bronze_orders,
        gold_sales_metrics,
        silver_customers,
        silver_orders,
    )

    checks = gold_sales_metrics.dataset_checks(read(spark, gold_sales_metrics)).first()
    orders = read(spark, silver_orders)
    orphans = orders.join(read(spark, silver_customers), "customer_id", "left_anti")
    bronze = read(spark, bronze_orders)
    [key] = bronze_orders.UNIQUE_KEYS
    groups = bronze.groupBy(*key["columns"]).count().where("count > 1")
    replayed = groups.agg(F.coalesce(F.sum("count"), F.lit(0))).first()[0]
    negative = bronze.where("amount < 0").count()
    return {
        "dataset_checks": checks.asDict(),
        "orphan_orders": orphans.where("customer_id IS NOT NULL").count(),
        "replayed_rows": (replayed, bronze.count()),
        "negative_amounts": (negative, bronze.count()),
    }


def _failures(report: Any) -> set[str]:
    failed = {e.name for e in report.expectations if not e.ok}
    if report.freshness is not None and not report.freshness.ok:
        failed.add("freshness")
    failed |= {i.path for i in report.schema_issues if i.level.value == "error"}
    failed |= {"/".join(u.columns) for u in report.uniqueness if not u.ok}
    return failed


@pytest.mark.spark
def test_clean_run_meets_every_contract_and_defects_break_exactly_two(spark: Any) -> None:
    from examples.ecommerce.run import build

    build(spark, defects=False, now=NOW)
    clean = _reports(spark, NOW + dt.timedelta(minutes=1))
    assert {name: _failures(r) for name, r in clean.items()} == {name: set() for name in clean}
    assert _issue16_facts(spark) == {
        "dataset_checks": {"unknown_country_share": True, "has_sales": True},
        "orphan_orders": 0,
        "replayed_rows": (0, 2000),
        "negative_amounts": (0, 2000),
    }
    assert clean["gold_sales_metrics"].row_count > 0

    build(spark, defects=True, now=NOW)
    broken = _reports(spark, NOW + dt.timedelta(minutes=1))
    assert {name: _failures(r) for name, r in broken.items()} == {
        "bronze_customers": set(),
        "bronze_orders": set(),  # 0.5% negative amounts are within its 99%
        "gold_sales_metrics": set(),
        "silver_customers": {"freshness"},  # the customer pipeline ran two hours late
        "silver_orders": {"positive_amounts"},  # beyond its 99.9%
    }
    assert broken["silver_orders"].expectation("positive_amounts").failed == 10
    # What the checks of issue 16 will see in the defective data, computed here by hand:
    assert _issue16_facts(spark) == {
        "dataset_checks": {"unknown_country_share": False, "has_sales": True},
        "orphan_orders": 40,  # 2% of the orders, from customers the CRM has not sent
        "replayed_rows": (40, 2020),  # rows in a duplicate group of the composite key
        "negative_amounts": (10, 2020),  # 99.5%: between amount_not_negative's 99% and 99.9%
    }


class _Dlt(types.ModuleType):
    """A stand-in for Databricks' `dlt`: records what each decorator receives."""

    def __init__(self) -> None:
        super().__init__("dlt")
        self.calls: list[tuple[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        def decorator(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args[0] if args else kwargs))
            return lambda function: function

        return decorator


@pytest.fixture
def fake_dlt(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Dlt]:
    fake = _Dlt()
    monkeypatch.setitem(sys.modules, "dlt", fake)
    yield fake
    for name in list(sys.modules):
        if name.startswith("examples.ecommerce.dlt."):
            del sys.modules[name]


@pytest.mark.parametrize(
    ("module", "contracts"),
    [
        ("ingestion_hub", ["bronze_orders", "bronze_customers"]),
        ("customer_silver", ["silver_customers"]),
        ("gold_sales", ["gold_sales_metrics"]),
    ],
)
def test_dlt_pipelines_pass_the_generated_dicts(
    fake_dlt: _Dlt, module: str, contracts: list[str]
) -> None:
    importlib.import_module(f"examples.ecommerce.dlt.{module}")
    for name in contracts:
        generated = importlib.import_module(f"examples.generated.{name}")
        tables = [kw for call, kw in fake_dlt.calls if call == "table"]
        assert {"name": name, "schema": generated.SCHEMA} in tables
        for decorator, wanted in (
            ("expect_all", generated.EXPECT),
            ("expect_all_or_drop", generated.EXPECT_OR_DROP),
            ("expect_all_or_fail", generated.EXPECT_OR_FAIL),
        ):
            assert wanted in [arg for call, arg in fake_dlt.calls if call == decorator]
        if generated.DATASET_CHECKS:  # the aggregate validation view, with the checks' levels
            views = [kw for call, kw in fake_dlt.calls if call == "view"]
            assert {"name": f"{name}_dataset_checks"} in views
            for decorator, wanted in (
                ("expect_all", generated.DATASET_EXPECT),
                ("expect_all_or_fail", generated.DATASET_EXPECT_OR_FAIL),
            ):
                assert wanted in [arg for call, arg in fake_dlt.calls if call == decorator]


_VOLATILE = [  # what changes from run to run: times, ages, dates in samples, durations
    (re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00"), "<time>"),
    (re.compile(r"data is .+? old"), "data is <age> old"),
    (re.compile(r"datetime\.date\([\d, ]+\), status='.*"), "<date and status>"),
    (re.compile(r" in [\d.]+s "), " in <s> "),
    (re.compile(r"=+ (\d+ failed, \d+ passed) in <s> =+"), r"\1"),
]


def _normalized(text: str) -> list[str]:
    lines = []
    for line in text.rstrip("\n").splitlines():
        for pattern, replacement in _VOLATILE:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return lines


def _same_as_readme(output: str, command: str) -> None:
    """Fails with a unified diff (pytest's own diff of long texts is slow)."""
    got, shown = _normalized(output), _normalized(_readme_session(command))
    if got != shown:
        diff = difflib.unified_diff(shown, got, "README.md", "now", lineterm="")
        pytest.fail(f"the README's `{command}` session differs:\n" + "\n".join(diff))


def _readme_session(command: str) -> str:
    """The output the README shows under `$ <command>`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(f"```console\n$ {command}\n", 1)[1]
    return block.split("```", 1)[0]


@pytest.mark.spark
def test_consumer_ci_and_check_print_what_the_readme_shows(
    spark: Any, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a consumer's CI runs (`pytest --contracts`) and a one-off `contractkit check`,
    on the defective example as a consumer's checkout holds it (contracts/ beside the
    example's data): the README's sessions, but for the times, ages and durations that
    differ on every run."""
    from click.testing import CliRunner

    from contractkit.cli import main
    from examples.ecommerce.run import build

    build(spark, defects=True)
    monkeypatch.chdir(ROOT)
    command = "contractkit check contracts/silver_orders.yaml --server local"
    checked = CliRunner().invoke(main, command.split()[1:], prog_name="contractkit")
    _same_as_readme(checked.output, command)
    assert checked.exit_code == 1

    shutil.copytree(ROOT / "contracts", pytester.path / "contracts")
    (pytester.path / "examples" / "ecommerce").mkdir(parents=True)
    data = ROOT / "examples" / "ecommerce" / "data"
    (pytester.path / "examples" / "ecommerce" / "data").symlink_to(data)
    command = "pytest --contracts --contracts-server local --contracts-consumer gold-sales-pipeline"
    # `contracts` named: in-process, a run given no path could reach past the scratch folder
    result = pytester.runpytest(*command.split()[1:], "contracts")
    out = result.stdout.lines
    first = next(i for i, line in enumerate(out) if line.startswith("contracts/"))
    _same_as_readme("\n".join(out[first:]), command)
    # silver_orders' dataset check enough_orders holds (1,900 rows >= 1000); its reference
    # customer_id fails: the 40 orders from customers the CRM has not sent
    result.assert_outcomes(passed=24, failed=3)
    text = result.stdout.str()
    assert "silver_orders.yaml:45: expectation positive_amounts failed: amount > 0" in text
    assert (
        "silver_orders.yaml:22: field customer_id references silver_customers.customer_id: "
        "40 row(s) hold a value missing from silver_customers.customer_id" in text
    )
