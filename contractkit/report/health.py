"""The contract health page: every contract's latest status and its trends, as one file.

`build` joins the recorded results to the contracts (owner, producer, consumers, where
each check is written); `render_json` gives that as data and `render_html` as a static
page with inline SVG charts: no script, no stylesheet or font to fetch, so it opens
offline, from a CI artifact or a mail attachment. Trends keep at most `MAX_POINTS` runs
per check (the newest), which bounds the page: 50 contracts x 90 daily runs stay well
under 1 MB.
"""

from __future__ import annotations

import html
import json
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from contractkit.history.impact import check_site, consumers_touched, line_of
from contractkit.history.records import ResultRecord
from contractkit.model import Contract

MAX_POINTS = 120
CHART_W, CHART_H = 160, 28


def build(
    records: Sequence[ResultRecord],
    contracts: Mapping[str, Contract],
    *,
    out_dir: str = ".",
    link_base: str | None = None,
) -> dict[str, Any]:
    """The page as data: one entry per contract, recorded or declared, sorted by name."""
    by_contract: dict[str, list[ResultRecord]] = defaultdict(list)
    for record in records:
        by_contract[record.contract].append(record)
    entries = [
        _contract_entry(name, by_contract.get(name, []), contracts.get(name), out_dir, link_base)
        for name in sorted(set(by_contract) | set(contracts))
    ]
    failing = sum(1 for e in entries if e["status"] == "failing")
    warning = sum(1 for e in entries if e["status"] == "warning")
    return {
        "runs": len({r.run_id for r in records}),
        "results": len(records),
        "first": min(r.time for r in records).isoformat() if records else None,
        "last": max(r.time for r in records).isoformat() if records else None,
        "failing_contracts": failing,
        "warning_contracts": warning,
        "contracts": entries,
    }


def _contract_entry(
    name: str,
    rows: list[ResultRecord],
    contract: Contract | None,
    out_dir: str,
    link_base: str | None,
) -> dict[str, Any]:
    rows = sorted(rows, key=lambda r: (r.time, r.run_id))
    latest_run = rows[-1].run_id if rows else None
    latest = [r for r in rows if r.run_id == latest_run]
    series: dict[tuple[str, str], list[ResultRecord]] = defaultdict(list)
    for r in rows:
        series[(r.kind, r.check)].append(r)
    checks = []
    by_consumer: dict[str, dict[str, list[str]]] = {
        "fail": defaultdict(list),
        "warn": defaultdict(list),
    }
    for r in latest:
        line, link = None, None
        if contract is not None:
            site = check_site(contract, r.check, r.kind, r.consumer)
            line = line_of(contract, site.location)
            link = _link(contract, line, out_dir, link_base)
            if r.level in by_consumer:
                for consumer in consumers_touched(contract, site, r.consumer):
                    by_consumer[r.level][consumer.pipeline].append(r.check)
        history = series[(r.kind, r.check)][-MAX_POINTS:]
        checks.append(
            {
                "check": r.check,
                "kind": r.kind,
                "consumer": r.consumer,
                "ok": r.ok,
                "level": r.level,
                "severity": r.severity,
                "row_count": r.row_count,
                "failed": r.failed,
                "pass_rate": r.pass_rate,
                "threshold": r.threshold,
                "warn_threshold": r.warn_threshold,
                "freshness_age_s": r.freshness_age_s,
                "value": r.value,
                "value_text": r.value_text,
                "target": r.target,
                "error": r.error,
                "line": line,
                "link": link,
                "trend": [
                    {
                        "time": h.time.isoformat(),
                        "ok": h.ok,
                        "level": h.level,
                        "pass_rate": h.pass_rate,
                        "value": h.value,
                        "freshness_age_s": h.freshness_age_s,
                    }
                    for h in history
                ],
            }
        )
    status = _status({r.level for r in latest}) if latest else "no runs"
    failing_by_consumer, warning_by_consumer = by_consumer["fail"], by_consumer["warn"]
    entry: dict[str, Any] = {
        "name": name,
        "version": contract.version if contract else (latest[0].version if latest else None),
        "recorded_version": latest[0].version if latest else None,
        "owner": contract.info.owner if contract else None,
        "producer": contract.info.producer_pipeline if contract else None,
        "file": _display_path(contract.source_file) if contract and contract.source_file else None,
        "status": status,
        "latest_run": None
        if not latest
        else {
            "run_id": latest[0].run_id,
            "time": latest[0].time.isoformat(),
            "server": latest[0].server,
            "source": latest[0].source,
            "duration_s": latest[0].duration_s,
        },
        "runs": len({r.run_id for r in rows}),
        "consumers": [
            {
                "pipeline": c.pipeline,
                "contact": c.contact,
                "uses": c.uses,
                "failing": c.pipeline in failing_by_consumer,
                "failing_checks": sorted(set(failing_by_consumer.get(c.pipeline, []))),
                "warning": c.pipeline in warning_by_consumer,
                "warning_checks": sorted(set(warning_by_consumer.get(c.pipeline, []))),
            }
            for c in (contract.consumers if contract else [])
        ],
        "checks": checks,
    }
    return entry


def _status(levels: set[str]) -> str:
    """A contract's status from its latest run: any failure fails it, a warning alone
    makes it `warning` (it passed, with something to look at)."""
    return "failing" if "fail" in levels else "warning" if "warn" in levels else "ok"


def _display_path(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _link(contract: Contract, line: int | None, out_dir: str, link_base: str | None) -> str | None:
    if contract.source_file is None:
        return None
    anchor = f"#L{line}" if line else ""
    if link_base:
        relative = os.path.relpath(contract.source_file).replace(os.sep, "/")
        return f"{link_base.rstrip('/')}/{relative}{anchor}"
    relative = os.path.relpath(os.path.abspath(contract.source_file), os.path.abspath(out_dir))
    return relative.replace(os.sep, "/") + anchor


def render_json(health: Mapping[str, Any]) -> str:
    return json.dumps(health, indent=2, sort_keys=False) + "\n"


# -- HTML ---------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0}
.summary{color:#59636e;margin-bottom:16px}
section{border:1px solid #d1d9e0;border-radius:6px;padding:12px 16px;margin:12px 0}
section.failing{border-color:#cf222e;border-width:2px}
section.warning{border-color:#bf8700;border-width:2px}
.meta{color:#59636e;margin:4px 0 8px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;
margin-left:8px;vertical-align:middle}
.badge.ok{background:#dafbe1;color:#116329}.badge.bad{background:#ffebe9;color:#a40e26}
.badge.none{background:#eff2f5;color:#59636e}
.badge.warn{background:#fff8c5;color:#7d4e00}
table{border-collapse:collapse;width:100%;margin-top:6px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eff2f5;vertical-align:middle}
th{font-size:12px;color:#59636e;font-weight:600}
tr.fail td{background:#fff5f5}tr.warn td{background:#fffbeb}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.consumer-failing{background:#ffebe9;font-weight:600}
.consumer-warning{background:#fff8c5}
svg{display:block}
"""


_SECTION = {"ok": "passing", "warning": "warning", "failing": "failing", "no runs": "no-runs"}
_BADGE = {"ok": "ok", "warning": "warn", "failing": "bad", "no runs": "none"}
# A check's level in the table: its row class, badge class and label.
_LEVEL = {
    "ok": ("pass", "ok", "ok"),
    "warn": ("warn", "warn", "WARN"),
    "fail": ("fail", "bad", "FAIL"),
}
_DOT = {"fail": "#cf222e", "warn": "#bf8700"}


def render_html(health: Mapping[str, Any], *, title: str = "Contract health") -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="summary">{len(health["contracts"])} contracts, '
        f"{health['failing_contracts']} failing, {health.get('warning_contracts', 0)} with "
        f"warnings; {health['runs']} runs recorded"
        + (
            f" from {_e(_when(health['first']))} to {_e(_when(health['last']))} UTC"
            if health["first"]
            else ""
        )
        + "</p>",
    ]
    failing = [c["name"] for c in health["contracts"] if c["status"] == "failing"]
    if failing:
        links = ", ".join(f'<a href="#{_e(name)}">{_e(name)}</a>' for name in failing)
        parts.append(f'<p class="failing-list">Failing: {links}</p>')
    warning = [c["name"] for c in health["contracts"] if c["status"] == "warning"]
    if warning:
        links = ", ".join(f'<a href="#{_e(name)}">{_e(name)}</a>' for name in warning)
        parts.append(f'<p class="warning-list">With warnings: {links}</p>')
    parts.extend(_contract_html(entry) for entry in health["contracts"])
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _contract_html(entry: Mapping[str, Any]) -> str:
    status = entry["status"]
    badge = _BADGE[status]
    version = f" v{_e(entry['version'])}" if entry["version"] else ""
    out = [
        f'<section id="{_e(entry["name"])}" class="contract {_SECTION[status]}">',
        f'<h2>{_e(entry["name"])}{version}<span class="badge {badge}">{_e(status)}</span></h2>',
    ]
    meta = []
    if entry["owner"]:
        meta.append(f"owner {_e(entry['owner'])}")
    if entry["producer"]:
        meta.append(f"producer {_e(entry['producer'])}")
    if entry["file"]:
        meta.append(f"file {_e(entry['file'])}")
    run = entry["latest_run"]
    if run:
        meta.append(
            f"latest run {_e(_when(run['time']))} UTC"
            + (f" on {_e(run['server'])}" if run["server"] else "")
            + f" ({_e(run['source'])}), {entry['runs']} runs"
        )
    out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if entry["consumers"]:
        cells = []
        for c in entry["consumers"]:
            contact = f" &lt;{_e(c['contact'])}&gt;" if c["contact"] else ""
            if c["failing"]:
                why = ", ".join(c["failing_checks"])
                cells.append(
                    f'<li class="consumer-failing">{_e(c["pipeline"])}{contact}: '
                    f"fails on {_e(why)}</li>"
                )
            elif c.get("warning"):
                why = ", ".join(c["warning_checks"])
                cells.append(
                    f'<li class="consumer-warning">{_e(c["pipeline"])}{contact}: '
                    f"warned on {_e(why)}</li>"
                )
            else:
                cells.append(f'<li class="consumer">{_e(c["pipeline"])}{contact}</li>')
        out.append(f"<p>Consumers:</p><ul>{''.join(cells)}</ul>")
    if entry["checks"]:
        out.append(
            "<table><thead><tr><th>check</th><th>kind</th><th>status</th><th>latest</th>"
            "<th>trend</th><th>declared at</th></tr></thead><tbody>"
        )
        out.extend(_check_row(check, entry["file"]) for check in entry["checks"])
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _check_row(check: Mapping[str, Any], file: str | None) -> str:
    row, badge, shown = _LEVEL[check.get("level") or ("ok" if check["ok"] else "fail")]
    where = ""
    if check["link"]:
        label = f"{file}:{check['line']}" if check["line"] else str(file)
        where = f'<a href="{_e(check["link"])}">{_e(label)}</a>'
    return (
        f'<tr class="{row}"><td>{_e(check["check"])}</td>'
        f"<td>{_e(check['kind'])}</td>"
        f'<td><span class="badge {badge}">{shown}</span></td>'
        f'<td class="num">{_e(_latest(check))}</td><td>{_chart(check)}</td><td>{where}</td></tr>'
    )


def _latest(check: Mapping[str, Any]) -> str:
    if check.get("error"):
        return "not evaluated"  # the reason is in the JSON and the alert
    if check["kind"].endswith("dataset"):
        return check["value_text"] or "NULL"
    if check["kind"] == "reference" and check["failed"] is not None:
        return f"{check['failed']} orphan(s)"
    if check["kind"].endswith("freshness"):
        age = check["freshness_age_s"]
        return "no data" if age is None else _age(age)
    if check["pass_rate"] is not None:
        return f"{check['pass_rate']:.2%} ({check['failed']} failed)"
    if check["failed"] is not None:
        return f"{check['failed']} failed"
    return "not evaluated"


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _chart(check: Mapping[str, Any]) -> str:
    """A sparkline: pass rate (or freshness age) per run, the threshold dashed, the
    failing runs as red dots and the warned ones as amber dots. A dataset check draws its
    measured value (the side of `count(*) >= 1000` it compares), with no threshold line."""
    freshness = check["kind"].endswith("freshness")
    measured = check["kind"].endswith("dataset")
    key = "freshness_age_s" if freshness else "value" if measured else "pass_rate"
    points = [(p.get(key), _point_level(p)) for p in check["trend"]]
    values = [v for v, _ in points if v is not None]
    if not values:
        return ""
    threshold = check["threshold"]
    low, high = min(values), max(values)
    if threshold is not None:
        low, high = min(low, threshold), max(high, threshold)
    if not freshness and not measured:
        high = max(high, 1.0)
    if freshness:
        low = 0.0
    span = (high - low) or 1.0
    step = (CHART_W - 4) / max(len(points) - 1, 1)

    def y(value: float) -> int:
        top: float = (value - low) / span  # 1.0 at the top for rates; larger ages go up too
        return round(CHART_H - 3 - top * (CHART_H - 6))

    coordinates = [(round(2 + i * step), y(v)) for i, (v, _) in enumerate(points) if v is not None]
    line = " ".join(f"{x},{yy}" for x, yy in coordinates)
    dots = "".join(
        f'<circle cx="{round(2 + i * step)}" cy="{y(v)}" r="2" fill="{_DOT[level]}"/>'
        for i, (v, level) in enumerate(points)
        if v is not None and level in _DOT
    )
    rule = ""
    if threshold is not None:
        ty = y(threshold)
        rule = (
            f'<line x1="0" y1="{ty}" x2="{CHART_W}" y2="{ty}" stroke="#8c959f" '
            'stroke-dasharray="3 2" stroke-width="1"/>'
        )
    what = "age" if freshness else "value" if measured else "pass rate"
    return (
        f'<svg class="trend" width="{CHART_W}" height="{CHART_H}" '
        f'viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{what} over '
        f'{len(points)} runs"><title>{what} over {len(points)} runs</title>{rule}'
        f'<polyline fill="none" stroke="#0969da" stroke-width="1.5" points="{line}"/>'
        f"{dots}</svg>"
    )


def _point_level(point: Mapping[str, Any]) -> str:
    level: str = point.get("level") or ("ok" if point["ok"] else "fail")
    return level


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)
