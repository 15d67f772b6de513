"""The semver policy: which bump a set of findings requires, and whether it was made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import semver

from contractkit.breaking.finding import Finding

BUMPS = ("none", "patch", "minor", "major")


@dataclass(frozen=True)
class VersionCheck:
    old: str | None
    new: str | None
    required: str  # none | patch | minor | major
    actual: str  # none | patch | minor | major | decreased
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "old": self.old,
            "new": self.new,
            "required_bump": self.required,
            "actual_bump": self.actual,
            "ok": self.ok,
            "problems": list(self.problems),
            "warnings": list(self.warnings),
        }


def required_bump(findings: Sequence[Finding], old_version: str | None) -> str:
    """Breaking -> major (minor while the major is 0); additions -> minor; else patch."""
    if not findings:
        return "none"
    if any(f.is_breaking for f in findings):
        if old_version is not None and semver.Version.parse(old_version).major == 0:
            return "minor"
        return "major"
    if any(f.addition for f in findings):
        return "minor"
    return "patch"


def actual_bump(old: str, new: str) -> str:
    before, after = semver.Version.parse(old), semver.Version.parse(new)
    if after == before:
        return "none"
    if after < before:
        return "decreased"
    if after.major != before.major:
        return "major"
    if after.minor != before.minor:
        return "minor"
    return "patch"


def check_version(
    findings: Sequence[Finding],
    old: str,
    new: str,
    changelog_versions: Sequence[str],
) -> VersionCheck:
    required = required_bump(findings, old)
    actual = actual_bump(old, new)
    problems: list[str] = []
    warnings: list[str] = []
    if actual == "decreased":
        problems.append(f"The version decreased from {old} to {new}.")
    elif required != "none" and actual == "none":
        problems.append(
            f"The contract changed but its version is still {old}; "
            f"it needs at least a {required} bump."
        )
    elif BUMPS.index(actual) < BUMPS.index(required):
        reason = "breaking changes" if any(f.is_breaking for f in findings) else "these changes"
        problems.append(
            f"The version went from {old} to {new} (a {actual} bump), but {reason} need "
            f"a {required} bump (at least {_bumped(old, required)})."
        )
    if actual not in ("none", "decreased") and new not in changelog_versions:
        warnings.append(f"The changelog has no entry for the new version {new}.")
    return VersionCheck(old, new, required, actual, tuple(problems), tuple(warnings))


def _bumped(version: str, bump: str) -> str:
    parsed = semver.Version.parse(version)
    if bump == "major":
        return str(parsed.bump_major())
    if bump == "minor":
        return str(parsed.bump_minor())
    return str(parsed.bump_patch())
