"""`python -m contractkit` runs the CLI."""

from contractkit.cli import run

run()
