"""Safe YAML reading that remembers where every key and value came from.

PyYAML's `safe_load` forgets positions, silently keeps the last of two duplicate keys,
and expands aliases (billion-laughs). Contracts are a source of truth that people edit
by hand, so we compose the node graph ourselves: every error gets a line and column,
duplicates and aliases are refused, and numbers keep the text they were written as
(`version: 2.10` must not become 2.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from contractkit.diagnostics import Diagnostic
from contractkit.errors import ContractLoadError
from contractkit.lint import codes
from contractkit.lint.codes import LintCode
from contractkit.scalars import YamlFloat, YamlInt, source_text

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Path",
    "PathKey",
    "Position",
    "SourceMap",
    "YamlDocument",
    "YamlFloat",
    "YamlInt",
    "parse_yaml",
    "read_file",
    "source_text",
]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

PathKey = str | int
Path = tuple[PathKey, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass
class SourceMap:
    """Positions of the values and keys of one YAML document, by path from the root."""

    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    styles: dict[Path, str | None] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)

    def value(self, path: Path) -> Position:
        """Where the value at `path` starts; the nearest ancestor when it is absent."""
        for prefix in _prefixes(path):
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def key(self, path: Path) -> Position:
        """Where the key naming `path` starts (the value's position for list items)."""
        for prefix in _prefixes(path):
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def text(self, path: Path) -> str | None:
        """The text a scalar at `path` was written as, when there is one."""
        return self.texts.get(path)

    def text_position(self, path: Path, offset: int | None) -> Position:
        """Where character `offset` of the scalar at `path` is, when the file shows it 1:1.

        Exact for plain and quoted one-line scalars without escapes before the offset;
        otherwise (block scalars) the scalar's start, which is still the right line to open.
        """
        start = self.value(path)
        style = self.styles.get(path, "|")
        if offset is None or style not in (None, "", "'", '"'):
            return start
        return Position(start.line, start.column + offset + (1 if style else 0))


def _prefixes(path: Path) -> Iterator[Path]:
    for end in range(len(path), -1, -1):
        yield path[:end]


@dataclass(frozen=True)
class YamlDocument:
    data: dict[str, Any]
    source: SourceMap
    text: str = ""  # the decoded file, for inline `# contractkit: ignore[...]` comments


def read_file(path: str, display_name: str | None = None) -> YamlDocument:
    """Read and parse a contract file; size is checked before the bytes are read."""
    name = display_name or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise _fail(
            name, 1, 1, codes.IO_ERROR, f"{path!r} is a directory, not a contract file"
        ) from None
    except OSError as exc:
        raise _fail(name, 1, 1, codes.IO_ERROR, f"cannot read {path!r}: {exc.strerror}") from None
    return parse_yaml(raw, name)


def parse_yaml(content: str | bytes, file: str) -> YamlDocument:
    """Parse one YAML document that must be a mapping; raise ContractLoadError otherwise."""
    text = _decode(content, file)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise _fail(file, 1, 1, codes.YAML_SYNTAX, f"not valid YAML: {exc}") from None
    if root is None:
        raise _fail(
            file,
            1,
            1,
            codes.EMPTY_FILE,
            "the file is empty",
            "a contract needs at least the `contract:` and `schema:` sections",
        )
    source = SourceMap(file)
    builder = _Builder(source)
    data = builder.build(root, ())
    if builder.problems:
        raise ContractLoadError(builder.problems)
    if not isinstance(data, dict):
        pos = source.value(())
        raise _fail(
            file,
            pos.line,
            pos.column,
            codes.NOT_A_MAPPING,
            f"a contract must be a YAML mapping, found a {_kind(root)}",
            "start the file with `contract:` followed by the other sections",
        )
    return YamlDocument(data, source, text)


def _decode(content: str | bytes, file: str) -> str:
    if isinstance(content, str):
        text = content
    else:
        nul = content.find(b"\x00")
        if nul >= 0:
            line, column = _line_col(content[:nul].decode("utf-8", "replace"))
            raise _binary(file, line, column)
        if len(content) > MAX_BYTES:
            raise _fail(
                file,
                1,
                1,
                codes.FILE_TOO_LARGE,
                f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB",
                "a contract should be a small text file; split it or remove embedded data",
            )
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, column = _line_col(content[: exc.start].decode("utf-8", "replace"))
            raise _fail(
                file,
                line,
                column,
                codes.NOT_TEXT,
                f"the file is not UTF-8 text "
                f"(byte {content[exc.start]:#04x} at offset {exc.start})",
                "save the contract as UTF-8 text",
            ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_col(text[:nul])
        raise _binary(file, line, column)
    if len(text) > MAX_BYTES:
        raise _fail(
            file, 1, 1, codes.FILE_TOO_LARGE, f"the text is larger than {MAX_BYTES} characters"
        )
    return text


def _binary(file: str, line: int, column: int) -> ContractLoadError:
    return _fail(
        file,
        line,
        column,
        codes.NOT_TEXT,
        "the file contains a NUL byte: it looks binary, not a YAML contract",
        "check that you pointed at the right file",
    )


def _line_col(prefix: str) -> tuple[int, int]:
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


class _Builder:
    """Turns composed nodes into plain Python values, recording positions and problems."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._aliased: set[int] = set()

    def _problem(self, node: yaml.Node, code: LintCode, message: str, hint: str | None) -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(
                self.source.file,
                mark.line + 1,
                mark.column + 1,
                code.severity,
                code.id,
                message,
                hint,
            )
        )

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self._seen:
            if id(node) not in self._aliased:
                self._aliased.add(id(node))
                self._problem(
                    node,
                    codes.YAML_ALIAS,
                    "this value has an anchor (&name) that an alias (*name) repeats; "
                    "anchors and aliases are not allowed in contracts",
                    "write the value out in full; a contract should read on its own",
                )
            return None
        self._seen.add(id(node))
        self.source.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            self._problem(node, codes.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels", None)
            return None
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _SIMPLE_TAGS:
            return self._unsupported_tag(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self.source.styles[path] = node.style
        self.source.texts[path] = str(node.value)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(
                    key_node,
                    codes.YAML_KEY,
                    f"a mapping key must be a plain name, found a {_kind(key_node)}",
                    None,
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    key_node,
                    codes.YAML_ALIAS,
                    "YAML merge keys (<<) are not allowed in contracts",
                    "write the keys out in full",
                )
                continue
            # Keys are names in our format: keep their text, so `on:` or `1:` stay strings.
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                self._problem(
                    key_node,
                    codes.DUPLICATE_KEY,
                    f"duplicate key {key!r} (first defined on line {first})",
                    "remove one of them; YAML would silently keep only the last",
                )
                continue
            first_seen[key] = key_node
            child = (*path, key)
            self.source.keys[child] = Position(
                key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            value = YamlInt(_constructor.construct_yaml_int(node))
            value.yaml_text = str(node.value)
            return value
        if tag == "tag:yaml.org,2002:float":
            number = YamlFloat(_constructor.construct_yaml_float(node))
            number.yaml_text = str(node.value)
            return number
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                stamp: dt.date = _constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                return str(node.value)  # `2025-13-01`: let the field's own check name it
            return stamp
        # Built directly: SafeConstructor.construct_object would remember every node it ever
        # built in a module-wide dict, a leak that slowed every load after the first.
        if tag == "tag:yaml.org,2002:str":
            return str(node.value)
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        return self._unsupported_tag(node)  # includes !!map / !!seq on a scalar

    def _unsupported_tag(self, node: yaml.Node) -> None:
        self._problem(
            node,
            codes.YAML_TAG,
            f"unsupported YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r}",
            "remove the tag; contracts use plain strings, numbers, booleans, lists and mappings",
        )


_SIMPLE_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    }
)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "scalar"


def _marked_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> ContractLoadError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # an unclosed quote or bracket: point where it opened
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    problem = exc.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    hint = "check indentation and quoting on this line and the one before it"
    if "\t" in bad_line[: max(column, 1)] or "tab" in problem:
        hint = "YAML indentation must use spaces, not tabs"
    elif "expected a single document" in problem or "but found another document" in problem:
        message = "the file holds more than one YAML document"
        hint = "keep one contract per file; remove the `---` separator"
    return _fail(file, line, column, codes.YAML_SYNTAX, message, hint)


def _fail(
    file: str, line: int, column: int, code: LintCode, message: str, hint: str | None = None
) -> ContractLoadError:
    return ContractLoadError(
        [Diagnostic(file, line, column, code.severity, code.id, message, hint)]
    )
