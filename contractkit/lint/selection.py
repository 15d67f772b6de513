"""Which findings are reported: --select / --ignore, [tool.contractkit.lint], inline comments.

    [tool.contractkit.lint]
    select = ["invalid-expression", "unknown-field"]   # only these (default: every code)
    ignore = ["changelog-missing"]                    # never these

    - name: legacy_flag   # contractkit: ignore[changelog-missing, invalid-name]

The command line's --select / --ignore replace the pyproject lists of the same name. An
inline comment silences the listed codes on its own line only, and is reported
(`unused-ignore`) when it silences nothing, so stale exceptions do not pile up; a comment
that lists `unused-ignore` itself is kept quietly.

Codes of the `file` and `structure` families cannot be silenced: without them fixed there
is no contract to check, so hiding them would only hide why the file is invalid.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contractkit.diagnostics import Diagnostic
from contractkit.lint import codes
from contractkit.lint.codes import BY_ID, LintCode

_UNSILENCEABLE = frozenset({"file", "structure"})
_INLINE = re.compile(r"(?:^|\s)#\s*contractkit:\s*ignore\[([^\]\n]*)\]")


class SelectionError(ValueError):
    """A code list names no code, or a code that cannot be silenced; the message says which."""


def silenceable(code: LintCode) -> bool:
    return code.family not in _UNSILENCEABLE and code is not codes.INTERNAL_ERROR


def unknown_code_message(code_id: str) -> str:
    """`unknown lint code 'x'; did you mean 'y'?`, for every place that takes a code."""
    match = difflib.get_close_matches(code_id, list(BY_ID), n=1, cutoff=0.6)
    hint = f"did you mean {match[0]!r}?" if match else "`contractkit lint --explain` lists them"
    return f"unknown lint code {code_id!r}; {hint}"


@dataclass(frozen=True)
class Selection:
    """The codes reported; `select=None` means every code."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()

    def reports(self, diagnostic: Diagnostic) -> bool:
        code = BY_ID.get(diagnostic.code)
        if code is None or not silenceable(code):
            return True
        if self.select is not None and code.id not in self.select:
            return False
        return code.id not in self.ignore

    def apply(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(d for d in diagnostics if self.reports(d))


def parse_codes(values: Iterable[str], where: str, *, to_ignore: bool) -> frozenset[str]:
    """Codes from `--ignore a,b --ignore c` or a TOML list; raise SelectionError on a bad one."""
    found: set[str] = set()
    for value in values:
        for code_id in (part.strip() for part in value.split(",")):
            if not code_id:
                continue
            code = BY_ID.get(code_id)
            if code is None:
                raise SelectionError(f"{where}: {unknown_code_message(code_id)}")
            if to_ignore and not silenceable(code):
                raise SelectionError(
                    f"{where}: {code_id!r} cannot be ignored: the contract cannot be read "
                    "until it is fixed"
                )
            found.add(code_id)
    return frozenset(found)


def selection(select: Sequence[str], ignore: Sequence[str], pyproject: str | None) -> Selection:
    """The command line's lists, each falling back to the pyproject's when not given."""
    table = _table(pyproject) if pyproject else {}
    where = f"{pyproject}: [tool.contractkit.lint]"
    chosen: frozenset[str] | None = None
    if select:
        chosen = parse_codes(select, "--select", to_ignore=False)
    elif "select" in table:
        chosen = parse_codes(_strings(table["select"], where, "select"), where, to_ignore=False)
    if ignore:
        ignored = parse_codes(ignore, "--ignore", to_ignore=True)
    else:
        ignored = parse_codes(
            _strings(table.get("ignore", []), where, "ignore"), where, to_ignore=True
        )
    return Selection(chosen, ignored)


def _table(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SelectionError(f"{path}: cannot read it: {exc}") from None
    table = data.get("tool", {}).get("contractkit", {}).get("lint", {})
    if not isinstance(table, dict):
        raise SelectionError(f"{path}: [tool.contractkit.lint] must be a table")
    unknown = sorted(set(table) - {"select", "ignore"})
    if unknown:
        raise SelectionError(
            f"{path}: [tool.contractkit.lint] has unknown keys {unknown}; use select, ignore"
        )
    return table


def _strings(value: object, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SelectionError(f'{where}: `{key}` must be a list of codes, like ["unknown-field"]')
    return value


def apply_inline(
    diagnostics: Sequence[Diagnostic],
    text: str,
    file: str,
    unchecked: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Drop the findings an inline comment silences; report each comment that silences none
    (except for `unchecked` codes, whose checks did not run and so could not be silenced)."""
    comments = _inline_comments(text)
    if not comments:
        return list(diagnostics)
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        listed = comments.get(diagnostic.line, (0, ()))[1]
        code = BY_ID.get(diagnostic.code)
        if diagnostic.code in listed and code is not None and silenceable(code):
            used.add((diagnostic.line, diagnostic.code))
        else:
            kept.append(diagnostic)
    for line, (column, listed) in sorted(comments.items()):
        if codes.UNUSED_IGNORE.id in listed:
            continue  # the comment asks to keep itself, used or not
        for code_id in listed:
            if (line, code_id) in used or code_id in unchecked:
                continue
            kept.append(_unused(file, line, column, code_id))
    return kept


def _unused(file: str, line: int, column: int, code_id: str) -> Diagnostic:
    code = BY_ID.get(code_id)
    if code is None:
        message = f"`# contractkit: ignore[{code_id}]` names no lint code"
        hint = unknown_code_message(code_id).split("; ", 1)[1]
    elif not silenceable(code):
        message = f"{code_id!r} cannot be ignored: the contract cannot be read until it is fixed"
        hint = "fix the problem, and remove the comment"
    else:
        message = f"`# contractkit: ignore[{code_id}]` silences nothing on this line"
        hint = f"remove {code_id!r} from the comment"
    return Diagnostic(
        file, line, column, codes.UNUSED_IGNORE.severity, codes.UNUSED_IGNORE.id, message, hint
    )


def _inline_comments(text: str) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Line -> (column of the comment, codes listed), for every line with an inline ignore."""
    if "contractkit:" not in text:
        return {}
    found: dict[int, tuple[int, tuple[str, ...]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INLINE.search(line)
        if match:
            listed = tuple(p.strip() for p in match.group(1).split(",") if p.strip())
            found[number] = (line.index("#", match.start()) + 1, listed)
    return found
