"""Numbers that remember how the YAML file wrote them, and the way to read that text back.

`version: 2.10` must not become 2.1, and `amount <= 0.10` must reach Spark as written. The
YAML reader builds these; values, derived expectations and exports read them. Kept apart
from yamlsource.py (which raises located errors) so that the value parsers below the model
import nothing that imports them back.
"""

from __future__ import annotations

__all__ = ["YamlFloat", "YamlInt", "source_text"]


class YamlInt(int):
    """An int that remembers how it was written in the YAML file."""

    yaml_text: str


class YamlFloat(float):
    """A float that remembers how it was written (`2.10` vs `2.1`)."""

    yaml_text: str


def source_text(value: object) -> str:
    """The text a scalar was written as, when the YAML reader kept it."""
    text = getattr(value, "yaml_text", None)
    return text if isinstance(text, str) else str(value)
