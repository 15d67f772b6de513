"""Changelog and versions: one entry per version, none newer than the contract."""

from __future__ import annotations

from contractkit.lint import codes
from contractkit.lint.checker import Checker
from contractkit.values import version_key


def check_changelog(checker: Checker) -> None:
    contract = checker.contract
    versions = [entry.version for entry in contract.changelog]
    current = version_key(contract.version)
    for index, entry in enumerate(contract.changelog):
        path = ("changelog", index, "version")
        if versions.index(entry.version) != index:
            checker.report(
                codes.DUPLICATE_VERSION,
                path,
                f"changelog has two entries for version {entry.version}",
                "merge them into one",
            )
        if version_key(entry.version) > current:
            checker.report(
                codes.FUTURE_VERSION,
                path,
                f"changelog entry {entry.version} is newer than the contract version "
                f"{contract.version}",
                f"raise contract.version to {entry.version}, or fix the entry",
            )
    if "changelog" in checker.partial:
        return  # an entry did not validate: it may well be the missing one
    if contract.changelog and contract.version not in versions:
        checker.report(
            codes.CHANGELOG_MISSING,
            ("changelog",),
            f"the changelog has no entry for the current version {contract.version}",
            f'add `- version: "{contract.version}"` with the date and what changed',
        )
    elif not contract.changelog:
        checker.report(
            codes.CHANGELOG_MISSING,
            ("contract", "version"),
            f"the contract has no changelog (version {contract.version})",
            "add a `changelog:` list so consumers can see what changed",
        )
