"""Everything of contractkit that needs pyspark, imported on first use.

`import contractkit.spark` costs nothing; pyspark loads when a function here is called,
and a missing pyspark is a one-line error with the install command.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "struct_type": "contractkit.spark.schema",
    "to_spark_type": "contractkit.spark.schema",
    "from_spark_type": "contractkit.spark.schema",
    "session": "contractkit.spark.sessions",
    "validate": "contractkit.spark.validator",
    "enforce": "contractkit.spark.validator",
    "split": "contractkit.spark.validator",
    "observe": "contractkit.spark.observation",
    "foreach_batch": "contractkit.spark.streaming",
}

__all__ = [
    "enforce",
    "foreach_batch",
    "from_spark_type",
    "observe",
    "session",
    "split",
    "struct_type",
    "to_spark_type",
    "validate",
]

if TYPE_CHECKING:
    from contractkit.spark.observation import observe
    from contractkit.spark.schema import from_spark_type, struct_type, to_spark_type
    from contractkit.spark.sessions import session
    from contractkit.spark.streaming import foreach_batch
    from contractkit.spark.validator import enforce, split, validate


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'contractkit.spark' has no attribute {name!r}")
    return getattr(import_module(module), name)
