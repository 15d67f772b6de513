"""Alerts: one Slack-compatible JSON message per failing run, posted to a webhook.

The body has `text` (what every webhook shows, and Slack's notification line) and
`blocks` (Slack's layout) naming each failing check and the consumers it touches, with
their contacts, then the run's warnings (`• warning: ...`). A webhook that cannot be
reached is reported as a warning line: an alert that fails must not turn a finished
validation into a crash.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from contractkit.history.impact import check_site, consumers_touched
from contractkit.history.records import ResultRecord
from contractkit.model import Contract
from contractkit.validation import format_age

TIMEOUT_S = 10.0


def failing_message(
    records: Sequence[ResultRecord], contracts: Mapping[str, Contract]
) -> dict[str, Any] | None:
    """The message for one run's rows, or None when no check failed: a run whose checks
    only warn passes, as `check` exits 0 for it, and is not announced. A failing run's
    message lists its warnings too, after the failures and marked as such."""
    failing = [r for r in records if r.level == "fail"]
    if not failing:
        return None
    warnings = [r for r in records if r.level == "warn"]
    names = sorted({r.contract for r in failing})
    run_id = failing[0].run_id
    warned = f", {len(warnings)} warning(s)" if warnings else ""
    text = (
        f"contractkit: {len(failing)} failing check(s){warned} in {', '.join(names)} (run {run_id})"
    )
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}
    ]
    lines = [f"• {_line(r, contracts)}" for r in failing]
    lines += [f"• warning: {_line(r, contracts)}" for r in warnings]
    for line in lines:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line[:3000]}})
    return {"text": text + "\n" + "\n".join(lines), "blocks": blocks[:50]}


def _line(r: ResultRecord, contracts: Mapping[str, Contract]) -> str:
    contract = contracts.get(r.contract)
    touched = ""
    if contract is not None:
        site = check_site(contract, r.check, r.kind, r.consumer)
        consumers = consumers_touched(contract, site, r.consumer)
        touched = "; consumers: " + (
            ", ".join(f"{c.pipeline} ({c.contact})" if c.contact else c.pipeline for c in consumers)
            or "none"
        )
    return f"{r.contract} v{r.version}: {r.check} ({r.kind}) {_measure(r)}{touched}"


def _measure(r: ResultRecord) -> str:
    """The measure against the level it missed: the warn level for a warning."""
    if r.error is not None:
        return f"could not be evaluated: {r.error}"
    warned = r.level == "warn" and r.warn_threshold is not None
    bar = r.warn_threshold if warned else r.threshold
    level = " (warn level)" if warned else ""
    if r.kind.endswith("freshness"):
        return _age(r.freshness_age_s) + (
            "" if bar is None else f", limit {format_age(_seconds(bar))}{level}"
        )
    if r.kind.endswith("dataset"):
        return f"does not hold (value {r.value_text or 'NULL'})"
    if r.kind == "reference" and r.failed is not None:
        return f"{r.failed} row(s) hold a value missing from {r.target}"
    if r.kind == "unique_key" and r.pass_rate is not None and bar is not None:
        return (
            f"{r.pass_rate:.4%} unique < {bar:.4%}{level} "
            f"({r.failed} of {r.row_count} rows share their key)"
        )
    if r.pass_rate is not None and bar is not None:
        return (
            f"passed {r.pass_rate:.4%} < {bar:.4%}{level} ({r.failed} of {r.row_count} rows failed)"
        )
    if r.failed is not None:
        return f"{r.failed} failing"
    return "could not be evaluated"


def post(url: str, message: Mapping[str, Any]) -> str | None:
    """POST `message` as JSON; a warning line when the webhook fails, else None."""
    if not url.startswith(("http://", "https://")):
        return f"warning: --notify URL {url!r} is not an http(s) URL; the alert was not sent"
    body = json.dumps(message).encode("utf-8")
    try:
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        return f"warning: the webhook {url} answered HTTP {exc.code}; the alert was not delivered"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"warning: cannot post the alert to {url}: {reason}; check --notify's URL"
    return None


def _age(seconds: float | None) -> str:
    """In the units every report uses (contractkit.validation.format_age)."""
    if seconds is None:
        return "no data"
    if seconds < 0:
        return f"{format_age(_seconds(seconds))} in the future"
    return f"{format_age(_seconds(seconds))} old"


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=float(value))
