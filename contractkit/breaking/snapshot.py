"""A contract's schema flattened into nodes, and the pairing of nodes across two versions.

Nested types are compared recursively by flattening them: `address.city` (a struct
subfield), `items[]` (an array's element), `tags{}` / `tags{key}` (a map's value and key)
are nodes of their own with a type and a nullability. Each node's type is compared only at
its own level (struct vs struct is no change there; the subfields speak for themselves),
so a removed subfield is one finding, not a changed type of every ancestor.

Pairing honours `renamed_from`, resolves names case-insensitively as Spark does, and
ignores field order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from contractkit.model import Contract, Field
from contractkit.types import ArrayType, DataType, MapType, StructType, format_type

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Node:
    path: str  # as shown to people: `address.city`, `items[]`, `attrs{}`
    key: str  # case-folded path, for pairing
    parent: str | None  # key of the parent node
    name: str  # last part as declared
    data_type: DataType
    nullable: bool
    field: Field | None  # the declared field, when declared with its own entry
    location: YamlPath  # where to point in the YAML file

    @property
    def declared(self) -> Field:
        """The declared field (only for nodes that have one: see Comparison.declared_pairs)."""
        assert self.field is not None
        return self.field

    @property
    def kind(self) -> str:
        """The type at this level only: nested content is compared on the child nodes."""
        if isinstance(self.data_type, StructType):
            return "struct"
        if isinstance(self.data_type, ArrayType):
            return "array"
        if isinstance(self.data_type, MapType):
            return "map"
        return format_type(self.data_type)

    @property
    def column_path(self) -> str:
        """The path as a consumer's `uses` would write it (`items.qty`, not `items[].qty`)."""
        return self.path.replace("[]", "").replace("{}", "").replace("{key}", "")


def flatten(contract: Contract) -> dict[str, Node]:
    """Every node of the schema by case-folded path, in declaration order."""
    nodes: dict[str, Node] = {}
    for index, item in enumerate(contract.fields):
        for node in _field_nodes(item, ("schema", "fields", index), None, ""):
            nodes[node.key] = node
    return nodes


def _field_nodes(
    item: Field, location: YamlPath, parent: Node | None, prefix: str
) -> Iterator[Node]:
    path = f"{prefix}{item.name}"
    node = Node(
        path=path,
        key=path.casefold(),
        parent=parent.key if parent else None,
        name=item.name,
        data_type=item.data_type,
        nullable=item.nullable,
        field=item,
        location=location,
    )
    yield node
    if item.fields is not None:
        for index, sub in enumerate(item.fields):
            yield from _field_nodes(sub, (*location, "fields", index), node, f"{path}.")
    else:
        yield from _type_nodes(item.data_type, node, (*location, "type"))


def _type_nodes(data_type: DataType, parent: Node, location: YamlPath) -> Iterator[Node]:
    """Nodes inside a type string: struct fields, array elements, map keys and values."""
    children: list[tuple[str, str, DataType, bool]] = []
    if isinstance(data_type, StructType):
        children = [(f".{f.name}", f.name, f.type, f.nullable) for f in data_type.fields]
    elif isinstance(data_type, ArrayType):
        children = [("[]", "[]", data_type.element, data_type.contains_null)]
    elif isinstance(data_type, MapType):
        children = [
            ("{key}", "{key}", data_type.key, False),
            ("{}", "{}", data_type.value, data_type.value_contains_null),
        ]
    for suffix, name, child_type, nullable in children:
        path = f"{parent.path}{suffix}"
        node = Node(path, path.casefold(), parent.key, name, child_type, nullable, None, location)
        yield node
        yield from _type_nodes(child_type, node, location)


@dataclass(frozen=True)
class Pairing:
    """How the nodes of two versions correspond."""

    pairs: list[tuple[Node, Node]]  # (previous, current), including renames
    renamed: list[tuple[Node, Node]]  # explicit renames (renamed_from), a subset of pairs
    removed: list[Node]
    added: list[Node]


def pair_nodes(previous: dict[str, Node], current: dict[str, Node]) -> Pairing:
    """Pair nodes by name, following `renamed_from` where the old name is what existed."""
    previous_key: dict[str, str] = {}  # current key -> key it had in previous
    renamed: list[tuple[Node, Node]] = []
    for key, node in current.items():
        parent_then = previous_key.get(node.parent, node.parent) if node.parent else None
        base = f"{parent_then}." if parent_then else ""
        if node.field is None:  # inside a type string: follows its parent
            then = f"{parent_then}{key[len(node.parent or '') :]}" if parent_then else key
        else:
            then = f"{base}{node.name.casefold()}"
            old_name = node.field.renamed_from
            if then not in previous and old_name and f"{base}{old_name.casefold()}" in previous:
                then = f"{base}{old_name.casefold()}"
                renamed.append((previous[then], node))
        previous_key[key] = then
    pairs = [
        (previous[then], current[key]) for key, then in previous_key.items() if then in previous
    ]
    matched = {then for then in previous_key.values() if then in previous}
    removed = [node for key, node in previous.items() if key not in matched]
    added = [node for key, node in current.items() if previous_key[key] not in previous]
    return Pairing(pairs, renamed, removed, added)
