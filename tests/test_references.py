"""Resolving `references: contract.field` against known contracts, and type compatibility."""

from __future__ import annotations

import pytest

from contractkit.errors import ReferenceResolutionError
from contractkit.loader import load_string
from contractkit.model import Contract
from contractkit.references import (
    compatible_types,
    declared_references,
    resolve_reference,
    split_reference,
)
from contractkit.types import parse_type


def _contract(name: str, fields: str) -> Contract:
    return load_string(
        f"""
contract: {{name: {name}, version: "1.0.0", owner: t@example.com}}
schema:
  fields:
{fields}
changelog: [{{version: "1.0.0", date: 2025-01-15, changes: [first]}}]
"""
    )


CUSTOMERS = _contract(
    "silver.customers",
    "    - {name: id, type: string}\n"
    "    - name: address\n"
    "      fields: [{name: id, type: bigint}, {name: city, type: string}]",
)
SILVER = _contract("silver", "    - {name: customers, type: string}")


def test_the_longest_contract_name_wins() -> None:
    names = ["silver", "silver.customers"]
    assert split_reference("silver.customers.id", names) == ("silver.customers", "id")
    assert split_reference("silver.customers", names) == ("silver", "customers")
    assert split_reference("silver.customers.address.id", names) == (
        "silver.customers",
        "address.id",
    )
    assert split_reference("gold.x", names) is None
    assert split_reference("silver.", names) is None


def test_resolve_a_nested_field_case_insensitively() -> None:
    known = {c.name: c for c in (CUSTOMERS, SILVER)}
    resolved = resolve_reference("silver.customers.Address.ID", known)
    assert resolved.contract is CUSTOMERS
    assert resolved.field.type_string == "bigint"
    assert resolve_reference("silver.customers", known).contract is SILVER


def test_an_unknown_contract_says_so_with_the_closest_name() -> None:
    with pytest.raises(ReferenceResolutionError) as info:
        resolve_reference("silver_customer.id", {"silver_customers": CUSTOMERS})
    assert info.value.missing_contract == "silver_customer"
    assert "did you mean 'silver_customers'?" in str(info.value)


def test_an_unknown_field_names_the_contract_and_the_closest_field() -> None:
    with pytest.raises(ReferenceResolutionError) as info:
        resolve_reference("silver.customers.adress.id", {CUSTOMERS.name: CUSTOMERS})
    assert info.value.missing_contract is None
    assert "contract 'silver.customers' has no field 'adress.id'" in str(info.value)
    assert "did you mean 'address.id'?" in str(info.value)


def test_declared_references_walks_subfields() -> None:
    orders = _contract(
        "orders",
        "    - {name: customer_id, type: string, references: silver.customers.id}\n"
        "    - name: ship_to\n"
        "      fields: [{name: id, type: bigint, references: silver.customers.address.id}]",
    )
    found = [(r.path, r.text) for r in declared_references(orders)]
    assert found == [
        ("customer_id", "silver.customers.id"),
        ("ship_to.id", "silver.customers.address.id"),
    ]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("string", "string", True),
        ("int", "bigint", True),
        ("tinyint", "smallint", True),
        ("varchar(10)", "string", True),
        ("decimal(10,0)", "decimal(18,2)", True),
        ("float", "double", True),
        ("date", "date", True),
        ("bigint", "string", False),
        ("int", "decimal(10,0)", False),
        ("date", "timestamp", False),
        ("timestamp", "timestamp_ntz", False),
        ("array<int>", "array<int>", False),
        ("struct<a:int>", "struct<a:int>", False),
    ],
)
def test_compatible_types(source: str, target: str, expected: bool) -> None:
    assert compatible_types(parse_type(source), parse_type(target)) is expected
    assert compatible_types(parse_type(target), parse_type(source)) is expected
