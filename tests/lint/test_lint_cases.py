"""One case file per lint code: `tests/lint/cases/<code>.yaml` produces that code at its line.

Each file's first line says `# expect: LINE CODE`; a file that cannot carry a comment (an
empty file) expects line 1. The few codes no file can produce (a directory, a file over
8 MiB, a bug in contractkit) are produced here by building what causes them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractkit.contract_files import analyze_contracts, check_references_across
from contractkit.lint.codes import BY_ID, CODES
from contractkit.loader import analyze_file
from contractkit.yamlsource import MAX_BYTES

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(rb"^# expect: (\d+) ([a-z-]+)")
BUILT = {"file-too-large", "internal-error", "io-error"}


def _expected(path: Path) -> int:
    match = EXPECT.match(path.read_bytes())
    if match is None:
        return 1
    assert match.group(2).decode() == path.stem, f"{path.name} expects another code"
    return int(match.group(1))


def test_every_code_has_a_case() -> None:
    files = {p.stem for p in CASES.glob("*.yaml")}
    assert files <= set(BY_ID), f"case files of no code: {sorted(files - set(BY_ID))}"
    missing = {code.id for code in CODES} - files - BUILT
    assert not missing, f"codes without a case file: {sorted(missing)}"


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_case_produces_its_code(path: Path) -> None:
    line = _expected(path)
    analyses = check_references_across(analyze_contracts(path))  # as `contractkit lint` does
    found = [(d.line, d.code) for a in analyses for d in a.diagnostics]
    assert (line, path.stem) in found, found
    assert all(code in BY_ID for _, code in found)
    assert "internal-error" not in {code for _, code in found}


def test_io_error(tmp_path: Path) -> None:
    assert [d.code for d in analyze_file(tmp_path).diagnostics] == ["io-error"]


def test_file_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert [d.code for d in analyze_file(big).diagnostics] == ["file-too-large"]


def test_internal_error_is_a_finding_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A check that crashes (here: a family whose input breaks it) becomes one finding."""
    from contractkit.lint import servers

    def broken(checker: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(servers, "check_servers", broken)
    monkeypatch.delenv("CONTRACTKIT_DEBUG", raising=False)
    analysis = analyze_file(CASES / "changelog-missing.yaml")
    assert [(d.code, d.line) for d in analysis.diagnostics if d.is_error] == [("internal-error", 1)]
    assert "RuntimeError: boom" in analysis.diagnostics[0].message
