"""Alerts against a real HTTP server on 127.0.0.1: one message per failing run, none for
a passing one, and a broken webhook is a warning line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import contractkit
from contractkit.history.keep import keep
from contractkit.history.notify import failing_message, post
from tests.history.generated import daily_runs, write_contracts


@pytest.fixture
def contract(tmp_path: Path) -> contractkit.Contract:
    write_contracts(tmp_path, 1)
    return contractkit.load(tmp_path / "dataset_00.yaml")


def _run(**failing: dict[str, Any]) -> list[Any]:
    rows = daily_runs(["dataset_00"], 1)[0]
    return [replace(r, **{"ok": True, **failing.get(r.check, {})}) for r in rows]


def test_a_failing_run_posts_one_slack_message_naming_checks_and_consumers(
    webhook: tuple[str, Any], contract: contractkit.Contract
) -> None:
    url, handler = webhook
    said: list[str] = []
    rows = _run(positive_amounts={"ok": False, "failed": 300, "pass_rate": 0.97})
    keep(rows, {contract.name: contract}, record=None, notify=url, say=said.append)
    assert said == [f"notified {url} of 1 failure(s)"]
    assert len(handler.received) == 1
    message = handler.received[0]
    assert message["type"] == "application/json"
    body = message["body"]
    assert body["text"].startswith("contractkit: 1 failing check(s) in dataset_00 (run run-000-00)")
    assert "positive_amounts (expectation) passed 97.0000% < 99.0000% (300 of" in body["text"]
    # amount is read by finance (uses: [id, amount]) and archive (no uses), not marketing
    assert "finance-0 (finance-0@example.com), archive-0" in body["text"]
    assert "marketing" not in body["text"]
    assert [b["type"] for b in body["blocks"]] == ["header", "section"]


def test_a_passing_run_posts_nothing(
    webhook: tuple[str, Any], contract: contractkit.Contract
) -> None:
    url, handler = webhook
    said: list[str] = []
    keep(_run(), {contract.name: contract}, record=None, notify=url, say=said.append)
    assert handler.received == []
    assert said == []
    assert failing_message(_run(), {contract.name: contract}) is None


def test_a_failing_webhook_is_a_warning_not_a_traceback(
    webhook: tuple[str, Any], contract: contractkit.Contract
) -> None:
    url, handler = webhook
    handler.status = 500
    assert post(url, {"text": "x"}) == (
        f"warning: the webhook {url} answered HTTP 500; the alert was not delivered"
    )
    closed = "http://127.0.0.1:9/hook"  # the discard port: nothing listens
    warning = post(closed, {"text": "x"})
    assert warning is not None
    assert warning.startswith(f"warning: cannot post the alert to {closed}: ")
    assert post("not a url", {"text": "x"}) == (
        "warning: --notify URL 'not a url' is not an http(s) URL; the alert was not sent"
    )
