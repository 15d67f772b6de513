"""The health page in a real headless browser: it renders, logs no console error, and
lays out every contract and its trend charts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.history.store import append
from tests.history.generated import daily_runs, write_contracts

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in BROWSERS if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser installed (Debian: apt-get install chromium)",
)

# Measures the laid-out page; added to a copy only, the page itself has no script.
PROBE = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.trend')];
  const drawn = charts.filter(c => c.getBoundingClientRect().width > 0
    && c.querySelector('polyline').getTotalLength() > 0).length;
  const sections = document.querySelectorAll('section.contract').length;
  const probe = `sections=${sections} charts=${charts.length} drawn=${drawn}`;
  document.body.setAttribute('data-probe', probe);
});
</script></body>"""


def _open(page: Path) -> tuple[str, list[str]]:
    """The DOM after load and the console messages the browser logged."""
    assert BROWSER is not None
    run = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    names = write_contracts(root / "contracts", 5)
    for rows in daily_runs(names, 30):
        append(str(root / "history"), rows)
    out = root / "site" / "health.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(root / "history"),
            "--contracts",
            str(root / "contracts"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_page_renders_without_console_errors_and_shows_contracts_and_trends(
    page: Path,
) -> None:
    probed = page.with_name("probed.html")
    probed.write_text(page.read_text().replace("</body>", PROBE))
    dom, console = _open(probed)
    assert console == []
    assert 'data-probe="sections=5 charts=20 drawn=20"' in dom
    for index in range(5):
        assert f'id="dataset_{index:02d}"' in dom
    assert len(re.findall(r"<polyline", dom)) == 20


def test_the_console_check_can_fail(page: Path) -> None:
    """The same reading catches an error when the page has one."""
    broken = page.with_name("broken.html")
    broken.write_text(page.read_text().replace("</body>", "<script>notDefined()</script></body>"))
    _, console = _open(broken)
    assert any("notDefined is not defined" in line for line in console)
