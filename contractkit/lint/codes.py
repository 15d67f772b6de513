"""Every lint code, as a record: the one list `lint --explain`, --select and docs/lint/ read.

A finding names its code by reference to a record here, never by a string of its own, so a
code cannot be emitted without being documented. Codes are never renamed or reused; a test
checks that `CODES` is sorted and that every code has a case file under tests/lint/cases/.
"""

from __future__ import annotations

from dataclasses import dataclass

from contractkit.diagnostics import Severity

__all__ = ["BY_ID", "CODES", "FAMILIES", "LintCode", "lookup"]

FAMILIES = {
    "file": "Reading the file",
    "structure": "Structure",
    "fields": "Fields and types",
    "expressions": "Expectations",
    "references": "References",
    "changelog": "Changelog and versions",
    "servers": "Servers",
    "odcs": "ODCS documents read as contracts",
    "lint": "Lint itself",
}


@dataclass(frozen=True)
class LintCode:
    """One kind of finding. `example` is YAML that produces it; `fix` says what to do."""

    id: str
    family: str
    severity: Severity
    summary: str
    fix: str
    example: str


E, W = Severity.ERROR, Severity.WARNING

ALLOWED_VALUE_TYPE = LintCode(
    "allowed-value-type",
    "fields",
    E,
    "An allowed value is not a value of its field's type.",
    "Write the value in the field's type; quote text that YAML would read as a number, "
    "boolean or date.",
    "- name: zip\n  type: string\n  allowed_values: [01234, 12345]   # 01234 reads as a number",
)
BOUND_ORDER = LintCode(
    "bound-order",
    "fields",
    E,
    "A field's `min` is greater than its `max`, so no value can pass.",
    "Swap the two bounds.",
    "- name: amount\n  type: int\n  min: 100\n  max: 10",
)
BOUND_TYPE = LintCode(
    "bound-type",
    "fields",
    E,
    "A `min` or `max` does not fit its field's type, or the type has no order to bound.",
    "Bound numbers with numbers and dates with dates; remove bounds from other types.",
    "- name: status\n  type: string\n  min: 1",
)
CHANGELOG_MISSING = LintCode(
    "changelog-missing",
    "changelog",
    W,
    "The contract has no changelog, or none for its current version.",
    "Add a `changelog:` entry for the current version with its date and what changed.",
    'contract:\n  version: "2.0.0"\nchangelog:\n  - version: "1.0.0"\n    date: 2024-06-01',
)
CLASSIFICATION_UNKNOWN = LintCode(
    "classification-unknown",
    "fields",
    W,
    "A field's classification is not on the ordered scale public < internal < confidential "
    "< restricted, so diff treats every change to or from it as stricter.",
    "Use one of public, internal, confidential, restricted (any case).",
    "- name: email\n  type: string\n  classification: secret",
)
CONSTRAINT_TYPE = LintCode(
    "constraint-type",
    "fields",
    E,
    "A constraint is set on a field whose type it does not apply to.",
    "Constrain scalar columns (patterns: string columns); for structs, constrain the subfields.",
    "- name: tags\n  type: array<string>\n  unique: true",
)
DUPLICATE_CONSUMER = LintCode(
    "duplicate-consumer",
    "references",
    E,
    "Two consumers name the same pipeline.",
    "Merge the two entries into one.",
    "consumers:\n  - pipeline: gold-sales\n  - pipeline: gold-sales",
)
DUPLICATE_DATASET_CHECK = LintCode(
    "duplicate-dataset-check",
    "expressions",
    E,
    "Two dataset checks, or a dataset check and a composite key, share a name.",
    "Give each dataset check and composite key its own name.",
    "dataset:\n  - name: enough_rows\n    expression: count(*) >= 1000\n"
    "  - name: enough_rows\n    expression: count(*) >= 10",
)
DUPLICATE_EXPECTATION = LintCode(
    "duplicate-expectation",
    "expressions",
    E,
    "Two expectations (declared, or derived from field constraints) share a name.",
    "Give each expectation its own name; derived ones are named `<field>_<kind>`.",
    "expectations:\n  - name: id_present\n    expression: id IS NOT NULL\n"
    "  - name: id_present\n    expression: id > 0",
)
DUPLICATE_FIELD = LintCode(
    "duplicate-field",
    "fields",
    E,
    "Two fields have the same name as Spark resolves names (case-insensitively).",
    "Rename or remove one of them.",
    "fields:\n  - name: order_id\n    type: string\n  - name: Order_ID\n    type: string",
)
DUPLICATE_KEY = LintCode(
    "duplicate-key",
    "file",
    E,
    "A mapping has the same key twice; YAML would silently keep only the last.",
    "Remove one of the two keys.",
    "contract:\n  name: orders\n  name: orders2",
)
DUPLICATE_SERVER = LintCode(
    "duplicate-server",
    "servers",
    E,
    "Two servers have the same name.",
    "Give each server its own name.",
    "servers:\n  - server: prod\n    type: table\n    table: a.b.c\n"
    "  - server: prod\n    type: table\n    table: a.b.d",
)
DUPLICATE_VALUE = LintCode(
    "duplicate-value",
    "fields",
    W,
    "An allowed value is listed twice.",
    "Remove the repetition.",
    "- name: status\n  type: string\n  allowed_values: [OPEN, OPEN]",
)
DUPLICATE_VERSION = LintCode(
    "duplicate-version",
    "changelog",
    E,
    "The changelog has two entries for one version.",
    "Merge them into one entry.",
    'changelog:\n  - version: "1.0.0"\n  - version: "1.0.0"',
)
EMPTY_FILE = LintCode(
    "empty-file",
    "file",
    E,
    "The file is empty.",
    "A contract needs at least the `contract:` and `schema:` sections.",
    "",
)
EXAMPLE_CONSTRAINT = LintCode(
    "example-constraint",
    "fields",
    W,
    "An example value breaks its field's own constraints (allowed_values, pattern, min, max).",
    "Change the example, or the constraint if the example is right.",
    "- name: status\n  type: string\n  allowed_values: [open, closed]\n  examples: [pending]",
)
EXAMPLE_TYPE = LintCode(
    "example-type",
    "fields",
    E,
    "An example value is not a value of its field's type.",
    "Write the example in the field's type: quote text that YAML reads as a number or date, "
    "write lists for arrays and mappings for maps and structs.",
    "- name: quantity\n  type: int\n  examples: [two]",
)
FILE_TOO_LARGE = LintCode(
    "file-too-large",
    "file",
    E,
    "The file is larger than 8 MiB, far beyond any contract.",
    "Split the contract or remove embedded data.",
    "(any file over 8 MiB)",
)
FRESHNESS_COLUMN_TYPE = LintCode(
    "freshness-column-type",
    "references",
    E,
    "`sla.freshness_column` names a column that is not a date or timestamp.",
    "Name a timestamp (or date) column.",
    'sla:\n  freshness: "< 1 hour"\n  freshness_column: order_id   # a string column',
)
FRESHNESS_MISSING = LintCode(
    "freshness-missing",
    "references",
    W,
    "`sla.freshness_column` is set but `sla.freshness` is not, so nothing is checked.",
    'Add `freshness: "< 1 hour"`, or remove `freshness_column`.',
    "sla:\n  freshness_column: updated_at",
)
FUTURE_VERSION = LintCode(
    "future-version",
    "changelog",
    E,
    "A changelog entry is newer than the contract's version.",
    "Raise `contract.version` to that entry's version, or fix the entry.",
    'contract:\n  version: "1.0.0"\nchangelog:\n  - version: "2.0.0"',
)
INTERNAL_ERROR = LintCode(
    "internal-error",
    "lint",
    E,
    "contractkit failed while checking the contract: a bug in contractkit, not in the file.",
    "Please report it; rerun with CONTRACTKIT_DEBUG=1 to see the traceback.",
    "(no contract should produce this)",
)
INVALID_DATASET_EXPRESSION = LintCode(
    "invalid-dataset-expression",
    "expressions",
    E,
    "A dataset check is not one aggregate boolean Spark SQL expression over declared columns.",
    "Fix the expression: it must parse, be true or false, read every column inside an "
    "aggregate (`count(*) >= 1000`, `avg(amount) < 500`) and use no window or subquery.",
    "dataset:\n  - name: sane_average\n    expression: amount < 500   # no aggregate",
)
INVALID_EXPRESSION = LintCode(
    "invalid-expression",
    "expressions",
    E,
    "An expectation is not a single row-level boolean Spark SQL condition over declared columns.",
    "Fix the expression: it must parse, be true or false, name declared columns and use no "
    "aggregate, window or subquery.",
    "expectations:\n  - name: positive\n    expression: amout > 0   # no column `amout`",
)
INVALID_KEY = LintCode(
    "invalid-key",
    "references",
    E,
    "`schema.primary_key` is empty or lists a column twice.",
    "Name each key column once.",
    "schema:\n  primary_key: [order_id, order_id]",
)
INVALID_NAME = LintCode(
    "invalid-name",
    "fields",
    E,
    "A name (field, expectation, consumer, server) has leading or trailing spaces, or "
    "control characters such as a newline or tab.",
    "Remove the spaces or control characters from the name.",
    '- name: "order_id "\n  type: string',
)
INVALID_PATTERN = LintCode(
    "invalid-pattern",
    "fields",
    E,
    "A field's `pattern` is not a valid regular expression.",
    "Fix the expression (Spark uses Java regex syntax).",
    '- name: phone\n  type: string\n  pattern: "^[0-9"',
)
INVALID_RENAME = LintCode(
    "invalid-rename",
    "fields",
    E,
    "A field is `renamed_from` a name that another field still has.",
    "Remove `renamed_from`, or remove the old field.",
    "- name: customer\n  type: string\n- name: customer_ref\n  type: string\n"
    "  renamed_from: customer",
)
INVALID_UNIQUE_KEY = LintCode(
    "invalid-unique-key",
    "references",
    E,
    "A composite key (`quality.unique`) lists a column twice, or a map column, which Spark "
    "cannot compare.",
    "Name each key column once, and key on comparable columns.",
    "unique:\n  - columns: [order_id, order_id]",
)
INVALID_VALUE = LintCode(
    "invalid-value",
    "structure",
    E,
    "A value is of the right kind but not valid: an unknown type, a bad version, duration or "
    "percentage, an empty name.",
    "Correct the value as the message says.",
    "- name: amount\n  type: strng",
)
IO_ERROR = LintCode(
    "io-error",
    "file",
    E,
    "The file could not be read (missing, a directory, no permission).",
    "Check the path and the file's permissions.",
    "(a path that is a directory)",
)
MISSING_KEY = LintCode(
    "missing-key",
    "structure",
    E,
    "A required key is missing.",
    "Add the key the message names.",
    "contract:\n  name: orders\n  version: 1.0.0\n# no schema:",
)
NOT_A_MAPPING = LintCode(
    "not-a-mapping",
    "file",
    E,
    "The file is valid YAML but not a mapping of sections.",
    "Start the file with `contract:` followed by the other sections.",
    "- contract: orders",
)
NOT_ALLOWED = LintCode(
    "not-allowed",
    "structure",
    E,
    "A value is not one of the values its key accepts.",
    "Use one of the values the message lists.",
    "expectations:\n  - name: positive\n    expression: amount > 0\n    action: stop",
)
NOT_TEXT = LintCode(
    "not-text",
    "file",
    E,
    "The file is not UTF-8 text (it has a NUL byte or invalid UTF-8).",
    "Save the contract as UTF-8 text, and check that you pointed at the right file.",
    "(a binary file)",
)
NULLABLE_KEY = LintCode(
    "nullable-key",
    "references",
    W,
    "A primary key column is nullable, and a NULL cannot identify a row.",
    "Add `nullable: false` to the key column.",
    "schema:\n  primary_key: [order_id]\n  fields:\n    - name: order_id\n      type: string",
)
REDUNDANT_UNIQUE_KEY = LintCode(
    "redundant-unique-key",
    "references",
    W,
    "A composite key repeats a promise already made: its columns include the primary key or "
    "a `unique: true` field (rows unique on fewer columns are unique on more), or another "
    "composite key has the same columns.",
    "Remove the key (or the other declaration).",
    "schema:\n  primary_key: [order_id]\nquality:\n  unique:\n    - columns: [order_id]",
)
REFERENCE_TARGET_MISSING = LintCode(
    "reference-target-missing",
    "references",
    W,
    "A field's `references` names a contract that is not among the files lint was given, so "
    "the reference could not be checked.",
    "Lint the referenced contract's file together with this one (`contractkit lint "
    "contracts/`), or correct the contract name.",
    "- name: customer_id\n  type: string\n  references: silver_customers.customer_id",
)
REFERENCE_TYPE = LintCode(
    "reference-type",
    "references",
    E,
    "A field and the field it references have types whose values do not compare without a "
    "lossy cast (or one of them is a struct, array or map).",
    "Give both fields the same type, or types of one family: integral (tinyint to bigint), "
    "decimal, floating point (float, double) or text (string, char, varchar).",
    "- name: customer_id\n  type: bigint\n  references: silver_customers.customer_id   # a string",
)
REFERENCE_UNKNOWN_FIELD = LintCode(
    "reference-unknown-field",
    "references",
    E,
    "A field's `references` names a field the referenced contract does not declare.",
    "Name a field of the referenced contract (a dotted path for a struct subfield).",
    "- name: customer_id\n  type: string\n  references: silver_customers.customer_key",
)
THRESHOLD_IGNORED = LintCode(
    "threshold-ignored",
    "expressions",
    W,
    "An expectation with action `fail` has a threshold below 100%, which is never used.",
    "Use action `warn` with a threshold, or remove the threshold.",
    "- name: positive\n  expression: amount > 0\n  action: fail\n  threshold: 99%",
)
TOO_DEEP = LintCode(
    "too-deep",
    "file",
    E,
    "The YAML nests deeper than 64 levels.",
    "Flatten the structure; no contract needs that depth.",
    "a: {b: {c: {d: ...}}}   # 65 levels",
)
UNKNOWN_FIELD = LintCode(
    "unknown-field",
    "references",
    E,
    "`uses`, `primary_key` or `sla.freshness_column` names a field the schema does not declare.",
    "Name a field declared under `schema.fields` (dotted for struct subfields).",
    "consumers:\n  - pipeline: gold-sales\n    uses: [amout]",
)
UNKNOWN_KEY = LintCode(
    "unknown-key",
    "structure",
    E,
    "A key is not part of the contract format (often a typo).",
    "Remove the key, or correct its spelling as the hint suggests.",
    "- name: order_id\n  type: string\n  nulable: false",
)
UNUSED_IGNORE = LintCode(
    "unused-ignore",
    "lint",
    W,
    "A `# contractkit: ignore[...]` comment silences nothing on its line.",
    "Remove the comment, or the codes in it that no longer occur.",
    "  type: string   # contractkit: ignore[bound-type]",
)
WARN_LEVEL_EQUAL = LintCode(
    "warn-level-equal",
    "expressions",
    W,
    "A `{fail:, warn:}` pair warns at its fail level, so no result is ever a warning.",
    "Set `warn` to an earlier alarm (a higher share, a shorter age), or write the fail level "
    "alone.",
    "threshold: {fail: 99%, warn: 99%}",
)
WRONG_KIND = LintCode(
    "wrong-kind",
    "structure",
    E,
    "A value is of the wrong kind: text, a list, a mapping or true/false was expected.",
    "Write the kind of value the message asks for.",
    "- name: order_id\n  type: string\n  nullable: maybe",
)
YAML_ALIAS = LintCode(
    "yaml-alias",
    "file",
    E,
    "The file uses YAML anchors, aliases or merge keys, which contracts do not allow.",
    "Write the value out in full; a contract should read on its own.",
    "base: &b {type: string}\nother: *b",
)
YAML_KEY = LintCode(
    "yaml-key",
    "file",
    E,
    "A mapping key is a list or mapping instead of a plain name.",
    "Use plain names as keys.",
    "? [a, b]\n: value",
)
YAML_SYNTAX = LintCode(
    "yaml-syntax",
    "file",
    E,
    "The file is not valid YAML (indentation, quoting, tabs, several documents).",
    "Fix the syntax at the place shown; indent with spaces, keep one document per file.",
    'contract:\n  name: "orders',
)
YAML_TAG = LintCode(
    "yaml-tag",
    "file",
    E,
    "The file uses a YAML tag such as `!!python/object`.",
    "Remove the tag; contracts use plain strings, numbers, booleans, lists and mappings.",
    "name: !!python/name:os.system orders",
)

ODCS_INVALID = LintCode(
    "odcs-invalid",
    "odcs",
    E,
    "An ODCS document breaks the official JSON Schema of the version it declares, or "
    "declares a version contractkit does not read (v2.x, or a v3 with no bundled schema).",
    "Fix the document where the message points, or declare the apiVersion it is written "
    "for; upgrade v2 documents to v3.",
    "apiVersion: v3.0.2\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\n"
    "team: {name: sales}   # v3.0.x writes team as a list of members",
)
ODCS_NO_DATASET = LintCode(
    "odcs-no-dataset",
    "odcs",
    E,
    "An ODCS document, or one of its schema objects, describes no dataset to check: `schema` "
    "is empty, or the object lists no properties (its schema lives elsewhere).",
    "List the object's properties, or leave the document out of the paths given.",
    "schema:\n  - name: orders   # no properties",
)
ODCS_NOT_IMPORTABLE = LintCode(
    "odcs-not-importable",
    "odcs",
    E,
    "A schema object of a valid ODCS document cannot become a contract (its version is not "
    "a semantic version, say).",
    "Fix what the message names.",
    "version: one",
)

# Sorted by id; the one list every other part reads.
CODES: tuple[LintCode, ...] = (
    ALLOWED_VALUE_TYPE,
    BOUND_ORDER,
    BOUND_TYPE,
    CHANGELOG_MISSING,
    CLASSIFICATION_UNKNOWN,
    CONSTRAINT_TYPE,
    DUPLICATE_CONSUMER,
    DUPLICATE_DATASET_CHECK,
    DUPLICATE_EXPECTATION,
    DUPLICATE_FIELD,
    DUPLICATE_KEY,
    DUPLICATE_SERVER,
    DUPLICATE_VALUE,
    DUPLICATE_VERSION,
    EMPTY_FILE,
    EXAMPLE_CONSTRAINT,
    EXAMPLE_TYPE,
    FILE_TOO_LARGE,
    FRESHNESS_COLUMN_TYPE,
    FRESHNESS_MISSING,
    FUTURE_VERSION,
    INTERNAL_ERROR,
    INVALID_DATASET_EXPRESSION,
    INVALID_EXPRESSION,
    INVALID_KEY,
    INVALID_NAME,
    INVALID_PATTERN,
    INVALID_RENAME,
    INVALID_UNIQUE_KEY,
    INVALID_VALUE,
    IO_ERROR,
    MISSING_KEY,
    NOT_A_MAPPING,
    NOT_ALLOWED,
    NOT_TEXT,
    NULLABLE_KEY,
    ODCS_INVALID,
    ODCS_NO_DATASET,
    ODCS_NOT_IMPORTABLE,
    REDUNDANT_UNIQUE_KEY,
    REFERENCE_TARGET_MISSING,
    REFERENCE_TYPE,
    REFERENCE_UNKNOWN_FIELD,
    THRESHOLD_IGNORED,
    TOO_DEEP,
    UNKNOWN_FIELD,
    UNKNOWN_KEY,
    UNUSED_IGNORE,
    WARN_LEVEL_EQUAL,
    WRONG_KIND,
    YAML_ALIAS,
    YAML_KEY,
    YAML_SYNTAX,
    YAML_TAG,
)

BY_ID = {code.id: code for code in CODES}


def lookup(code_id: str) -> LintCode | None:
    """The record of `code_id`, or None when no such code exists."""
    return BY_ID.get(code_id)
