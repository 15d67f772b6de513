"""Rule cases as data (tests/breaking/cases/, format in its README.md), run in every mode.

Each case names two versions of a contract and the exact findings expected per
compatibility mode; beside them, tests that the registry is complete and documented and
that every rule's cases show it breaking in each of its modes and not breaking in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from contractkit.breaking import (
    MODES,
    ContractDiff,
    contract_added,
    contract_removed,
    diff_contracts,
)
from contractkit.breaking.registry import RULES, RULES_BY_ID
from contractkit.loader import load_string
from contractkit.model import Contract

CASES = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "previous", "current", "expect", "version"}
FINDING_KEYS = {"rule", "severity", "path", "consumers", "line"}
VERSION_KEYS = {"mode", "required", "actual", "ok", "problems", "warnings"}


@dataclass(frozen=True)
class Case:
    file: str  # the file's stem: a rule ID, or a topic in lower case
    name: str
    previous: str | None
    current: str | None
    expect: dict[str, list[dict[str, Any]]]
    version: dict[str, Any] | None

    @property
    def slug(self) -> str:
        return f"{self.file}/{re.sub(r'[^a-z0-9]+', '-', self.name.lower()).strip('-')}"


def _modes(key: str) -> list[str]:
    """`forward`, `forward, full` or `all`."""
    return list(MODES) if key == "all" else [part.strip() for part in key.split(",")]


def _case(file: str, raw: dict[str, Any]) -> Case:
    expect = {
        mode: entries for key, entries in (raw.get("expect") or {}).items() for mode in _modes(key)
    }
    return Case(file, raw["name"], raw["previous"], raw["current"], expect, raw.get("version"))


def _raw_files() -> dict[str, list[Any]]:
    files = {}
    for path in sorted(CASES.glob("*.yaml")):
        files[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return files


RAW = _raw_files()
ALL_CASES = [_case(stem, raw) for stem, items in RAW.items() for raw in items or []]


@cache
def _contract(text: str, label: str) -> Contract:
    return load_string(text, label)


def _diff(case: Case, mode: str | None) -> ContractDiff:
    previous = _contract(case.previous, f"{case.slug}:previous") if case.previous else None
    current = _contract(case.current, f"{case.slug}:current") if case.current else None
    if previous is None and current is not None:
        return contract_added(current, mode)
    if current is None and previous is not None:
        return contract_removed(previous, mode)
    assert previous is not None, f"{case.slug}: no contract at all"
    assert current is not None
    return diff_contracts(previous, current, mode)


def _shown(diff: ContractDiff) -> str:
    return "\n".join(
        f"  {f.rule} {f.severity.value} {f.path!r} line {f.line} consumers "
        f"{list(f.consumers)}: {f.message}"
        for f in diff.findings
    )


def _key(entry: dict[str, Any]) -> tuple[str, str, str]:
    return entry["rule"], entry["severity"], str(entry["path"])


FINDING_CASES = [
    pytest.param(case, mode, id=f"{case.slug}/{mode}")
    for case in ALL_CASES
    for mode in MODES
    if mode in case.expect
]
VERSION_CASES = [
    pytest.param(case, id=f"{case.slug}/version") for case in ALL_CASES if case.version
]


@pytest.mark.parametrize(("case", "mode"), FINDING_CASES)
def test_findings(case: Case, mode: str) -> None:
    diff = _diff(case, mode)
    assert diff.mode == mode
    expected = case.expect[mode]
    actual = sorted((f.rule, f.severity.value, f.path) for f in diff.findings)
    assert actual == sorted(_key(e) for e in expected), (
        f"{case.slug} in mode {mode}: got\n{_shown(diff) or '  no findings'}"
    )
    by_key = {(f.rule, f.severity.value, f.path): f for f in diff.findings}
    for entry in expected:
        finding = by_key[_key(entry)]
        if "consumers" in entry:
            assert list(finding.consumers) == entry["consumers"], _shown(diff)
        if "line" in entry:
            assert finding.line == entry["line"], _shown(diff)
    assert list(diff.findings) == sorted(diff.findings)


@pytest.mark.parametrize("case", VERSION_CASES)
def test_version_policy(case: Case) -> None:
    assert case.version is not None
    check = _diff(case, case.version.get("mode")).version
    for key in ("required", "actual", "ok"):
        if key in case.version:
            assert getattr(check, key) == case.version[key], f"{case.slug}: {check}"
    for key in ("problems", "warnings"):
        if key in case.version:
            texts = getattr(check, key)
            fragments = case.version[key]
            assert len(texts) == len(fragments), f"{case.slug}: {key} {texts}"
            for text, fragment in zip(texts, fragments, strict=True):
                assert fragment in text, f"{case.slug}: {fragment!r} not in {text!r}"


# -- the case files themselves -------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(RAW))
def test_case_file_is_well_formed(stem: str) -> None:
    items = RAW[stem]
    assert isinstance(items, list), f"{stem}.yaml must be a list of cases"
    assert items, f"{stem}.yaml has no cases"
    names = [item.get("name") for item in items]
    assert len(set(names)) == len(names), f"{stem}.yaml repeats a case name"
    for item in items:
        where = f"{stem}.yaml case {item.get('name')!r}"
        assert set(item) <= CASE_KEYS, f"{where}: unknown keys {set(item) - CASE_KEYS}"
        assert {"name", "previous", "current", "expect"} <= set(item), f"{where}: keys missing"
        assert item["previous"] or item["current"], f"{where}: needs at least one contract"
        modes = [mode for key in item["expect"] for mode in _modes(key)]
        assert set(modes) <= set(MODES), f"{where}: expect takes modes, `a, b` or all"
        assert len(modes) == len(set(modes)), f"{where}: a mode is given twice"
        for mode, entries in item["expect"].items():
            assert isinstance(entries, list), f"{where}: expect.{mode} must be a list"
            for entry in entries:
                assert {"rule", "severity", "path"} <= set(entry) <= FINDING_KEYS, where
                assert entry["rule"] in RULES_BY_ID, f"{where}: unknown rule {entry['rule']}"
                assert entry["severity"] in ("breaking", "warning", "info"), where
        assert set(item.get("version") or {}) <= VERSION_KEYS, where


def test_uppercase_case_files_name_registered_rules() -> None:
    unknown = [stem for stem in RAW if stem.isupper() and stem not in RULES_BY_ID]
    assert not unknown, f"case files of no registered rule: {unknown}"


def test_every_rule_has_a_case_file_with_cases() -> None:
    missing = [spec.id for spec in RULES if not RAW.get(spec.id)]
    assert not missing, f"rules without tests/breaking/cases/<RULE_ID>.yaml: {missing}"


@pytest.mark.parametrize("spec", RULES, ids=lambda spec: spec.id)
def test_rule_cases_cover_every_mode(spec: Any) -> None:
    """In its own file, each case lists all four modes; together the cases show the rule
    breaking in each of its modes and reported (not breaking) in a mode outside them."""
    cases = [c for c in ALL_CASES if c.file == spec.id]
    for case in cases:
        assert set(case.expect) == set(MODES), f"{case.slug}: give every mode (or `all`)"
    breaking_in = {
        mode
        for case in cases
        for mode, entries in case.expect.items()
        for entry in entries
        if entry["rule"] == spec.id and entry["severity"] == "breaking"
    }
    assert breaking_in == set(spec.modes), f"{spec.id} breaks in {sorted(breaking_in)}"
    quiet_in = {
        mode
        for case in cases
        for mode, entries in case.expect.items()
        for entry in entries
        if entry["rule"] == spec.id and entry["severity"] != "breaking"
    }
    assert quiet_in - set(spec.modes), f"no case shows {spec.id} outside its modes"


def test_rule_ids_are_unique_and_in_buf_style() -> None:
    ids = [spec.id for spec in RULES]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    for rule in ids:
        assert re.fullmatch(r"[A-Z]+(_[A-Z]+)+", rule), rule


@pytest.mark.parametrize("spec", RULES, ids=lambda spec: spec.id)
def test_rule_spec_is_documented(spec: Any) -> None:
    for part in ("purpose", "why", "example", "instead"):
        assert getattr(spec, part).strip(), f"{spec.id} has no {part}"
    assert set(spec.modes) <= set(MODES) - {"none"}
    engine_level = {"CONTRACT_NO_DELETE", "CONTRACT_ADDED", "CONTRACT_CHANGED"}
    assert (spec.check is None) == (spec.id in engine_level)
