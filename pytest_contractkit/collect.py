"""Contract files become pytest items: `file::contract::schema`, `::quality[<name>]`, ...

Items are `pytest.Function`s around small closures that take the `spark` fixture, so the
session-scoped fixture (ours, or the user's override) is resolved by pytest itself. Every
item of a contract reads the same report (see state.py): the data is scanned once.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from contractkit.contract_files import analyze_contracts
from contractkit.derived import derive
from contractkit.errors import ContractWarning
from contractkit.loader import Analysis
from contractkit.model import Consumer, Contract, DatasetCheck, Expectation, UniqueKey
from contractkit.references import Reference, declared_references
from pytest_contractkit import failures
from pytest_contractkit.failures import ContractFailure, Judgement, Warned
from pytest_contractkit.state import INSTALL_HINT, RunState

if TYPE_CHECKING:
    from contractkit.validation import ValidationReport

STATE = pytest.StashKey[RunState]()


class ContractLintError(Exception):
    """The contract file is invalid: a collection error showing its diagnostics."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__(analysis.file)
        self.analysis = analysis


class ContractFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        analyses = analyze_contracts(self.path, self.nodeid or str(self.path))
        for analysis in analyses:  # an ODCS document holds one contract per schema object
            if not analysis.ok or analysis.contract is None:
                raise ContractLintError(analysis)
        state = self.config.stash[STATE]
        for analysis in analyses:
            contract = analysis.contract
            assert contract is not None
            state.collected.append(contract)
            if state.consumer is not None and state.consumer not in {
                c.pipeline for c in contract.consumers
            }:
                continue
            yield ContractNode.from_parent(self, name=contract.name, contract=contract)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, ContractLintError):
            from contractkit.report.lint import render_text

            return render_text([excinfo.value.analysis])
        return super().repr_failure(excinfo)


class ContractNode(pytest.Collector):
    def __init__(self, *, contract: Contract, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.contract = contract

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        contract = self.contract
        yield _item(self, "schema", "contract_schema", lambda r: failures.schema(contract, r))
        derived_lines = {d.expectation.name: d.location for d in derive(contract)}
        for index, expectation in enumerate(contract.expectations):
            yield _quality(self, expectation, ("quality", "expectations", index), None)
        for name, location in derived_lines.items():
            expectation = next(e for e in _all(contract) if e.name == name)
            yield _quality(self, expectation, location, None)
        for index, check in enumerate(contract.quality.dataset):
            yield _dataset(self, check, ("quality", "dataset", index), None)
        if contract.sla is not None and contract.sla.freshness is not None:
            yield _item(
                self,
                "freshness",
                "contract_freshness",
                lambda r: failures.freshness(contract, r.freshness, ("sla", "freshness")),
            )
        for field in contract.fields:
            if field.unique:
                yield _item(self, f"unique[{field.name}]", "contract_quality", _unique(field.name))
        if contract.schema_.primary_key:
            yield _item(self, "primary_key", "contract_quality", _unique(None))
        for index, key in enumerate(contract.quality.unique):
            yield _item(
                self, f"unique[{key.label}]", "contract_quality", _unique_key(contract, key, index)
            )
        for reference in declared_references(contract):
            yield _item(
                self, f"references[{reference.path}]", "contract_references", _judge(reference)
            )
        state = self.config.stash[STATE]
        for index, consumer in enumerate(contract.consumers):
            if state.consumer is None or state.consumer == consumer.pipeline:
                yield ConsumerNode.from_parent(
                    self, name=f"consumer[{consumer.pipeline}]", consumer=consumer, index=index
                )


class ConsumerNode(pytest.Collector):
    def __init__(self, *, consumer: Consumer, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.consumer = consumer
        self.index = index

    def collect(self) -> Iterator[pytest.Item]:
        parent = self.parent
        assert isinstance(parent, ContractNode)
        contract, consumer = parent.contract, self.consumer
        yield _item(
            self,
            "schema",
            "contract_schema",
            lambda r: failures.consumer_schema(contract, consumer, r),
            consumer=consumer.pipeline,
        )
        for index, expectation in enumerate(consumer.expectations):
            location = ("consumers", self.index, "expectations", index)
            yield _quality(self, expectation, location, consumer.pipeline)
        for index, check in enumerate(consumer.dataset):
            location = ("consumers", self.index, "dataset", index)
            yield _dataset(self, check, location, consumer.pipeline)
        if consumer.freshness is not None:
            yield _item(
                self,
                "freshness",
                "contract_freshness",
                lambda r: failures.freshness(
                    contract,
                    _consumer_result(r, consumer).freshness,
                    ("consumers", self.index, "freshness"),
                ),
                consumer=consumer.pipeline,
            )


def _all(contract: Contract) -> list[Expectation]:
    from contractkit.derived import all_expectations

    return all_expectations(contract)


def _consumer_result(report: ValidationReport, consumer: Consumer) -> Any:
    result = report.consumer(consumer.pipeline)
    assert result is not None, f"no result for consumer {consumer.pipeline}"
    return result


def _quality(
    parent: pytest.Collector,
    expectation: Expectation,
    location: tuple[str | int, ...],
    consumer: str | None,
) -> pytest.Item:
    return _named_result(
        parent,
        f"quality[{expectation.name}]",
        "contract_quality",
        lambda results: results.expectations,
        expectation.name,
        lambda contract, result: failures.quality(contract, result, location),
        consumer,
    )


def _dataset(
    parent: pytest.Collector,
    check: DatasetCheck,
    location: tuple[str | int, ...],
    consumer: str | None,
) -> pytest.Item:
    return _named_result(
        parent,
        f"dataset[{check.name}]",
        "contract_dataset",
        lambda results: results.dataset,
        check.name,
        lambda contract, result: failures.dataset(contract, result, location),
        consumer,
    )


def _named_result(
    parent: pytest.Collector,
    item_name: str,
    marker: str,
    section: Callable[[Any], Any],
    name: str,
    judged: Callable[[Contract, Any], Judgement],
    consumer: str | None,
) -> pytest.Item:
    """An item judging the result called `name` in one section (expectations, dataset
    checks) of the contract's report, or of the consumer's part of it."""
    contract = _contract_of(parent)

    def judge(report: ValidationReport) -> Judgement:
        holder = report if consumer is None else _consumer_result(report, _by(contract, consumer))
        result = next(r for r in section(holder) if r.name == name)
        return judged(contract, result)

    return _item(parent, item_name, marker, judge, consumer)


def _unique_key(
    contract: Contract, key: UniqueKey, index: int
) -> Callable[[ValidationReport], Judgement]:
    def judge(report: ValidationReport) -> Judgement:
        return failures.unique_key(
            contract, report.unique_key(key.label), ("quality", "unique", index)
        )

    return judge


def _by(contract: Contract, pipeline: str) -> Consumer:
    return next(c for c in contract.consumers if c.pipeline == pipeline)


def _unique(column: str | None) -> Callable[[ValidationReport], str | None]:
    def judge(report: ValidationReport) -> str | None:
        kind = "primary_key" if column is None else "unique"
        for result in report.uniqueness:
            if result.kind == kind and (column is None or result.columns == (column,)):
                return failures.uniqueness(result)
        pytest.skip(f"the data lacks the column(s) of this {kind.replace('_', ' ')}")

    return judge


def _judge(reference: Reference) -> Callable[[ValidationReport], str | None]:
    def judge(report: ValidationReport) -> str | None:
        result = next(r for r in report.references if r.field == reference.path)
        return failures.reference(reference.contract, result, reference.location)

    return judge


def _contract_of(node: pytest.Collector) -> Contract:
    while not isinstance(node, ContractNode):
        assert node.parent is not None
        node = node.parent  # type: ignore[assignment]
    return node.contract


def _item(
    parent: pytest.Collector,
    name: str,
    marker: str,
    judge: Callable[[ValidationReport], Judgement],
    consumer: str | None = None,
) -> pytest.Item:
    """One check: get the contract's shared report, judge it, fail with a readable text (a
    warn level passes with a ContractWarning located at the contract's line)."""
    contract = _contract_of(parent)

    def check(spark: Any) -> None:
        state = parent.config.stash[STATE]
        report = state.report(contract, spark)
        problem = judge(report)
        if isinstance(problem, Warned):
            warnings.warn_explicit(
                ContractWarning(problem.text), ContractWarning, problem.file, problem.line
            )
        elif problem:
            raise ContractFailure(problem)

    item = ContractCheck.from_parent(parent, name=name, callobj=check)
    item.add_marker(pytest.mark.contract)
    item.add_marker(getattr(pytest.mark, marker))
    item.user_properties += [("contract", contract.name), ("contract_version", contract.version)]
    if consumer is not None:
        item.user_properties.append(("consumer", consumer))
    return item


class ContractCheck(pytest.Function):
    """A generated check; its failures print the contract's report, not a traceback."""

    def setup(self) -> None:
        if not RunState.spark_available():
            pytest.skip(INSTALL_HINT)
        super().setup()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, ContractFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, self.nodeid
