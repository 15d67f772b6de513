"""`[tool.contractkit.diff]` in pyproject.toml: mode, rules turned off, findings ignored.

    [tool.contractkit.diff]
    mode = "forward"
    disable = ["METADATA_CHANGED"]
    ignore = [
      {contract = "silver_orders", rule = "FIELD_SAME_TYPE", path = "amount", reason = "..."},
    ]

An ignore entry needs a reason, so that every silenced finding says why in review.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from contractkit.breaking.finding import MODES, Finding


class ConfigError(ValueError):
    """pyproject.toml's [tool.contractkit.diff] is malformed; the message says where."""


@dataclass(frozen=True)
class Ignore:
    reason: str
    contract: str | None = None
    rule: str | None = None
    path: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            (self.contract is None or self.contract == finding.contract)
            and (self.rule is None or self.rule == finding.rule)
            and (self.path is None or self.path.casefold() == finding.path.casefold())
        )


@dataclass(frozen=True)
class DiffConfig:
    mode: str | None = None
    disabled: frozenset[str] = frozenset()
    ignores: tuple[Ignore, ...] = field(default=())
    file: str | None = None

    def ignore_reason(self, finding: Finding) -> str | None:
        return next((i.reason for i in self.ignores if i.matches(finding)), None)


def load_config(path: str | None, known_rules: frozenset[str]) -> DiffConfig:
    """Read the diff settings from a pyproject.toml (no file or no table: defaults)."""
    if path is None:
        return DiffConfig()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    table: Any = data.get("tool", {}).get("contractkit", {}).get("diff", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.contractkit.diff] must be a table")
    where = f"{path}: [tool.contractkit.diff]"
    unknown = set(table) - {"mode", "disable", "ignore"}
    if unknown:
        raise ConfigError(f"{where} has unknown keys {sorted(unknown)}; use mode, disable, ignore")
    mode = table.get("mode")
    if mode is not None and mode not in MODES:
        raise ConfigError(f"{where} mode = {mode!r}; use one of {', '.join(MODES)}")
    disabled = table.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(r, str) for r in disabled):
        raise ConfigError(f"{where} disable must be a list of rule IDs")
    for rule in disabled:
        if rule not in known_rules:
            raise ConfigError(
                f"{where} disable names unknown rule {rule!r}; see `contractkit rules`"
            )
    ignores = []
    for index, entry in enumerate(table.get("ignore", [])):
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} ignore[{index}] must be a table")
        extra = set(entry) - {"contract", "rule", "path", "reason"}
        if extra:
            raise ConfigError(f"{where} ignore[{index}] has unknown keys {sorted(extra)}")
        if not entry.get("reason"):
            raise ConfigError(f'{where} ignore[{index}] needs a reason = "..."')
        if entry.get("rule") is not None and entry["rule"] not in known_rules:
            raise ConfigError(f"{where} ignore[{index}] names unknown rule {entry['rule']!r}")
        ignores.append(
            Ignore(
                reason=str(entry["reason"]),
                contract=entry.get("contract"),
                rule=entry.get("rule"),
                path=entry.get("path"),
            )
        )
    return DiffConfig(mode, frozenset(disabled), tuple(ignores), path)
