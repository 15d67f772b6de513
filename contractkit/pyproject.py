"""Where a project's settings live: the nearest pyproject.toml, found as ruff finds its own.

`diff` ([tool.contractkit.diff]), `lint` ([tool.contractkit.lint]) and `check` and the
pytest plugin ([tool.contractkit.bindings]) all read the same file, so they find it the
same way. Stdlib only.
"""

from __future__ import annotations

import os

__all__ = ["find_pyproject"]


def find_pyproject(start: str) -> str | None:
    """The nearest pyproject.toml at or above `start` (a folder), or None."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
