"""The contract model: what a contract YAML file means, as typed, immutable values.

Pydantic checks structure (keys, kinds of values, enumerations) and normalises the small
value languages (types, percentages, durations, versions) so that every later feature
compares meanings, not spellings. Cross-references (expressions, `uses`, primary keys)
are checked in `contractkit.lint`, where each problem can be located in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic import Field as Attr
from pydantic.json_schema import SkipJsonSchema

from contractkit.scalars import source_text
from contractkit.types import DataType, StructField, StructType, format_type, parse_type
from contractkit.values import (
    Duration,
    format_percent,
    parse_duration,
    parse_percent,
    parse_version,
)
from contractkit.yamlsource import SourceMap

_T = TypeVar("_T")

Action = Literal["warn", "drop", "fail"]
Compatibility = Literal["forward", "backward", "full", "none"]
DataFormat = Literal["parquet", "delta", "csv", "json", "orc", "avro"]

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.-]*$"

CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
"""The ordered classification scale, least strict first; other values are kept unordered."""


def classification_rank(value: str | None) -> int | None:
    """A classification's place on the scale (no classification reads as public, since
    nothing restricted reading it), or None for a value off the scale."""
    if value is None:
        return 0
    folded = value.strip().casefold()
    return CLASSIFICATIONS.index(folded) if folded in CLASSIFICATIONS else None


def _type_string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a type must be a Spark SQL type string like 'string', got {value!r}")
    return format_type(parse_type(value))


TypeString = Annotated[
    str,
    BeforeValidator(_type_string),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A Spark SQL type: string, int, bigint, decimal(18,2), date, "
            "timestamp, array<string>, map<string,int>, struct<a:int,b:string>, ...",
            "examples": ["string", "decimal(18,2)", "array<string>"],
        }
    ),
]
_PERCENT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"},
        {"type": "number", "minimum": 0, "maximum": 1},
    ],
    "description": "A percentage like '99.9%' (or a fraction between 0 and 1).",
}
_DURATION_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "A maximum age: '< 15 minutes', '<= 1 hour', '15m', '2 days', 'PT15M'.",
    "examples": ["< 15 minutes", "1h", "PT15M"],
}
Percent = Annotated[
    Decimal,
    BeforeValidator(parse_percent),
    PlainSerializer(format_percent, return_type=str),
    WithJsonSchema(_PERCENT_SCHEMA),
]
DurationText = Annotated[
    Duration,
    BeforeValidator(parse_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_DURATION_SCHEMA),
]
Version = Annotated[
    str,
    BeforeValidator(parse_version),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A semantic version; '2.0' reads as 2.0.0.",
            "examples": ["1.0.0", "2.0"],
        }
    ),
]
Name = Annotated[str, Attr(pattern=NAME_PATTERN)]


def example_text(value: object) -> str:
    """An example value as text: numbers as written, dates in ISO form, lists and mappings
    as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return source_text(value)
    return json.dumps(value, default=str, ensure_ascii=False, separators=(", ", ": "))


def _bound(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float | str | dt.date):
        raise ValueError(f"a bound must be a number, a date or a timestamp, got {value!r}")
    return value


def _text_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Bound = Annotated[
    Any,
    BeforeValidator(_bound),
    WithJsonSchema({"type": ["number", "string"], "description": "A number, date or timestamp."}),
]


def split_levels(data: Any, key: str, warn_key: str) -> Any:
    """Read `key: {fail: X, warn: Y}` as `key: X` plus `warn_key: Y`.

    A plain value keeps its old meaning (the fail level), so every existing contract reads as
    before; the pair adds an earlier alarm without a second key to learn."""
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        return data
    pair = data[key]
    unknown = sorted(str(k) for k in pair if k not in ("fail", "warn"))
    if unknown:
        raise ValueError(f"{key} takes `fail` and `warn`, not {', '.join(unknown)}")
    if "fail" not in pair:
        raise ValueError(f"{key} needs a `fail` level, like `{key}: {{fail: ..., warn: ...}}`")
    return {**data, key: pair["fail"], warn_key: pair.get("warn")}


def join_levels(data: dict[str, Any], key: str, warn_key: str) -> dict[str, Any]:
    """The inverse of `split_levels` for dumps: the pair again when a warn level is set."""
    warn = data.pop(warn_key, None)
    if warn is not None and key in data:
        data[key] = {"fail": data[key], "warn": warn}
    return data


def _levels_schema(value_schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "anyOf": [
            value_schema,
            {
                "type": "object",
                "properties": {"fail": value_schema, "warn": value_schema},
                "required": ["fail"],
                "additionalProperties": False,
            },
        ],
        "description": description,
    }


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )


class Field(_Model):
    """One column (or struct subfield) of the dataset."""

    name: str = Attr(min_length=1, description="Column name, as Spark resolves it.")
    type: TypeString | None = Attr(
        default=None, description="Spark SQL type; omit (or write 'struct') with `fields`."
    )
    fields: list[Field] | None = Attr(
        default=None, description="Subfields of a struct column, each with its own nullable."
    )
    nullable: bool = Attr(default=True, description="false forbids NULL values.")
    description: str | None = None
    unique: bool = Attr(default=False, description="No two rows share a non-NULL value.")
    allowed_values: list[Any] | None = Attr(
        default=None, description="The only values allowed (NULL is governed by nullable)."
    )
    pattern: str | None = Attr(
        default=None, description="A regular expression (Java syntax, as Spark's RLIKE)."
    )
    min: Bound | None = Attr(default=None, description="Smallest allowed value (inclusive).")
    max: Bound | None = Attr(default=None, description="Largest allowed value (inclusive).")
    renamed_from: str | None = Attr(
        default=None, description="The field's previous name; diff reports one rename."
    )
    tags: list[str] = Attr(default_factory=list)
    classification: str | None = Attr(
        default=None,
        description="Who may read the column: public < internal < confidential < restricted "
        "(ordered; diff reports a stricter one as breaking). Other values are kept but not "
        "ordered.",
        examples=list(CLASSIFICATIONS),
    )
    pii: bool = Attr(default=False, description="The column holds personal data.")
    business_name: str | None = Attr(
        default=None, description="The column's name in business terms, for documents."
    )
    examples: list[Any] | None = Attr(
        default=None, description="Example values, written in the field's type (lint checks)."
    )
    references: str | None = Attr(
        default=None,
        pattern=r"^[^.\s]+(\.[^.\s]+)*\.[^.\s]+$",
        description="The field of another contract whose values this one must exist in, as "
        "`contract.field` (`silver_customers.customer_id`; a dotted contract name resolves to "
        "the longest known one). NULL is never an orphan.",
        examples=["silver_customers.customer_id"],
    )
    constraint_action: Action | None = Attr(
        default=None,
        description="Action of the expectations derived from this field's constraints and its "
        "subfields' (default: quality.constraint_action).",
    )

    _data_type: DataType = PrivateAttr()

    @field_validator("allowed_values")
    @classmethod
    def _scalars_only(cls, values: list[Any] | None) -> list[Any] | None:
        if values is None:
            return None
        if not values:
            raise ValueError("allowed_values must list at least one value")
        for value in values:
            if value is None or isinstance(value, list | dict):
                raise ValueError(
                    f"allowed_values must hold plain values, found {value!r}; "
                    "NULL is governed by `nullable`"
                )
        return values

    @model_validator(mode="after")
    def _type_or_fields(self) -> Field:
        if self.fields is not None:
            if self.type is not None and self.type != "struct<>":
                raise ValueError(
                    f"field {self.name!r} has both `type: {self.type}` and `fields`; "
                    "use `fields` only for a struct (write `type: struct` or leave type out)"
                )
            if not self.fields:
                raise ValueError(f"field {self.name!r} has an empty `fields` list")
        elif self.type is None:
            raise ValueError(f"field {self.name!r} has no `type`; add one, like `type: string`")
        return self

    def model_post_init(self, context: Any, /) -> None:
        if self.fields is not None:
            self._data_type = StructType(tuple(sub.struct_field() for sub in self.fields))
        else:
            assert self.type is not None
            self._data_type = parse_type(self.type)

    @property
    def data_type(self) -> DataType:
        """The parsed type, built from `fields` for a struct that lists them."""
        # Read from pydantic's private store directly: `self._data_type` goes through
        # BaseModel.__getattr__, ten times slower, and diff asks once per field and rule.
        private = self.__pydantic_private__
        assert private is not None
        data_type: DataType = private["_data_type"]
        return data_type

    @property
    def type_string(self) -> str:
        """The canonical type string, also for a struct given by `fields`."""
        return format_type(self.data_type)

    def struct_field(self) -> StructField:
        return StructField(
            self.name, self.data_type, self.nullable, self.description, self.governance_metadata
        )

    @property
    def governance_metadata(self) -> tuple[tuple[str, str | bool | tuple[str, ...]], ...]:
        """Governance metadata as Spark field metadata holds it: text, a flag, lists of text
        (Spark's metadata takes no dates or mixed lists, so examples are their YAML text), in
        a fixed order so generated code is deterministic."""
        pairs: list[tuple[str, str | bool | tuple[str, ...]]] = []
        if self.business_name is not None:
            pairs.append(("business_name", self.business_name))
        if self.classification is not None:
            pairs.append(("classification", self.classification))
        if self.pii:
            pairs.append(("pii", True))
        if self.tags:
            pairs.append(("tags", tuple(self.tags)))
        if self.examples:
            pairs.append(("examples", tuple(example_text(v) for v in self.examples)))
        return tuple(pairs)

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Field]]:
        """This field and its listed subfields, with dotted paths (`address.city`)."""
        path = f"{prefix}{self.name}"
        yield path, self
        for sub in self.fields or ():
            yield from sub.walk(f"{path}.")


class Schema(_Model):
    fields: list[Field] = Attr(min_length=1, description="The columns of the dataset.")
    primary_key: list[str] | None = Attr(
        default=None, description="Columns whose combined values identify a row."
    )


class _ThresholdLevels(_Model):
    """`threshold: {fail:, warn:}` for the models that have a pass-share threshold: read
    into `threshold` and `warn_threshold`, checked in order, and dumped back as the pair."""

    if TYPE_CHECKING:  # declared by each subclass, in its own place among its fields
        threshold: Decimal
        warn_threshold: Decimal | None

    @model_validator(mode="before")
    @classmethod
    def _threshold_levels(cls, data: Any) -> Any:
        return split_levels(data, "threshold", "warn_threshold")

    @model_validator(mode="after")
    def _warn_before_fail(self) -> Any:
        if self.warn_threshold is not None and self.warn_threshold < self.threshold:
            raise ValueError(
                f"threshold.warn ({format_percent(self.warn_threshold)}) is below threshold.fail "
                f"({format_percent(self.threshold)}); the warn level is the earlier alarm, so "
                "it must be at least the fail level"
            )
        return self

    @model_serializer(mode="wrap")
    def _dump_levels(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        return join_levels(data, "threshold", "warn_threshold") if isinstance(data, dict) else data


class Expectation(_ThresholdLevels):
    """A Spark SQL boolean expression over one row; a row violates it only when FALSE."""

    name: str = Attr(min_length=1)
    expression: str = Attr(min_length=1)
    threshold: Percent = Attr(
        default=Decimal(1),
        description="Share of rows that must pass (default 100%); below it the expectation fails.",
        json_schema_extra=lambda schema: schema.update(
            _levels_schema(
                _PERCENT_SCHEMA,
                "Share of rows that must pass (default 100%), or `{fail: 99%, warn: 99.9%}`: "
                "below `warn` the result is a warning, below `fail` a failure.",
            )
        ),
    )
    warn_threshold: SkipJsonSchema[Percent | None] = Attr(
        default=None, description="The warn level of `threshold: {fail:, warn:}`."
    )
    action: Action = Attr(
        default="warn", description="What the producer does with violating rows (DLT)."
    )
    description: str | None = None


DatasetAction = Literal["warn", "fail"]


class DatasetCheck(_Model):
    """A Spark SQL aggregate expression over the whole dataset that must be TRUE
    (`count(*) >= 1000`, `avg(amount) < 500`); evaluated in the same pass as the row checks."""

    name: str = Attr(min_length=1)
    expression: str = Attr(min_length=1)
    action: DatasetAction = Attr(
        default="fail",
        description="What a miss means: `fail` fails validation, `warn` reports it only.",
    )
    description: str | None = None


class UniqueKey(_ThresholdLevels):
    """Columns whose combined values no two rows share; a row with a NULL in any of them
    never collides (SQL's UNIQUE). `threshold` is the share of rows that must not be part of
    a duplicate group."""

    columns: list[str] = Attr(min_length=1, description="The key's columns, together.")
    name: str | None = Attr(
        default=None, description="A name for reports (default: `unique(a, b)`)."
    )
    threshold: Percent = Attr(
        default=Decimal(1),
        description="Share of rows that must be unique (default 100%).",
        json_schema_extra=lambda schema: schema.update(
            _levels_schema(
                _PERCENT_SCHEMA,
                "Share of rows that must be unique (default 100%), or "
                "`{fail: 99.9%, warn: 99.99%}`.",
            )
        ),
    )
    warn_threshold: SkipJsonSchema[Percent | None] = Attr(
        default=None, description="The warn level of `threshold: {fail:, warn:}`."
    )
    description: str | None = None

    @property
    def label(self) -> str:
        """The name reports use."""
        return self.name or f"unique({', '.join(self.columns)})"


class Quality(_Model):
    expectations: list[Expectation] = Attr(default_factory=list)
    dataset: list[DatasetCheck] = Attr(
        default_factory=list,
        description="Checks over the whole dataset (row counts, aggregates), as aggregate SQL "
        "that yields a boolean.",
    )
    unique: list[UniqueKey] = Attr(
        default_factory=list,
        description="Composite keys that must be unique, each with an allowed duplicate rate.",
    )
    constraint_action: Action = Attr(
        default="warn",
        description="Action of the expectations derived from field constraints (nullable, "
        "allowed_values, pattern, min, max); warn never drops data unless asked.",
    )


class Sla(_Model):
    freshness: DurationText | None = Attr(
        default=None,
        description="Maximum age of the data.",
        json_schema_extra=lambda schema: schema.update(
            _levels_schema(
                _DURATION_SCHEMA,
                "Maximum age of the data, or `{fail: 1 hour, warn: 30 minutes}`: older than "
                "`warn` is a warning, older than `fail` a failure.",
            )
        ),
    )
    freshness_warn: SkipJsonSchema[DurationText | None] = Attr(
        default=None, description="The warn level of `freshness: {fail:, warn:}`."
    )
    availability: Percent | None = None
    freshness_column: str | None = Attr(
        default=None, description="Timestamp column that freshness is measured on."
    )
    clock_skew: DurationText | None = Attr(
        default=None,
        description="How far in the future the newest value may be before freshness fails "
        "(clocks of writers differ); default 5 minutes.",
    )

    @model_validator(mode="before")
    @classmethod
    def _freshness_levels(cls, data: Any) -> Any:
        return split_levels(data, "freshness", "freshness_warn")

    @model_validator(mode="after")
    def _warn_before_fail(self) -> Sla:
        if (
            self.freshness is not None
            and self.freshness_warn is not None
            and self.freshness_warn.seconds > self.freshness.seconds
        ):
            raise ValueError(
                f"freshness.warn ({self.freshness_warn}) is longer than freshness.fail "
                f"({self.freshness}); the warn level is the earlier alarm, so it must be "
                "the shorter age"
            )
        if self.freshness_warn is not None and self.freshness is None:
            raise ValueError("freshness.warn needs a freshness.fail level")
        return self

    @model_serializer(mode="wrap")
    def _dump_levels(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        return join_levels(data, "freshness", "freshness_warn") if isinstance(data, dict) else data


class Consumer(_Model):
    pipeline: str = Attr(min_length=1)
    contact: str | None = None
    description: str | None = None
    uses: list[str] | None = Attr(
        default=None, description="The fields this consumer relies on (default: all)."
    )
    freshness: DurationText | None = Attr(
        default=None, description="The freshness this consumer needs, when stricter than the SLA."
    )
    expectations: list[Expectation] = Attr(
        default_factory=list,
        description="Quality this consumer relies on beyond the contract's own expectations.",
    )
    dataset: list[DatasetCheck] = Attr(
        default_factory=list,
        description="Dataset checks this consumer relies on beyond the contract's own.",
    )

    def uses_path(self, path: str) -> bool:
        """Whether a change to `path` touches this consumer: its `uses` names the path, a
        struct that holds it or a subfield of it (`a.b` is touched by `a`, `a.b`, `a.b.c`),
        or it declares no `uses` and so reads everything. Names compare as Spark resolves
        them, case-insensitively; array and map markers (`items[].qty`, `tags{}`) belong to
        their column, since `uses` names columns."""
        if self.uses is None:
            return True
        used, holders = self._reads
        wanted = _column_path(path)
        return wanted in used or wanted in holders or any(p in used for p in _holders(wanted))

    def uses_touching(self, path: str) -> list[str]:
        """The `uses` entries a change to `path` touches, as written (for reports)."""
        wanted = _column_path(path)
        return [
            used
            for used in self.uses or ()
            if (folded := _column_path(used)) == wanted
            or folded.startswith(f"{wanted}.")
            or wanted.startswith(f"{folded}.")
        ]

    @cached_property
    def _reads(self) -> tuple[frozenset[str], frozenset[str]]:
        """The paths `uses` names (folded), and the structs that hold them: built once, as a
        10,000-field diff asks about thousands of findings."""
        used = frozenset(_column_path(u) for u in self.uses or ())
        return used, frozenset(p for u in used for p in _holders(u))


def _column_path(path: str) -> str:
    return path.casefold().replace("[]", "").replace("{}", "").replace("{key}", "")


def _holders(path: str) -> Iterator[str]:
    """`a.b.c` -> `a`, `a.b`: the structs that hold it."""
    dot = path.find(".")
    while dot >= 0:
        yield path[:dot]
        dot = path.find(".", dot + 1)


class ChangelogEntry(_Model):
    version: Version
    date: dt.date | None = None
    changes: Annotated[
        list[str],
        BeforeValidator(_text_list),
        WithJsonSchema(
            {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        ),
    ] = Attr(default_factory=list, description="What changed: one line, or a list of lines.")

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"date {value!r} is not a date like '2025-01-15'") from None
        return value


class Server(_Model):
    """Where the data lives; `local` paths are relative to the contract file."""

    server: str = Attr(min_length=1, description="A name to choose this server by.")
    type: Literal["local", "table"]
    path: str | None = None
    format: DataFormat | None = None
    table: str | None = None
    options: dict[str, str] = Attr(
        default_factory=dict, description="Spark reader options, e.g. header: 'true'."
    )
    description: str | None = None

    def resolved_path(self, base_dir: str | None) -> str | None:
        """A local path as it points: relative paths start at the contract's folder."""
        if self.type != "local" or not self.path or not base_dir or "://" in self.path:
            return self.path
        return os.path.normpath(os.path.join(base_dir, self.path))

    @model_validator(mode="after")
    def _location(self) -> Server:
        if self.type == "local":
            if not self.path or not self.format:
                raise ValueError(
                    f"server {self.server!r} of type local needs `path` and `format` "
                    "(parquet, delta, csv, json, orc or avro)"
                )
            if self.table:
                raise ValueError(f"server {self.server!r} of type local takes `path`, not `table`")
        if self.type == "table":
            if not self.table:
                raise ValueError(
                    f"server {self.server!r} of type table needs `table: catalog.schema.table`"
                )
            if self.path:
                raise ValueError(f"server {self.server!r} of type table takes `table`, not `path`")
        return self


class ContractInfo(_Model):
    name: Name = Attr(description="The dataset's name; also names generated modules.")
    id: str | None = Attr(
        default=None,
        min_length=1,
        description="A stable identifier of the contract (ODCS `id`), when one is kept.",
    )
    title: str | None = Attr(
        default=None,
        min_length=1,
        description="A display name of the contract (ODCS top-level `name`), when it differs "
        "from the dataset's name.",
    )
    status: str | None = Attr(
        default=None,
        min_length=1,
        description="The contract's life-cycle status (ODCS `status`): proposed, draft, "
        "deprecated, retired; none means active.",
    )
    version: Version
    owner: str = Attr(min_length=1, description="Owning team or its e-mail address.")
    producer_pipeline: str | None = Attr(
        default=None,
        min_length=1,
        description="The pipeline that writes the dataset; leave it out for a source written "
        "outside the pipelines these contracts describe (an external feed, a vendor table).",
    )
    description: str | None = None
    domain: str | None = None
    tags: list[str] = Attr(default_factory=list)
    compatibility: Compatibility = Attr(
        default="forward", description="Which changes `contractkit diff` treats as breaking."
    )


class Contract(_Model):
    """A data contract: the single source of truth for one dataset."""

    info: ContractInfo = Attr(alias="contract")
    schema_: Schema = Attr(alias="schema")
    quality: Quality = Attr(default_factory=Quality)
    sla: Sla | None = None
    consumers: list[Consumer] = Attr(default_factory=list)
    changelog: list[ChangelogEntry] = Attr(default_factory=list)
    servers: list[Server] = Attr(default_factory=list)

    _source_file: str | None = PrivateAttr(default=None)
    _source_map: SourceMap | None = PrivateAttr(default=None)
    _base_dir: str | None = PrivateAttr(default=None)
    _fields_by_path: dict[str, Field] | None = PrivateAttr(default=None)
    _memo: dict[str, object] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_source(cls, data: Any, source: SourceMap, base_dir: str | None = None) -> Contract:
        """Validate `data` read from YAML and remember where it came from (for lint, reports
        and relative server paths). Raises pydantic's ValidationError like model_validate."""
        contract = cls.model_validate(data)
        contract._source_file = source.file
        contract._source_map = source
        contract._base_dir = base_dir
        return contract

    def memo(self, key: str, build: Callable[[], _T]) -> _T:
        """`build()` computed once per contract: contracts are frozen, and lint, diff and
        codegen each ask for the same derived values (thousands at 10,000 fields)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(_T, self._memo[key])

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def fields(self) -> list[Field]:
        return self.schema_.fields

    @property
    def expectations(self) -> list[Expectation]:
        return self.quality.expectations

    @property
    def source_file(self) -> str | None:
        """The file this contract was loaded from, when it came from one."""
        return self._source_file

    @property
    def base_dir(self) -> str | None:
        """The absolute directory that relative server paths start from, when known."""
        return self._base_dir

    @property
    def source_map(self) -> SourceMap | None:
        """Where each key and value stood in the YAML, when loaded from text."""
        return self._source_map

    def field(self, name: str) -> Field | None:
        """The top-level or dotted (`address.city`) field, resolved case-insensitively."""
        if self._fields_by_path is None:
            index: dict[str, Field] = {}
            for path, field in self.walk_fields():
                index.setdefault(path.lower(), field)
            self._fields_by_path = index  # built once: lint and diff look up every `uses`
        return self._fields_by_path.get(name.lower())

    def walk_fields(self) -> Iterator[tuple[str, Field]]:
        for field in self.fields:
            yield from field.walk()

    def struct_type(self) -> StructType:
        """The schema as a (pure) struct type, for comparison and code generation."""
        return StructType(tuple(field.struct_field() for field in self.fields))
