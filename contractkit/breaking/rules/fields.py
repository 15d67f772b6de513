"""Rules on fields: removal, renames, additions, types, nullability."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from contractkit.breaking.finding import BOTH, FORWARD, Change
from contractkit.breaking.snapshot import Node
from contractkit.breaking.spec import RuleSpec
from contractkit.breaking.types import is_widening

if TYPE_CHECKING:
    from contractkit.breaking.comparison import Comparison


def _outermost(nodes: list[Node]) -> list[Node]:
    """Drop nodes whose parent is in the list too: removing `address` is one finding."""
    keys = {node.key for node in nodes}
    return [node for node in nodes if node.parent not in keys]


def field_no_delete(diff: Comparison) -> Iterator[Change]:
    for node in _outermost(diff.removed_fields):
        yield Change(
            rule="FIELD_NO_DELETE",
            subject=node.column_path,
            message=f'Field "{node.path}" was removed.',
            old=node.path,
            location=node.location,
            in_previous=True,
        )


def field_possible_rename(diff: Comparison) -> Iterator[Change]:
    # A NOT NULL newcomer breaks backward whichever it is: a rename (old data lacks the new
    # name) or a required field added.
    for old, new in diff.possible_renames:
        yield Change(
            rule="FIELD_POSSIBLE_RENAME",
            subject=old.column_path,
            message=(
                f'Field "{old.path}" was removed and "{new.path}" of the same type '
                f"({new.kind}) was added: if this is a rename, add `renamed_from: {old.name}` "
                f'to "{new.path}".'
            ),
            breaks=FORWARD if new.nullable else BOTH,
            old=old.path,
            new=new.path,
            location=new.location,
        )


def field_no_rename(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.pairing.renamed:
        yield Change(
            rule="FIELD_NO_RENAME",
            subject=old.column_path,
            message=f'Field "{old.path}" was renamed to "{new.path}".',
            old=old.path,
            new=new.path,
            location=(*new.location, "renamed_from"),
            columns=(old.column_path, new.column_path),
        )


def field_added(diff: Comparison) -> Iterator[Change]:
    for node in _outermost(diff.added_fields):
        required = not node.nullable
        yield Change(
            rule="FIELD_NO_ADD_REQUIRED" if required else "FIELD_ADDED",
            subject=node.column_path,
            message=(
                f'Required field "{node.path}" ({node.kind}, not nullable) was added.'
                if required
                else f'Field "{node.path}" ({node.kind}) was added.'
            ),
            new=node.path,
            location=node.location,
            addition=True,
        )


def field_same_type(diff: Comparison) -> Iterator[Change]:
    for old, new in diff.changed_kind:
        widening = is_widening(old.data_type, new.data_type)
        how = "widened" if widening else "changed type"
        yield Change(
            rule="FIELD_SAME_TYPE",
            subject=new.column_path,
            message=f'Field "{new.path}" {how} from {old.kind} to {new.kind}.',
            breaks=FORWARD if widening else BOTH,
            old=old.kind,
            new=new.kind,
            location=_type_location(new),
        )


def field_nullable(diff: Comparison) -> Iterator[Change]:
    # Also where the type changed: NOT NULL is a promise of its own, and int -> bigint NOT
    # NULL breaks backward through the nullability, not through the widening.
    for old, new in diff.pairing.pairs:
        if old.nullable == new.nullable:
            continue
        relaxed = new.nullable
        what = "element" if new.path.endswith("[]") else "value" if new.path.endswith("{}") else ""
        label = f"{what} of " if what else ""
        subject_path = new.path[:-2] if what else new.path
        yield Change(
            rule="FIELD_NULLABLE_NO_RELAX" if relaxed else "FIELD_NULLABLE_TIGHTENED",
            subject=new.column_path,
            message=(
                f'The {label}field "{subject_path}" became nullable.'
                if relaxed
                else f'The {label}field "{subject_path}" became NOT NULL.'
            ),
            producer_risk=not relaxed,
            old=old.nullable,
            new=new.nullable,
            location=(*new.location, "nullable") if new.field else new.location,
        )


def _type_location(node: Node) -> tuple[str | int, ...]:
    return (*node.location, "type") if node.field is not None else node.location


RULES = (
    RuleSpec(
        id="FIELD_NO_DELETE",
        purpose="Fields (and struct subfields) are not removed.",
        modes=("forward", "full"),
        why="Consumers that select the field fail with an unresolved column, and "
        "pipelines that rely on `SELECT *` silently lose it.",
        example="- name: discount\n  type: decimal(18,2)   # removed in the new version",
        instead="Deprecate the field first (say so in its description and the changelog), "
        "keep writing it until every consumer has moved off, then remove it in a major version.",
        scope="column",
        check=field_no_delete,
    ),
    RuleSpec(
        id="FIELD_POSSIBLE_RENAME",
        purpose="A field removed and another of the same type added may be an unmarked rename.",
        modes=("forward", "backward", "full"),
        why="To existing consumers a rename is a removal: the old name no longer resolves. "
        "When the new field is NOT NULL it also breaks backward, as a rename or as a required "
        "field added: old data has no value for it.",
        example="- name: cust_id    # previous\n- name: customer_id  # current, same type",
        instead="Mark the new field with `renamed_from: cust_id` so the change is reported as "
        "one rename, and plan it as a major version (or keep both names for a while).",
        scope="column",
        check=field_possible_rename,
    ),
    RuleSpec(
        id="FIELD_NO_RENAME",
        purpose="Fields are not renamed.",
        modes=("forward", "backward", "full"),
        why="Consumers that read the old name fail; reprocessing old data with the new name "
        "fails too.",
        example="- name: customer_ref\n  renamed_from: customer_id",
        instead="Add the new field beside the old one, fill both, migrate consumers, then "
        "remove the old field in a major version.",
        scope="column",
        check=field_no_rename,
    ),
    RuleSpec(
        id="FIELD_NO_ADD_REQUIRED",
        purpose="Fields added are nullable (old data has no value for them).",
        modes=("backward", "full"),
        why="Data written before the change has no value for the new field, so a consumer "
        "that relies on it being NOT NULL breaks when it reads or reprocesses old data.",
        example="- name: channel\n  type: string\n  nullable: false   # new",
        instead="Add the field as nullable, backfill old data, then tighten it in a later version.",
        scope="column",
        check=field_added,
    ),
    RuleSpec(
        id="FIELD_ADDED",
        purpose="A field was added (needs at least a minor version).",
        modes=(),
        why="Adding a nullable field breaks no reader; it is reported so the version bump "
        "and the changelog can say so.",
        example="- name: channel\n  type: string   # new, nullable",
        instead="Nothing to change; bump the minor version.",
        scope="column",
        check=field_added,
    ),
    RuleSpec(
        id="FIELD_SAME_TYPE",
        purpose="Fields keep their type (widening included: int -> bigint, decimal scale).",
        modes=("forward", "backward", "full"),
        why="Consumers compiled against the old type (Spark schemas, DLT expectations, casts, "
        "joins) fail or silently change results; even a widening changes the written files' "
        "schema. A narrowing or an unrelated type also breaks reading old data.",
        example="- name: amount\n  type: decimal(18,2)  ->  decimal(20,2)",
        instead="Add a new field with the new type, fill both, migrate consumers, then remove "
        "the old one in a major version.",
        scope="column",
        check=field_same_type,
    ),
    RuleSpec(
        id="FIELD_NULLABLE_NO_RELAX",
        purpose="NOT NULL fields stay NOT NULL.",
        modes=("forward", "full"),
        why="Consumers that rely on the field always having a value (joins, arithmetic, "
        "`NOT NULL` columns downstream) start receiving NULLs.",
        example="- name: customer_id\n  nullable: false  ->  true",
        instead="Keep the field NOT NULL and send a sentinel, or add a new nullable field.",
        scope="column",
        check=field_nullable,
    ),
    RuleSpec(
        id="FIELD_NULLABLE_TIGHTENED",
        purpose="A field became NOT NULL (may fail the producer; breaks reading old data).",
        modes=("backward", "full"),
        why="Old data may hold NULLs, so consumers relying on NOT NULL break when reading it; "
        "the producer's pipeline fails or drops rows on the first NULL.",
        example="- name: email\n  nullable: true  ->  false",
        instead="Backfill or clean the old data first, and make sure the producer never writes "
        "NULL before tightening.",
        scope="column",
        check=field_nullable,
    ),
)
