"""ODCS v3.1 `relationships` read into `references: contract.field`.

A foreign key from one property to one property of another object (`to: receivers.id`) is a
reference: ODCS's shorthand `table.column` names the object, which an imported contract is
named after, so it reads as `contract.field` unchanged. Written at property level (`from` is
the property) or at object level (`from: tbl.rcvr_id`). What a reference cannot say is
reported: composite foreign keys (several columns), targets named by ids
(`schema/<id>/properties/<id>`, maybe in another file), a second target for one field, and
the relationship's own custom properties.
"""

from __future__ import annotations

from typing import Any

from contractkit.odcs.common import Report, custom_properties
from contractkit.odcs.dataset import shorthand
from contractkit.odcs.rules import Context

__all__ = ["object_relationship", "property_relationship"]

_KEYS = {"type", "from", "to", "customProperties"}


def property_relationship(
    relationship: Any, path: str, item: dict[str, Any], report: Report
) -> None:
    """A relationship on a property: `from` is the property itself."""
    target = _target(relationship, path, report)
    if target is None:
        return
    if item.get("references") not in (None, target):
        report.add(
            path,
            f"a second target {target!r} for field {item['name']!r}, which references "
            f"{item['references']!r} already: a field references one other field",
        )
        return
    item["references"] = target


def object_relationship(relationship: Any, path: str, context: Context) -> None:
    """A relationship on the object: `from` names one of its top-level properties."""
    report = context.report
    if not isinstance(relationship, dict):
        report.add(path, "not a relationship (a mapping with from and to)")
        return
    source = relationship.get("from")
    if isinstance(source, list) and len(source) == 1:
        source = source[0]
    if not isinstance(source, str):
        report.add(path, _composite(source))
        return
    table, _, column = source.rpartition(".")
    if table and table.lower() not in {o.lower() for o in context.objects}:
        report.add(f"{path}.from", f"{source!r} is a property of {table!r}, not of this object")
        return
    wanted = column.lower()
    item = next((f for f in context.fields if str(f["name"]).lower() == wanted), None)
    if item is None:
        report.add(f"{path}.from", f"{source!r} names no top-level property of this object")
        return
    property_relationship(relationship, path, item, report)


def _target(relationship: Any, path: str, report: Report) -> str | None:
    """The reference text of a relationship, or None (reported) when it has none."""
    if not isinstance(relationship, dict):
        report.add(path, "not a relationship (a mapping with to)")
        return None
    kind = relationship.get("type", "foreignKey")
    if kind != "foreignKey":
        report.add(f"{path}.type", f"{kind!r}: contractkit references are foreign keys")
        return None
    custom_properties(relationship, path, report)  # none of them has a place
    for key in sorted(set(relationship) - _KEYS):
        report.add(f"{path}.{key}", f"contractkit references have no {key}")
    target = relationship.get("to")
    if isinstance(target, list) and len(target) == 1:
        target = target[0]
    if not isinstance(target, str):
        report.add(path, _composite(target))
        return None
    if not shorthand(target):
        report.add(
            f"{path}.to",
            f"{target!r} names its target by ids (or in another file): contractkit references "
            "name a contract and a field, as `table.column`",
        )
        return None
    return target


def _composite(value: Any) -> str:
    return (
        f"a composite foreign key ({value!r}): contractkit references are from one field to "
        "one field (declare the key's columns as a composite key, quality.unique, on the target)"
    )
