"""Every file in tests/malformed/ is refused with exit 1, its name, the right line, no traceback.

Each file states what it expects on its first line: `# expect-error: LINE CODE`.
Files that cannot carry a comment (empty, binary) are listed in UNCOMMENTED.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contractkit.loader import analyze_file

CORPUS = Path(__file__).parent / "malformed"
UNCOMMENTED = {"31_empty.yaml": (1, "empty-file"), "41_binary.bin.yaml": (1, "not-text")}
EXPECT = re.compile(rb"^# expect-error: (\d+) ([a-z-]+)")


def _expectation(path: Path) -> tuple[int, str]:
    if path.name in UNCOMMENTED:
        return UNCOMMENTED[path.name]
    match = EXPECT.match(path.read_bytes())
    assert match, f"{path.name} lacks its '# expect-error: LINE CODE' header"
    return int(match.group(1)), match.group(2).decode()


CASES = sorted(CORPUS.glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_rejected_at_the_right_line(path: Path) -> None:
    line, code = _expectation(path)
    analysis = analyze_file(path)
    assert not analysis.ok
    errors = [d for d in analysis.diagnostics if d.is_error]
    assert (line, code) in [(d.line, d.code) for d in errors], errors
    assert all(d.code != "internal-error" for d in errors)
    for diagnostic in errors:
        assert diagnostic.file == str(path)
        assert diagnostic.message
        assert diagnostic.column >= 1


def test_cli_rejects_each_file_cleanly() -> None:
    """The installed command, once over the corpus: exit 1, every file named, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "contractkit", "lint", "--format", "json", str(CORPUS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    by_file = {Path(c["file"]).name: c for c in report["contracts"]}
    assert set(by_file) == {p.name for p in CASES}
    for path in CASES:
        line, code = _expectation(path)
        entry = by_file[path.name]
        assert entry["valid"] is False
        assert {"line": line, "code": code} in [
            {"line": d["line"], "code": d["code"]} for d in entry["diagnostics"]
        ]
