"""Laws of the diff engine, checked on generated contracts (hypothesis).

Contracts are generated as the plain data a YAML file holds: fields of random canonical
types (nested struct, array and map types, structs given by `fields`), nullability,
constraints, references, expectations over declared columns (with warn levels), dataset
checks, composite keys, an SLA and consumers with `uses` and their own dataset checks.
Example counts stay small so the file runs in a few seconds.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractkit.breaking import MODES, diff_contracts
from contractkit.loader import analyze_text
from contractkit.model import Contract

Data = dict[str, Any]

FIELD_NAMES = (
    *("id", "amount", "qty", "status", "email", "created_at", "price", "country", "note"),
    *("score", "flag", "ref", "code", "city", "zip", "lat", "lon", "sku", "kind", "total"),
)
SUB_NAMES = ("a", "b", "c", "d", "e")
SCALARS = ("string", "int", "bigint", "double", "decimal(18,2)", "boolean", "date", "timestamp")
INTEGRAL = ("int", "bigint")
NUMERIC = ("int", "bigint", "double", "decimal(18,2)")
FRESHNESS = ("< 15 minutes", "<= 15 minutes", "< 1 hour", "< 2 hours", "< 1 day")
PERCENTS = ("90%", "95%", "99%", "99.9%", "100%")
PIPELINES = ("finance", "marketing", "crm", "shipping", "audit")

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def contract(data: Data) -> Contract:
    return Contract.model_validate(copy.deepcopy(data))


# -- strategies ------------------------------------------------------------------------------


def type_strings(depth: int = 2) -> st.SearchStrategy[str]:
    """Canonical Spark type strings, nested up to `depth` levels."""
    scalar = st.sampled_from(SCALARS)
    if depth == 0:
        return scalar

    def struct(members: list[tuple[str, str, bool]]) -> str:
        parts = (f"{name}:{t}{'' if nullable else ' NOT NULL'}" for name, t, nullable in members)
        return "struct<" + ",".join(parts) + ">"

    inner = type_strings(depth - 1)
    return st.one_of(
        scalar,
        scalar,
        st.builds(lambda t, n: f"array<{t}{'' if n else ' NOT NULL'}>", inner, st.booleans()),
        st.builds(lambda t, n: f"map<string,{t}{'' if n else ' NOT NULL'}>", inner, st.booleans()),
        st.lists(
            st.tuples(st.sampled_from(SUB_NAMES), inner, st.booleans()),
            min_size=1,
            max_size=3,
            unique_by=lambda member: member[0],
        ).map(struct),
    )


@st.composite
def constraints(draw: st.DrawFn, type_string: str) -> Data:
    """Constraints that are valid for a scalar field of this type."""
    found: Data = {}
    if type_string == "string":
        if draw(st.booleans()):
            values = draw(st.lists(st.sampled_from("ABCDEF"), min_size=1, max_size=4, unique=True))
            found["allowed_values"] = values
        elif draw(st.booleans()):
            found["pattern"] = draw(st.sampled_from(["^[A-Z]+$", "^[a-z0-9_]{1,20}$"]))
    elif type_string in INTEGRAL:
        if draw(st.booleans()):
            low = draw(st.integers(-100, 100))
            found["min"] = low
            if draw(st.booleans()):
                found["max"] = low + draw(st.integers(0, 1000))
        elif draw(st.booleans()):
            found["allowed_values"] = draw(
                st.lists(st.integers(0, 9), min_size=1, max_size=4, unique=True)
            )
    if type_string in ("string", *INTEGRAL) and draw(st.booleans()):
        found["unique"] = True
    return found


@st.composite
def fields(draw: st.DrawFn, names: tuple[str, ...] = FIELD_NAMES, depth: int = 1) -> list[Data]:
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True))
    result = []
    for name in chosen:
        item: Data = {"name": name, "nullable": draw(st.booleans())}
        if depth > 0 and draw(st.integers(0, 5)) == 0:
            item["fields"] = draw(fields(SUB_NAMES, depth - 1))
        else:
            item["type"] = draw(type_strings())
            if item["type"] in SCALARS:
                item.update(draw(constraints(item["type"])))
        result.append(item)
    return result


def _paths(items: list[Data], prefix: str = "") -> list[str]:
    """Declared field paths, as `uses` names them."""
    found = []
    for item in items:
        found.append(f"{prefix}{item['name']}")
        found.extend(_paths(item.get("fields") or [], f"{prefix}{item['name']}."))
    return found


@st.composite
def expectations(draw: st.DrawFn, items: list[Data]) -> list[Data]:
    """Simple valid row expressions over top-level scalar columns."""
    scalars = [f for f in items if f.get("type") in SCALARS]
    if not scalars:
        return []
    result = []
    for index in range(draw(st.integers(0, 3))):
        column = draw(st.sampled_from(scalars))
        name, kind = column["name"], column["type"]
        if kind in NUMERIC:
            limit = draw(st.integers(-10, 10))
            expression = draw(
                st.sampled_from(
                    [f"{name} > {limit}", f"{name} >= {limit}", f"{name} < {limit + 1000}"]
                )
            )
        else:
            expression = f"{name} IS NOT NULL"
        entry: Data = {"name": f"exp_{index}", "expression": expression}
        entry["threshold"] = draw(st.sampled_from(PERCENTS))
        entry["action"] = draw(st.sampled_from(["warn", "drop", "fail"]))
        if entry["action"] == "fail":
            entry["threshold"] = "100%"
        elif entry["threshold"] != "100%" and draw(st.booleans()):
            entry["threshold"] = {"fail": entry["threshold"], "warn": "100%"}
        result.append(entry)
    return result


@st.composite
def dataset_checks(draw: st.DrawFn, items: list[Data]) -> list[Data]:
    """Row counts and aggregates over top-level numeric columns."""
    numeric = [f["name"] for f in items if f.get("type") in NUMERIC]
    options = [f"count(*) >= {n}" for n in (1, 100, 1000)]
    options += [f"avg({name}) < 500" for name in numeric]
    options += [f"max({name}) <= 1000 AND count(*) > 0" for name in numeric]
    chosen = draw(st.lists(st.sampled_from(options), max_size=2, unique=True))
    actions = st.sampled_from(["warn", "fail"])
    return [
        {"name": f"ds_{index}", "expression": text, "action": draw(actions)}
        for index, text in enumerate(chosen)
    ]


@st.composite
def unique_keys(draw: st.DrawFn, items: list[Data]) -> list[Data]:
    scalars = [f["name"] for f in items if f.get("type") in SCALARS]
    if not scalars or draw(st.booleans()):
        return []
    columns = draw(st.lists(st.sampled_from(scalars), min_size=1, max_size=2, unique=True))
    threshold = draw(st.sampled_from(PERCENTS))
    key: Data = {"columns": columns, "threshold": threshold}
    if threshold != "100%" and draw(st.booleans()):
        key["threshold"] = {"fail": threshold, "warn": "100%"}
    return [key]


@st.composite
def contracts(draw: st.DrawFn) -> Data:
    """A valid contract, as the data of its YAML file."""
    items = draw(fields())
    data: Data = {
        "contract": {
            "name": "orders",
            "version": "1.0.0",
            "owner": "data@example.com",
            "producer_pipeline": "orders-etl",
            "compatibility": draw(st.sampled_from(list(MODES))),
        },
        "schema": {"fields": items},
        "quality": {
            "expectations": draw(expectations(items)),
            "dataset": draw(dataset_checks(items)),
            "unique": draw(unique_keys(items)),
        },
    }
    for item in items:
        if item.get("type") == "string" and draw(st.integers(0, 3)) == 0:
            item["references"] = draw(st.sampled_from(["customers.id", "crm.accounts.key"]))
    keys = [f["name"] for f in items if f.get("type") in SCALARS and not f["nullable"]]
    if keys and draw(st.booleans()):
        data["schema"]["primary_key"] = draw(
            st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True)
        )
    sla: Data = {}
    if draw(st.booleans()):
        sla["freshness"] = draw(st.sampled_from(FRESHNESS))
        if draw(st.booleans()):
            sla["freshness"] = {"fail": "< 1 day", "warn": sla["freshness"]}
        stamps = [f["name"] for f in items if f.get("type") == "timestamp"]
        if stamps and draw(st.booleans()):
            sla["freshness_column"] = draw(st.sampled_from(stamps))
    if draw(st.booleans()):
        sla["availability"] = draw(st.sampled_from(PERCENTS))
    if sla:
        data["sla"] = sla
    paths = _paths(items)
    consumers = []
    for pipeline in draw(st.lists(st.sampled_from(PIPELINES), max_size=3, unique=True)):
        consumer: Data = {"pipeline": pipeline}
        if draw(st.booleans()):
            consumer["uses"] = draw(
                st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)
            )
        if draw(st.integers(0, 3)) == 0:  # a need no mutation below implies
            consumer["dataset"] = [{"name": "mine", "expression": "count(DISTINCT 1) = 1"}]
        consumers.append(consumer)
    data["consumers"] = consumers
    return data


# -- weakening mutations: each breaks forward, and its reverse breaks backward --------------


def _fresh_field(data: Data, item: Data) -> Data:
    data["schema"]["fields"].append(item)
    return item


def remove_required_field(data: Data) -> tuple[Data, Data]:
    before = copy.deepcopy(data)
    _fresh_field(before, {"name": "extra_required", "type": "string", "nullable": False})
    return before, data


def relax_nullable(data: Data, index: int) -> tuple[Data, Data]:
    declared = list(_declared(data["schema"]["fields"]))
    target = declared[index % len(declared)]
    target["nullable"] = False
    before = copy.deepcopy(data)
    target["nullable"] = True
    return before, data


def add_allowed_value(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(
        data, {"name": "extra_status", "type": "string", "allowed_values": ["A", "B"]}
    )
    before = copy.deepcopy(data)
    item["allowed_values"] = ["A", "B", "Z"]
    return before, data


def drop_allowed_values(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_code", "type": "int", "allowed_values": [1, 2]})
    before = copy.deepcopy(data)
    del item["allowed_values"]
    return before, data


def lower_min(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_qty", "type": "int", "min": 10})
    before = copy.deepcopy(data)
    item["min"] = 0
    return before, data


def raise_max(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_pct", "type": "double", "max": 100})
    before = copy.deepcopy(data)
    item["max"] = 1000
    return before, data


def drop_unique(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_key", "type": "string", "unique": True})
    before = copy.deepcopy(data)
    item["unique"] = False
    return before, data


def widen_type(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_count", "type": "int"})
    before = copy.deepcopy(data)
    item["type"] = "bigint"
    return before, data


def lower_threshold(data: Data) -> tuple[Data, Data]:
    _fresh_field(data, {"name": "extra_amount", "type": "double"})
    expectation = {"name": "extra_positive", "expression": "extra_amount > 0", "threshold": "99.9%"}
    data["quality"]["expectations"].append(expectation)
    before = copy.deepcopy(data)
    expectation["threshold"] = "99%"
    return before, data


def loosen_expression(data: Data) -> tuple[Data, Data]:
    _fresh_field(data, {"name": "extra_amount", "type": "double"})
    expectation = {"name": "extra_floor", "expression": "extra_amount > 10"}
    data["quality"]["expectations"].append(expectation)
    before = copy.deepcopy(data)
    expectation["expression"] = "extra_amount >= 0"
    return before, data


def remove_expectation(data: Data) -> tuple[Data, Data]:
    _fresh_field(data, {"name": "extra_amount", "type": "double"})
    before = copy.deepcopy(data)
    expectation = {"name": "extra_present", "expression": "extra_amount IS NOT NULL"}
    before["quality"]["expectations"].append(expectation)
    return before, data


def loosen_freshness(data: Data) -> tuple[Data, Data]:
    sla = data.setdefault("sla", {})
    sla["freshness"] = "< 15 minutes"
    before = copy.deepcopy(data)
    sla["freshness"] = "< 1 hour"
    return before, data


def remove_freshness(data: Data) -> tuple[Data, Data]:
    sla = data.setdefault("sla", {})
    sla.pop("freshness_column", None)
    sla["freshness"] = "< 1 hour"
    before = copy.deepcopy(data)
    del sla["freshness"]
    return before, data


def _dataset_floor(data: Data, floor: int) -> Data:
    check = {"name": "extra_rows", "expression": f"count(*) >= {floor}"}
    data["quality"]["dataset"].append(check)
    return check


def loosen_dataset_check(data: Data) -> tuple[Data, Data]:
    check = _dataset_floor(data, 1000)
    before = copy.deepcopy(data)
    check["expression"] = "count(*) >= 500"
    return before, data


def remove_dataset_check(data: Data) -> tuple[Data, Data]:
    before = copy.deepcopy(data)
    _dataset_floor(before, 1000)
    return before, data


def remove_unique_key(data: Data) -> tuple[Data, Data]:
    _fresh_field(data, {"name": "extra_line", "type": "int"})
    before = copy.deepcopy(data)
    before["quality"]["unique"].append({"columns": ["extra_line"]})
    return before, data


def lower_unique_key_threshold(data: Data) -> tuple[Data, Data]:
    _fresh_field(data, {"name": "extra_line", "type": "int"})
    key = {"columns": ["extra_line"], "threshold": "99.9%"}
    data["quality"]["unique"].append(key)
    before = copy.deepcopy(data)
    key["threshold"] = "99%"
    return before, data


def remove_reference(data: Data) -> tuple[Data, Data]:
    item = _fresh_field(data, {"name": "extra_ref", "type": "string"})
    before = copy.deepcopy(data)
    before["schema"]["fields"][-1]["references"] = "customers.id"
    assert "references" not in item
    return before, data


def _declared(items: list[Data]) -> list[Data]:
    found = []
    for item in items:
        found.append(item)
        found.extend(_declared(item.get("fields") or []))
    return found


WEAKENINGS = (
    remove_required_field,
    add_allowed_value,
    drop_allowed_values,
    lower_min,
    raise_max,
    drop_unique,
    widen_type,
    lower_threshold,
    loosen_expression,
    remove_expectation,
    loosen_freshness,
    remove_freshness,
    loosen_dataset_check,
    remove_dataset_check,
    remove_unique_key,
    lower_unique_key_threshold,
    remove_reference,
)


@st.composite
def weakened(draw: st.DrawFn) -> tuple[Data, Data]:
    """(before, after) where `after` weakens one promise of `before`."""
    data = draw(contracts())
    if draw(st.integers(0, len(WEAKENINGS))) == 0:
        return relax_nullable(data, draw(st.integers(0, 50)))
    return draw(st.sampled_from(WEAKENINGS))(data)


def _breaking_paths(previous: Data, current: Data, mode: str) -> set[str]:
    diff = diff_contracts(contract(previous), contract(current), mode)
    return {f.path for f in diff.findings if f.is_breaking}


# -- laws ------------------------------------------------------------------------------------


@FAST
@given(contracts())
def test_a_contract_against_itself_has_no_findings(data: Data) -> None:
    for mode in MODES:
        diff = diff_contracts(contract(data), contract(data), mode)
        assert diff.findings == ()
        assert diff.version.required == "none"
        assert diff.version.ok


@FAST
@given(contracts(), st.randoms(use_true_random=False))
def test_field_order_is_no_change(data: Data, random: Any) -> None:
    shuffled = copy.deepcopy(data)
    top = shuffled["schema"]["fields"]
    for item in [{"fields": top}, *_declared(top)]:
        if item.get("fields"):
            random.shuffle(item["fields"])
    assert diff_contracts(contract(data), contract(shuffled)).findings == ()


@settings(max_examples=15, deadline=None)
@given(contracts())
def test_generated_contracts_are_valid_files(data: Data) -> None:
    """The strategy stays inside the format: the loader accepts the YAML it stands for."""
    analysis = analyze_text(yaml.safe_dump(data, sort_keys=False))
    assert analysis.ok, [d.message for d in analysis.diagnostics if d.is_error]


@FAST
@given(weakened())
def test_a_forward_break_reversed_is_a_backward_break(pair: tuple[Data, Data]) -> None:
    """For a weakening of one promise (a NOT NULL field removed, nullability relaxed, an
    allowed value added or the constraint dropped, a bound loosened, `unique` dropped, a
    type widened, a threshold lowered, an expression loosened, an expectation removed,
    freshness loosened or removed, a dataset check loosened or removed, a composite key
    removed or its threshold lowered, a reference removed): the change breaks in forward
    mode, and the paths it breaks there are exactly the paths the reverse change (current
    -> previous) breaks in backward mode. It does not hold for every change: a nullable
    field removed breaks forward, but adding it back breaks nothing; an availability raised
    breaks no mode."""
    before, after = pair
    forward = _breaking_paths(before, after, "forward")
    assert forward, "a weakening must break forward"
    assert _breaking_paths(after, before, "backward") == forward


@FAST
@given(contracts(), contracts())
def test_findings_are_deterministic_sorted_and_judged_by_mode(a: Data, b: Data) -> None:
    """Any two contracts: the same input gives the same sorted findings; `full` breaks
    exactly where forward or backward does, and `none` never breaks."""
    first = diff_contracts(contract(a), contract(b), "full")
    again = diff_contracts(contract(a), contract(b), "full")
    assert first.findings == again.findings
    assert list(first.findings) == sorted(first.findings)
    by_mode = {mode: diff_contracts(contract(a), contract(b), mode) for mode in MODES}
    keys = {mode: [(f.rule, f.path, f.line) for f in d.findings] for mode, d in by_mode.items()}
    assert keys["forward"] == keys["backward"] == keys["full"] == keys["none"]

    def breaking(mode: str) -> set[tuple[str, str, int]]:
        return {(f.rule, f.path, f.line) for f in by_mode[mode].findings if f.is_breaking}

    assert breaking("full") == breaking("forward") | breaking("backward")
    assert not breaking("none")


@FAST
@given(weakened())
def test_findings_of_a_change_are_deterministic_and_sorted(pair: tuple[Data, Data]) -> None:
    before, after = pair
    runs = [diff_contracts(contract(before), contract(after), "full") for _ in range(2)]
    assert runs[0].findings == runs[1].findings
    assert list(runs[0].findings) == sorted(runs[0].findings)
    assert runs[0].findings
