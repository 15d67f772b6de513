"""Shared fixtures. Spark tests (marked `spark`) share one session-scoped SparkSession."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def contracts_dir() -> Path:
    return ROOT / "contracts"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's read-only ../shared folder; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED
