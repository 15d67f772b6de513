"""How generated modules are laid out: to pass the project's own ruff as they stand.

Generated modules are checked in, so `ruff format --check` and `ruff check` must accept them
under the project's configuration. Two settings matter: the line length the formatter lays
code out for, and whether E501 (line too long) is enabled, with its limit. A line that is
too long and cannot be split (a long description, say) needs a `# ruff: noqa: E501` where
E501 is enabled, and must not carry one where it is not (RUF100 reports an unused one).

Both are read the way ruff finds its configuration: from the nearest `.ruff.toml`,
`ruff.toml`, or `pyproject.toml` with a `[tool.ruff]` table (failing that, `[tool.black]`
gives the line length) in the output directory or above it. Without one: ruff's defaults,
88 columns and E501 off.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any

from contractkit.codegen.literals import LINE_LENGTH

__all__ = ["Style", "configured_style"]


@dataclass(frozen=True)
class Style:
    """`line_length` for the layout; `long_line_limit` is E501's limit, None when E501 is off."""

    line_length: int = LINE_LENGTH
    long_line_limit: int | None = None


def configured_style(directory: str, line_length: int | None = None) -> Style:
    """The style for files written to `directory` (which may not exist yet); `line_length`
    overrides the configured one (and E501's limit with it)."""
    config, kind = _find(os.path.abspath(directory))
    if kind == "black":
        return Style(line_length or _length(config.get("line-length")), None)
    found = config.get("lint")
    lint: dict[str, Any] = found if isinstance(found, dict) else {}
    width = line_length or _length(config.get("line-length"))
    if not _e501_enabled(config, lint):
        return Style(width, None)
    pycodestyle = lint.get("pycodestyle") or config.get("pycodestyle") or {}
    limit = pycodestyle.get("max-line-length") if isinstance(pycodestyle, dict) else None
    return Style(width, line_length or (_length(limit) if limit is not None else width))


def _find(start: str) -> tuple[dict[str, Any], str]:
    current = start
    while True:
        for name in (".ruff.toml", "ruff.toml"):
            config = _read(os.path.join(current, name))
            if config is not None:
                return config, "ruff"
        pyproject = _read(os.path.join(current, "pyproject.toml"))
        tool = pyproject.get("tool") if pyproject is not None else None
        if isinstance(tool, dict):
            if isinstance(tool.get("ruff"), dict):
                return tool["ruff"], "ruff"
            if isinstance(tool.get("black"), dict):
                return tool["black"], "black"
        parent = os.path.dirname(current)
        if parent == current:
            return {}, "ruff"
        current = parent


def _read(path: str) -> dict[str, Any] | None:
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _length(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 320:
        return value
    return LINE_LENGTH


def _e501_enabled(config: dict[str, Any], lint: dict[str, Any]) -> bool:
    """Ruff's rule selection for E501: the most specific selector wins, `ignore` on a tie;
    without `select`, the defaults, which do not include E501."""

    def selectors(key: str) -> list[str]:
        value = lint.get(key, config.get(key))
        return [str(v) for v in value] if isinstance(value, list) else []

    chosen = selectors("select") + selectors("extend-select")
    ignored = selectors("ignore") + selectors("extend-ignore")

    def best(codes: list[str]) -> int:
        lengths = [0 if c == "ALL" else len(c) for c in codes if c == "ALL" or "E501".startswith(c)]
        return max(lengths, default=-1)

    selected, dropped = best(chosen), best(ignored)
    return selected >= 0 and selected > dropped
