"""Wall time of cold `contractkit` runs, beside the interpreter's own start-up.

Each command runs in a fresh process, as a user or CI runs it; the figure is the median
of --runs runs after one warm-up run (which fills the OS file cache and .pyc files).

    python benchmarks/cli_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Installed packages normally carry .pyc files; a sandbox that forbids writing them would
# measure compilation instead of start-up.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = shutil.which("contractkit")
    if exe is None:
        sys.exit("contractkit is not installed: pip install -e '.[dev]'")
    commands = {
        "python -c pass (interpreter floor)": [sys.executable, "-c", "pass"],
        "contractkit --version": [exe, "--version"],
        "contractkit lint contracts/ (5 contracts)": [exe, "lint", "contracts/"],
        "contractkit lint contracts/silver_orders.yaml": [
            exe,
            "lint",
            "contracts/silver_orders.yaml",
        ],
    }
    print(f"| command | median of {args.runs} runs |")
    print("| --- | --- |")
    for label, command in commands.items():
        print(f"| `{label}` | {median_seconds(command, args.runs) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
