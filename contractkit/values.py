"""Parsers for the small value languages inside a contract: percentages, durations, versions.

They accept what people write (`99.9%`, `< 15 minutes`, `PT15M`, `"2.0"`) and keep
exact values (Decimal fractions, whole seconds), because thresholds and SLAs are
compared exactly: 99.9% of 1,000 rows allows one failure, not "about one".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import semver

from contractkit.scalars import source_text


def parse_percent(value: object, *, what: str = "threshold") -> Decimal:
    """A fraction in [0, 1] from `99.9%`, or from a bare number read as a fraction."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a percentage like '99.9%', got {value!r}")
    if isinstance(value, int | float):
        text = source_text(value)
        number = _decimal(text, what)
        if not 0 <= number <= 1:
            hint = f"; did you mean '{text}%'?" if 1 < number <= 100 else ""
            raise ValueError(
                f"{what} {text} is out of range: a bare number is a fraction between 0 and 1{hint}"
            )
        return number
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a percentage like '99.9%', got {value!r}")
    text = value.strip()
    if not text.endswith("%"):
        raise ValueError(
            f"{what} {value!r} is not a percentage; "
            "write it like '99.9%' or as a fraction like 0.999"
        )
    number = _decimal(text[:-1].strip(), what, original=value)
    if not 0 <= number <= 100:
        raise ValueError(f"{what} {value!r} must be between 0% and 100%")
    return number / 100


def format_percent(fraction: Decimal) -> str:
    """`Decimal('0.999')` -> `'99.9%'`: the inverse of parse_percent for printing."""
    percent = (fraction * 100).normalize()
    text = format(percent, "f")
    return f"{text}%"


def _decimal(text: str, what: str, original: object = None) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        shown = original if original is not None else text
        raise ValueError(f"{what} {shown!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{what} {text!r} must be a finite number")
    return number


_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*,?")
_ISO = re.compile(
    r"P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
_ISO_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


@dataclass(frozen=True, slots=True)
class Duration:
    """A maximum age such as `< 15 minutes`; `strict` is True for `<` (age must stay below)."""

    text: str
    seconds: Decimal
    strict: bool = False

    @property
    def timedelta(self) -> dt.timedelta:
        return dt.timedelta(seconds=float(self.seconds))

    def allows(self, age: dt.timedelta) -> bool:
        """Whether data of this age meets the SLA (exact, in microseconds)."""
        limit_us = self.seconds * 1_000_000
        age_us = Decimal(age.days * 86_400_000_000 + age.seconds * 1_000_000 + age.microseconds)
        return age_us < limit_us if self.strict else age_us <= limit_us

    def __str__(self) -> str:
        return self.text


def parse_duration(value: object) -> Duration:
    """`< 15 minutes`, `<= 1h`, `15m`, `1 hour 30 minutes`, `PT15M` -> Duration."""
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"a duration must be text like '< 15 minutes', got {value!r}")
    if isinstance(value, int | float):
        text = source_text(value)
        raise ValueError(f"duration {text} has no unit; write it like '{text} minutes'")
    text = value.strip()
    rest = text
    strict = False
    if rest.startswith("<="):
        rest = rest[2:]
    elif rest.startswith("<"):
        strict = True
        rest = rest[1:]
    rest = rest.strip()
    seconds = _iso_seconds(rest) if rest[:1] in ("P", "p") else _unit_seconds(rest, value)
    if seconds is None:
        raise ValueError(
            f"duration {value!r} is not understood; write it like '< 15 minutes', '1h', "
            "'2 days' or 'PT15M'"
        )
    if seconds <= 0:
        raise ValueError(f"duration {value!r} must be longer than zero")
    return Duration(text=text, seconds=seconds, strict=strict)


def _unit_seconds(text: str, original: object) -> Decimal | None:
    total = Decimal(0)
    position = 0
    found = False
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position:
            return None
        unit = match.group(2).lower()
        if unit not in _UNITS:
            if unit in {"mo", "month", "months", "y", "yr", "year", "years"}:
                raise ValueError(
                    f"duration {original!r} uses {unit!r}, whose length varies; "
                    "write it in days, like '30 days'"
                )
            raise ValueError(
                f"duration {original!r} has an unknown unit {unit!r}; use seconds, minutes, "
                "hours, days or weeks"
            )
        total += Decimal(match.group(1)) * _UNITS[unit]
        position = match.end()
        found = True
    return total if found else None


def _iso_seconds(text: str) -> Decimal | None:
    match = _ISO.fullmatch(text)
    if match is None or not any(match.groupdict().values()) or text.upper().endswith("T"):
        return None
    return sum(
        (
            Decimal(amount) * _ISO_SECONDS[unit]
            for unit, amount in match.groupdict().items()
            if amount
        ),
        Decimal(0),
    )


def parse_version(value: object) -> str:
    """A semantic version in canonical form; `2.0` and `2` read as 2.0.0."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"version must look like '1.2.0', got {value!r}")
    text = source_text(value).strip() if isinstance(value, int | float) else value
    if not isinstance(text, str):
        raise ValueError(f"version must look like '1.2.0', got {value!r}")
    if text[:1] in ("v", "V"):
        raise ValueError(f"version {text!r} must not start with 'v'; write {text[1:]!r}")
    try:
        return str(semver.Version.parse(text, optional_minor_and_patch=True))
    except ValueError:
        raise ValueError(
            f"version {text!r} is not a semantic version; write it like '1.2.0' (or '1.2')"
        ) from None


def version_key(version: str) -> semver.Version:
    return semver.Version.parse(version)
