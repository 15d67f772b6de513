"""Every problem at once: the semantic checks run on the parts of a file that did validate.

When the model refuses a file, each structural error drops the nearest list entry that holds
it (a field, an expectation, a consumer...), or else the nearest optional key, and the rest
is validated again, until it validates or an error sits where nothing can be dropped (the
`contract:` header, the `schema:` section). The semantic checks then run on what remains,
through a view of the source map that translates the shifted list indices back to the file.

Dropped fields stay known by name (`Checker.unresolved`), so an expression or `uses` naming
one is not reported as unknown: the file declares it, and its own entry carries the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from contractkit.model import Contract
from contractkit.yamlsource import Path, Position, SourceMap

_MAX_PASSES = 20


@dataclass
class Salvage:
    """The contract built from the valid parts, and where its paths stand in the file."""

    contract: Contract
    source: SourceView
    unresolved: frozenset[str]
    dropped_sections: frozenset[str]


def salvage(data: dict[str, Any], errors: list[Any], source: SourceMap) -> Salvage | None:
    """The valid remainder of `data` after `errors` (pydantic's), or None when none is left."""
    pruner = _Pruner(data)
    locations = [_locator(error) for error in errors]
    for _ in range(_MAX_PASSES):
        if not pruner.drop(locations):
            return None
        pruned = pruner.build()
        try:
            contract = Contract.model_validate(pruned)
        except ValidationError as exc:
            found = exc.errors(include_url=False)
            locations = [pruner.to_original(_locator(error)) for error in found]
            continue
        view = SourceView(source, pruner.to_original)
        return Salvage(contract, view, pruner.unresolved(), pruner.sections())
    return None


def _locator(error: Any) -> Path:
    return tuple(part for part in error["loc"] if isinstance(part, str | int))


@dataclass
class _Pruner:
    data: dict[str, Any]
    dropped: set[Path] = field(default_factory=set)
    survivors: dict[Path, list[int]] = field(default_factory=dict)

    def drop(self, locations: list[Path]) -> bool:
        """Drop what holds each location (in the file's coordinates); False if one cannot be."""
        for location in locations:
            target = _droppable(location)
            if target is None:
                return False
            self.dropped.add(target)
        return True

    def build(self) -> Any:
        self.survivors = {}
        return self._build(self.data, ())

    def _build(self, value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            return {
                key: self._build(item, (*path, key))
                for key, item in value.items()
                if (*path, key) not in self.dropped
            }
        if isinstance(value, list):
            kept = [i for i in range(len(value)) if (*path, i) not in self.dropped]
            self.survivors[path] = kept
            return [self._build(value[i], (*path, i)) for i in kept]
        return value

    def to_original(self, path: Path) -> Path:
        original: Path = ()
        for part in path:
            kept = self.survivors.get(original)
            if isinstance(part, int) and kept is not None and 0 <= part < len(kept):
                part = kept[part]
            original = (*original, part)
        return original

    def unresolved(self) -> frozenset[str]:
        """Names of the top-level fields that lost their entry or a part of it."""
        fields = self.data.get("schema", {}).get("fields") if isinstance(self.data, dict) else None
        if not isinstance(fields, list):
            return frozenset()
        names = set()
        for path in self.dropped:
            if path[:2] == ("schema", "fields") and len(path) > 2 and isinstance(path[2], int):
                entry = fields[path[2]] if path[2] < len(fields) else None
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    names.add(entry["name"])
        return frozenset(names)

    def sections(self) -> frozenset[str]:
        return frozenset(str(path[0]) for path in self.dropped if path)


def _droppable(location: Path) -> Path | None:
    """The nearest list entry holding `location`, else its nearest optional key."""
    for end in range(len(location), 0, -1):
        if isinstance(location[end - 1], int):
            return location[:end]
    for end in range(len(location), 0, -1):
        key = location[end - 1]
        model = model_at(location[: end - 1])
        info = _field_info(model, str(key)) if model is not None else None
        if model is not None and (info is None or not info.is_required()):
            return location[:end]
    return None


def _field_info(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def model_at(loc: Path) -> type[BaseModel] | None:
    """Walk the model classes along `loc` to find which model a mapping belongs to."""
    model: type[BaseModel] | None = Contract
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = _field_info(model, part)
        model = _model_of(info.annotation) if info is not None else None
    return model


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


class SourceView:
    """A SourceMap read through a translation of paths (the pruned data's to the file's)."""

    def __init__(self, source: SourceMap, translate: Any) -> None:
        self._source = source
        self._translate = translate

    @property
    def file(self) -> str:
        return self._source.file

    def value(self, path: Path) -> Position:
        return self._source.value(self._translate(path))

    def key(self, path: Path) -> Position:
        return self._source.key(self._translate(path))

    def text(self, path: Path) -> str | None:
        return self._source.text(self._translate(path))

    def text_position(self, path: Path, offset: int | None) -> Position:
        return self._source.text_position(self._translate(path), offset)
