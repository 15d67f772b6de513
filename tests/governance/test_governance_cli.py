"""Issue 13, problem 7, through the installed command: a column reclassified from `public`
to `restricted` is reported by `contractkit diff`, naming the consumers that use it; the
reverse is a warning; governance metadata no longer passes unseen."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("contractkit") is None, reason="contractkit is not installed"
)

CUSTOMERS = Path(__file__).parent / "customers.yaml"


def _contractkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["contractkit", *args], capture_output=True, text=True, check=False)


def _pair(tmp_path: Path, old: str, new: str, version: str = "1.0.0") -> tuple[str, str]:
    text = CUSTOMERS.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1).replace('version: "1.0.0"', f'version: "{version}"', 1)
    if version != "1.0.0":
        changed += f'  - version: "{version}"\n    date: 2025-02-01\n    changes: Reclassified\n'
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "customers.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "new" / "customers.yaml").write_text(changed, encoding="utf-8")
    return str(tmp_path / "old"), str(tmp_path / "new")


def test_public_to_restricted_breaks_the_consumers_that_use_the_column(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "classification: public", "classification: restricted")
    result = _contractkit("diff", old, new)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        'customers.yaml:14: breaking CLASSIFICATION_NO_TIGHTEN Field "customer_id" was '
        "reclassified from 'public' to 'restricted'." in result.stdout
    )
    assert "    consumers: finance\n" in result.stdout
    report = json.loads(_contractkit("diff", "--format", "json", old, new).stdout)
    [change] = report["changes"]
    assert (change["rule"], change["old"], change["new"], change["consumers"]) == (
        "CLASSIFICATION_NO_TIGHTEN",
        "public",
        "restricted",
        ["finance"],
    )


def test_marking_a_column_pii_breaks_its_readers(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path,
        "allowed_values: [retail, business]",
        "pii: true\n      allowed_values: [retail, business]",
    )
    result = _contractkit("diff", "--format", "json", old, new)
    assert result.returncode == 1, result.stdout + result.stderr
    [change] = json.loads(result.stdout)["changes"]
    assert (change["rule"], change["path"], change["consumers"]) == (
        "PII_NO_ADD",
        "segment",
        ["marketing"],
    )


def test_relaxing_a_classification_is_a_warning_that_passes(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path, "classification: restricted", "classification: internal", version="1.0.1"
    )
    result = _contractkit("diff", old, new)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning CLASSIFICATION_RELAXED" in result.stdout
    assert "from 'restricted' to 'internal'" in result.stdout


def test_the_same_verdict_on_the_two_versions_exported_as_odcs(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "classification: public", "classification: restricted")
    files = []
    for side in (old, new):
        exported = _contractkit("export", "odcs", f"{side}/customers.yaml")
        assert exported.returncode == 0, exported.stderr
        target = Path(side) / "customers.odcs.yaml"
        target.write_text(exported.stdout, encoding="utf-8")
        files.append(str(target))
    result = _contractkit("diff", "--format", "json", *files)
    assert result.returncode == 1, result.stdout + result.stderr
    [change] = json.loads(result.stdout)["changes"]
    assert (change["rule"], change["path"], change["consumers"]) == (
        "CLASSIFICATION_NO_TIGHTEN",
        "customer_id",
        ["finance"],
    )
    assert change["file"].endswith("new/customers.odcs.yaml")
