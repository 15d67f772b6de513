"""Every problem at once: a structural error no longer hides the semantic ones elsewhere."""

from __future__ import annotations

from contractkit.loader import analyze_text

BOTH = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - name: id
      type: strng
    - name: amount
      type: int
      min: 10
      max: 1
quality:
  expectations:
    - name: positive
      expression: amout > 0
    - name: id_known
      expression: id IS NOT NULL
    - name: bad_threshold
      expression: amount > 0
      threshold: 150%
consumers:
  - pipeline: gold
    uses: [id, amount, nope]
changelog:
  - version: "2.0.0"
    date: 2025-01-15
    changes: ["Later than the contract"]
"""


def _found(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in analyze_text(text, "c.yaml").diagnostics]


def test_structural_and_semantic_errors_are_reported_together() -> None:
    found = _found(BOTH)
    assert (9, "invalid-value") in found  # the unknown type: structure
    assert (22, "invalid-value") in found  # the threshold over 100%: structure
    assert (13, "bound-order") in found  # fields that validated are still checked
    assert (17, "invalid-expression") in found  # expressions too ('amout')
    assert (25, "unknown-field") in found  # and references ('nope')
    assert (27, "future-version") in found  # and the changelog


def test_a_field_that_failed_is_still_declared() -> None:
    """`id` has a bad type, but it exists: no 'unknown column' for expressions or `uses`."""
    found = _found(BOTH)
    assert (19, "invalid-expression") not in found
    assert not [f for f in found if f[1] == "unknown-field" and f[0] != 25]


def test_the_contract_stays_invalid_and_positions_follow_dropped_entries() -> None:
    analysis = analyze_text(BOTH, "c.yaml")
    assert analysis.contract is None
    assert not analysis.ok
    # `amount` is the second field in the file but the first once `id` is dropped: its
    # finding must still point at its own line.
    messages = {d.line: d.message for d in analysis.diagnostics}
    assert "'amount'" in messages[13]


def test_nothing_to_salvage_without_the_header() -> None:
    text = BOTH.replace('  version: "1.0.0"\n', "")
    found = _found(text)
    assert (1, "missing-key") in found or any(code == "missing-key" for _, code in found)
    assert all(code in {"missing-key", "invalid-value"} for _, code in found)


def test_a_struct_that_lost_a_subfield_accepts_references_into_it() -> None:
    text = BOTH.replace(
        "    - name: amount\n",
        "    - name: address\n      fields:\n        - name: city\n          type: strng\n"
        "    - name: amount\n",
    ).replace("expression: id IS NOT NULL", "expression: address.city IS NOT NULL")
    found = [(d.code, d.message) for d in analyze_text(text, "c.yaml").diagnostics]
    assert not [m for c, m in found if c == "invalid-expression" and "city" in m], found
    assert ("invalid-value", "unknown type 'strng'; did you mean 'string'?") in found
