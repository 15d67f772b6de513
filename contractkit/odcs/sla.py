"""The SLA: contractkit's freshness and availability <-> ODCS `slaProperties`.

Freshness is ODCS's `latency` ("preferred to freshness" in the standard): a value, a unit and
the element (`object.column`) it is measured on, which is contractkit's `freshness_column`.
ODCS has no strict "<": the exact contractkit text, when it says more than value and unit,
travels in the custom property `contractkit.freshness`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from contractkit.model import Contract
from contractkit.odcs.common import Report, custom
from contractkit.scalars import source_text
from contractkit.values import Duration, format_percent, parse_duration, parse_percent

__all__ = ["freshness_text", "read_sla", "write_sla"]

_SECONDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "week", "weeks"), 604800),
}
_VARIABLE = frozenset(("y", "yr", "yrs", "year", "years", "mo", "month", "months"))
_WORDS = {1: "seconds", 60: "minutes", 3600: "hours", 86400: "days", 604800: "weeks"}
# Written units: ISO 80000 symbols, which the reader (and ODCS's examples) take.
_SYMBOLS = ((86400, "d"), (3600, "h"), (60, "min"), (1, "s"))
_REASONS = {
    "retention": "contractkit does not model how long data is kept",
    "frequency": "contractkit does not model how often data is updated",
    "generalavailability": "contractkit does not model lifecycle dates",
    "endofsupport": "contractkit does not model lifecycle dates",
    "endoflife": "contractkit does not model lifecycle dates",
    "timeofavailability": "contractkit does not model a time of day the data is ready by",
}


def freshness_text(value: Any, unit: Any) -> str:
    """`4`, `d` -> `4 days`; ValueError when the unit is unknown or varies in length."""
    word = str(unit).strip().lower() if unit is not None else ""
    if word in _VARIABLE:
        raise ValueError(f"unit {unit!r} varies in length; contractkit durations are exact")
    if word not in _SECONDS:
        raise ValueError(f"unit {unit!r} is not a unit of time contractkit knows")
    try:
        amount = Decimal(source_text(value) if isinstance(value, int | float) else str(value))
    except InvalidOperation:
        raise ValueError(f"value {value!r} is not a number") from None
    if isinstance(value, bool) or not amount.is_finite() or amount <= 0:
        raise ValueError(f"value {value!r} is not a positive number")
    text = format(amount.normalize(), "f")
    return f"{text} {_WORDS[_SECONDS[word]]}"


def read_sla(
    document: dict[str, Any],
    chosen: dict[str, Any],
    fields: list[dict[str, Any]],
    exact: Any,
    report: Report,
) -> dict[str, Any]:
    sla: dict[str, Any] = {}
    default_element = document.get("slaDefaultElement")
    used_default = False
    for index, entry in enumerate(document.get("slaProperties") or ()):
        path = f"slaProperties[{index}]"
        prop = str(entry.get("property", ""))
        key = prop.lower()
        if key in ("latency", "ly", "freshness") and "freshness" not in sla:
            try:
                text = freshness_text(entry.get("value"), entry.get("unit"))
            except ValueError as exc:
                report.add(path, f"{prop}: {exc}")
                continue
            sla["freshness"] = _exact(text, exact, report)
            element = entry.get("element") or default_element
            used_default = used_default or (not entry.get("element") and bool(default_element))
            if element:
                column = _column(str(element), chosen, fields, f"{path}.element", report)
                if column is not None:
                    sla["freshness_column"] = column
            _extra(entry, path, report, ("property", "value", "unit", "element"))
        elif key in ("availability", "av") and "availability" not in sla:
            value = entry.get("value")
            unit = str(entry.get("unit", "")).strip().lower()
            try:
                if isinstance(value, str):
                    sla["availability"] = format_percent(parse_percent(value, what="availability"))
                elif unit in ("percent", "%") and isinstance(value, int | float):
                    sla["availability"] = format_percent(parse_percent(f"{source_text(value)}%"))
                else:
                    raise ValueError("give it as a percentage (unit: percent)")
            except ValueError as exc:
                report.add(path, f"availability {value!r}: {exc}")
                continue
            _extra(entry, path, report, ("property", "value", "unit"))
        else:
            reason = _REASONS.get(
                key, "no contractkit equivalent (its SLA is freshness and availability)"
            )
            if key in ("latency", "ly", "freshness", "availability", "av"):
                reason = f"a second {prop!r}: contractkit keeps one"
            report.add(path, f"{prop}: {reason}")
    if default_element and not used_default:
        report.add("slaDefaultElement", "used only as the element of latency, which has its own")
    if exact is not None and "freshness" not in sla:
        report.add("customProperties", "contractkit.freshness without a latency SLA property")
    return sla


def _exact(text: str, exact: Any, report: Report) -> str:
    """contractkit's own spelling of the freshness, when it means the same duration."""
    if exact is None:
        return text
    try:
        if parse_duration(str(exact)).seconds == parse_duration(text).seconds:
            return str(exact)
    except ValueError:
        pass
    report.add(
        "customProperties",
        f"contractkit.freshness {exact!r} disagrees with the latency ({text}); the latency wins",
    )
    return text


def _extra(entry: dict[str, Any], path: str, report: Report, used: tuple[str, ...]) -> None:
    for key in sorted(set(entry) - set(used)):
        if entry[key] not in (None, ""):
            report.add(f"{path}.{key}", f"contractkit's SLA has no {key}")


def _column(
    element: str,
    chosen: dict[str, Any],
    fields: list[dict[str, Any]],
    path: str,
    report: Report,
) -> str | None:
    """`tbl.txn_ref_dt` -> the field it names, by name or physical name."""
    if "," in element:
        report.add(path, f"{element!r} names several elements; freshness has one column")
        return None
    objects = {str(chosen["name"]).lower()}
    if chosen.get("physicalName"):
        objects.add(str(chosen["physicalName"]).lower())
    names = {str(f["name"]).lower(): str(f["name"]) for f in fields}
    physical = {
        str(p.get("physicalName", "")).lower(): str(p["name"])
        for p in chosen.get("properties") or ()
        if p.get("physicalName")
    }
    candidates = [element]
    for prefix in sorted(objects, key=len, reverse=True):
        if element.lower().startswith(prefix + "."):
            candidates = [element[len(prefix) + 1 :]]
            break
    else:
        head = element.partition(".")[0]
        if head != element and element.lower() not in names and element.lower() not in physical:
            report.add(
                path,
                f"{element!r} names object {head!r}, not {chosen['name']!r}; "
                "freshness_column not set",
            )
            return None
    for candidate in candidates:
        found = names.get(candidate.lower()) or physical.get(candidate.lower())
        if found is not None:
            return found
    report.add(path, f"{element!r} names no property of {chosen['name']!r}")
    return None


def write_sla(contract: Contract, object_name: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """slaProperties, and the custom properties that keep what they cannot say."""
    sla = contract.sla
    if sla is None:
        return [], []
    properties: list[dict[str, Any]] = []
    extras: list[Any] = []
    if sla.freshness is not None:
        value, unit = _value_unit(sla.freshness)
        entry: dict[str, Any] = {"property": "latency", "value": value, "unit": unit}
        if sla.freshness_column:
            entry["element"] = f"{object_name}.{sla.freshness_column}"
        properties.append(entry)
        if freshness_text(value, unit) != sla.freshness.text:
            extras.append(custom("freshness", sla.freshness.text))
        if sla.freshness_warn is not None:  # ODCS's latency has one level
            extras.append(custom("freshness_warn", sla.freshness_warn.text))
    elif sla.freshness_column:
        extras.append(custom("freshness_column", sla.freshness_column))
    if sla.availability is not None:
        percent = sla.availability * 100
        properties.append({"property": "availability", "value": percent, "unit": "percent"})
    return properties, extras


def _value_unit(duration: Duration) -> tuple[Any, str]:
    seconds = duration.seconds
    for size, symbol in _SYMBOLS:
        if seconds % size == 0:
            return int(seconds // size), symbol
    return seconds, "s"
