"""`contractkit generate`: golden modules, determinism, --check, injection, no JVM."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.codegen import GenerateError, compare, plan
from contractkit.codegen.ddl import ddl, exact
from contractkit.codegen.python_module import module_name
from contractkit.codegen.style import Style, configured_style
from contractkit.derived import expectations
from contractkit.loader import load, load_string
from contractkit.types import format_type, parse_type

HERE = Path(__file__).parent
CONTRACTS = HERE / "contracts"
GOLDEN = HERE / "golden"
INJECTION = HERE / "injection"
ROOT = HERE.parent.parent
INSTALLED = shutil.which("contractkit") is not None
RUFF = shutil.which("ruff")
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,PT,C4,PIE,RET"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _contracts(directory: Path) -> list[Any]:
    return [load(path) for path in sorted(directory.glob("*.yaml"))]


# -- golden files and the committed examples ----------------------------------------------


def test_golden_modules_are_current() -> None:
    """Set CONTRACTKIT_UPDATE_GOLDEN=1 to rewrite them after a deliberate change."""
    if os.environ.get("CONTRACTKIT_UPDATE_GOLDEN"):
        assert _run("generate", str(CONTRACTS), "--out", str(GOLDEN))[0] == 0
    differences = compare(plan(_contracts(CONTRACTS), str(GOLDEN)), str(GOLDEN))
    assert [d.describe(str(GOLDEN)) for d in differences] == []


@pytest.mark.skipif(not INSTALLED, reason="contractkit is not installed")
def test_committed_examples_are_current_per_the_installed_command() -> None:
    result = subprocess.run(
        ["contractkit", "generate", "contracts/", "--out", "examples/generated", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "6 generated files in examples/generated up to date.\n"


def test_generated_modules_hold_what_the_contract_says(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark.sql.types")
    monkeypatch.syspath_prepend(str(ROOT))
    for contract in _contracts(ROOT / "contracts"):
        module = importlib.import_module(f"examples.generated.{module_name(contract.name)}")
        assert contract.name == module.CONTRACT_NAME
        assert contract.version == module.CONTRACT_VERSION
        assert ddl(contract.struct_type()) == module.DDL
        assert expectations(contract) == module.EXPECTATIONS
        assert expectations(contract, "warn") == module.EXPECT
        assert expectations(contract, "drop") == module.EXPECT_OR_DROP
        assert expectations(contract, "fail") == module.EXPECT_OR_FAIL
        assert {**module.EXPECT, **module.EXPECT_OR_DROP, **module.EXPECT_OR_FAIL} == (
            module.EXPECTATIONS
        )
        assert list(module.THRESHOLDS) == list(module.EXPECTATIONS)
        assert all(isinstance(v, float) and 0 <= v <= 1 for v in module.THRESHOLDS.values())
        public = {name for name in vars(module) if not name.startswith("_")}
        constants = {"CONTRACT_NAME", "CONTRACT_VERSION", "SCHEMA", "DDL_COLUMNS", "DDL"}
        constants |= {"EXPECTATIONS", "EXPECT", "EXPECT_OR_DROP", "EXPECT_OR_FAIL", "QUARANTINE"}
        constants |= {"THRESHOLDS", "UNIQUE", "PRIMARY_KEY", "FRESHNESS", "WARN_THRESHOLDS"}
        constants |= {"UNIQUE_KEYS", "REFERENCES", "DATASET_CHECKS", "DATASET_EXPECT"}
        constants |= {"DATASET_EXPECT_OR_FAIL"}
        modules = {n for n in public if isinstance(getattr(module, n), type(importlib))}
        assert {n for n in public if n.isupper()} - modules == constants  # F: functions
        assert not any(callable(getattr(module, n)) for n in constants - {"SCHEMA"})
        checks = {c.name: c.expression for c in contract.quality.dataset}
        assert checks == module.DATASET_CHECKS
        assert {**module.DATASET_EXPECT, **module.DATASET_EXPECT_OR_FAIL}.keys() == checks.keys()
        assert callable(getattr(module, "dataset_checks", None)) == bool(checks)
        assert [k["columns"] for k in module.UNIQUE_KEYS] == [
            tuple(k.columns) for k in contract.quality.unique
        ]
    package = importlib.import_module("examples.generated")
    assert package.CONTRACTS["silver_orders"] == "silver_orders"


def test_reference_only_constraints(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark.sql.types")
    monkeypatch.syspath_prepend(str(ROOT))
    customers = importlib.import_module("examples.generated.silver_customers")
    assert customers.UNIQUE == ("customer_id",)
    assert customers.PRIMARY_KEY == ("customer_id",)
    assert customers.FRESHNESS == {
        "max_age": "< 15 minutes",
        "seconds": 900,
        "strict": True,
        "column": "updated_at",
        "warn_max_age": "< 10 minutes",
        "warn_seconds": 600,
        "warn_strict": True,
    }
    orders = importlib.import_module("examples.generated.silver_orders")
    assert orders.PRIMARY_KEY is None
    assert orders.FRESHNESS == {
        "max_age": "< 15 minutes",
        "seconds": 900,
        "strict": True,
        "column": None,
        "warn_max_age": None,
        "warn_seconds": None,
        "warn_strict": None,
    }


# -- determinism --------------------------------------------------------------------------


@pytest.mark.skipif(not INSTALLED, reason="contractkit is not installed")
def test_same_input_same_bytes_from_anywhere(tmp_path: Path) -> None:
    """Different hash seeds, working directories and path spellings give identical files."""
    out = tmp_path / "out"
    runs = [
        (ROOT, ["contracts", str(CONTRACTS)], "0"),
        (tmp_path, [str(ROOT / "contracts") + "/", str(CONTRACTS)], "12345"),
    ]
    outputs = []
    for cwd, paths, seed in runs:
        if out.exists():
            shutil.rmtree(out)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            ["contractkit", "generate", *paths, "--out", str(out)], cwd=cwd, env=env, check=True
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 8  # 5 + 2 contracts and __init__.py


# -- --check and writing ------------------------------------------------------------------


def test_check_fails_on_missing_stale_and_extra_modules(tmp_path: Path) -> None:
    contracts = str(ROOT / "contracts")
    out = tmp_path / "gen"
    code, output = _run("generate", contracts, "--out", str(out), "--check")
    assert code == 1
    assert f"missing: {out / 'silver_orders.py'} (from {contracts}/silver_orders.yaml)" in output
    assert _run("generate", contracts, "--out", str(out))[0] == 0
    assert _run("generate", contracts, "--out", str(out), "--check") == (
        0,
        f"6 generated files in {out} up to date.\n",
    )
    stale = out / "silver_orders.py"
    stale.write_text(stale.read_text().replace("0.999", "0.99"))  # a hand edit
    (out / "notes.py").write_text("# hand-written, not ours\n")
    extra = out / "old_orders.py"
    shutil.copy(out / "bronze_orders.py", extra)  # a contract that is gone
    code, output = _run("generate", contracts, "--out", str(out), "--check")
    assert code == 1
    assert output.splitlines() == [
        f"extra: {extra} (generated, but no contract gives it any more)",
        f"stale: {stale} (differs from what {contracts}/silver_orders.yaml gives)",
        f"2 generated files out of date; run `contractkit generate {contracts} --out {out}`.",
    ]
    code, output = _run("generate", contracts, "--out", str(out))
    assert code == 0
    assert output.splitlines() == [
        f"removed {extra}",
        f"wrote {stale}",
        "5 contracts: 1 written, 5 unchanged, 1 removed.",
    ]
    assert not extra.exists()
    assert (out / "notes.py").read_text() == "# hand-written, not ours\n"
    assert _run("generate", contracts, "--out", str(out), "--check")[0] == 0


@pytest.mark.skipif(not INSTALLED, reason="contractkit is not installed")
def test_check_exit_codes_of_the_installed_command(tmp_path: Path) -> None:
    command = ["contractkit", "generate", str(ROOT / "contracts"), "--out", str(tmp_path)]
    assert subprocess.run([*command, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert subprocess.run([*command, "--check"], capture_output=True).returncode == 0


def test_invalid_contracts_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "malformed" / "11_unknown_column.yaml"
    code, output = _run("generate", str(ROOT / "contracts"), str(bad), "--out", str(tmp_path))
    assert code == 2
    assert "unknown column 'amout'; did you mean 'amount'? [invalid-expression]" in output
    assert "1 contract checked: 0 valid, 1 invalid" in output
    assert "Nothing generated" in output
    assert list(tmp_path.iterdir()) == []


def test_contracts_that_would_share_a_module_are_refused(tmp_path: Path) -> None:
    text = (ROOT / "contracts" / "silver_orders.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text.replace("name: silver_orders", "name: silver-orders"))
    (tmp_path / "b.yaml").write_text(text)
    code, output = _run("generate", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "would both be generated as silver_orders.py" in output
    with pytest.raises(GenerateError):
        plan(_contracts(tmp_path), str(tmp_path / "out"))


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run("generate", str(ROOT / "contracts"))[0] == 2  # no --out
    assert _run("generate", str(tmp_path / "missing.yaml"), "--out", str(tmp_path))[0] == 2
    assert _run("generate", str(tmp_path), "--out", str(tmp_path / "x"))[0] == 2  # no contracts
    assert _run("generate", str(ROOT / "contracts"), "--out", "x", "--line-length", "5")[0] == 2


@pytest.mark.skipif(not INSTALLED, reason="contractkit is not installed")
def test_generation_loads_neither_pyspark_nor_a_jvm(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from contractkit.cli import main\n"
        "code = main(['generate', sys.argv[1], '--out', sys.argv[2]], standalone_mode=False)\n"
        "roots = {'pyspark', 'py4j', 'pandas'}\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in roots))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT / "contracts"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout
    assert len(list(tmp_path.glob("*.py"))) == 6


# -- injection ----------------------------------------------------------------------------

_DUMP = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
def fields(struct):
    return [
        [f.name, f.metadata.get("comment"),
         fields(f.dataType) if hasattr(f.dataType, "fields") else None]
        for f in struct.fields
    ]
print(json.dumps({
    "fields": fields(module.SCHEMA),
    "ddl": module.DDL,
    "expectations": module.EXPECTATIONS,
    "drop": module.EXPECT_OR_DROP,
}))
"""


def _field_texts(struct: Any) -> list[Any]:
    from contractkit.types import StructType

    return [
        [f.name, f.comment, _field_texts(f.type) if isinstance(f.type, StructType) else None]
        for f in struct.fields
    ]


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    """Quotes, triple quotes, backslashes, newlines, control characters and Python code in
    names, descriptions and expressions: the modules import without side effects and hold
    exactly the contract's text."""
    pytest.importorskip("pyspark.sql.types")
    package = tmp_path / "hostile"
    assert _run("generate", str(INJECTION), "--out", str(package))[0] == 0
    for contract in _contracts(INJECTION):
        module = f"hostile.{module_name(contract.name)}"
        result = subprocess.run(
            [sys.executable, "-c", _DUMP, module],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert found["fields"] == _field_texts(contract.struct_type())
        assert found["ddl"] == ddl(contract.struct_type())
        assert found["expectations"] == expectations(contract)
        assert found["drop"] == expectations(contract, "drop")
    assert not list(tmp_path.rglob("PWNED"))
    assert not (ROOT / "PWNED").exists()


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_output_is_ruff_clean_under_default_and_project_settings(tmp_path: Path) -> None:
    plain = tmp_path / "plain" / "gen"  # no configuration: ruff's defaults
    assert _run("generate", str(CONTRACTS), str(INJECTION), "--out", str(plain))[0] == 0
    assert "noqa" not in (plain / "every_feature_v1.py").read_text()
    project = tmp_path / "project"
    project.mkdir()
    rules = ", ".join(f'"{rule}"' for rule in RUFF_RULES.split(","))
    (project / "pyproject.toml").write_text(
        f"[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = [{rules}]\n"
    )
    configured = project / "gen"
    assert _run("generate", str(CONTRACTS), str(INJECTION), "--out", str(configured))[0] == 0
    assert "# ruff: noqa: E501" in (configured / "every_feature_v1.py").read_text()
    assert RUFF is not None
    for args in (
        ["check", "--isolated", str(plain)],
        ["check", "--isolated", "--select", RUFF_RULES, "--ignore", "E501", str(plain)],
        ["format", "--isolated", "--check", str(plain)],
        ["check", str(configured)],
        ["format", "--check", str(configured)],
    ):
        result = subprocess.run([RUFF, *args], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, " ".join(args) + "\n" + result.stdout + result.stderr


# -- pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("silver_orders", "silver_orders"),
        ("every-feature.v1", "every_feature_v1"),
        ("class", "class_"),
        ("__init__", "__init___"),
        ("_x", "_x"),
    ],
)
def test_module_names(name: str, module: str) -> None:
    assert module_name(name) == module


def test_style_follows_the_project_configuration(tmp_path: Path) -> None:
    assert configured_style(str(tmp_path / "a" / "b")) == Style(88, None)
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 79\n")
    assert configured_style(str(tmp_path / "a")) == Style(79, None)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ruff.toml").write_text('line-length = 120\n[lint]\nselect = ["E"]\n')
    assert configured_style(str(tmp_path / "a" / "gen")) == Style(120, 120)
    (tmp_path / "a" / "ruff.toml").write_text(
        '[lint]\nselect = ["ALL"]\nignore = ["E501"]\n[lint.pycodestyle]\nmax-line-length = 99\n'
    )
    assert configured_style(str(tmp_path / "a")) == Style(88, None)
    (tmp_path / "a" / "ruff.toml").write_text('[lint]\nextend-select = ["E501"]\nignore = ["E"]\n')
    assert configured_style(str(tmp_path / "a"), line_length=100) == Style(100, 100)
    assert configured_style(str(ROOT / "examples" / "generated")) == Style(100, 100)


def test_ddl_reads_back_to_the_schema() -> None:
    """contractkit's type parser follows Spark's grammar; Spark itself checks DDL in the
    Spark tests."""
    for contract in [
        *_contracts(CONTRACTS),
        *_contracts(INJECTION),
        *_contracts(ROOT / "contracts"),
    ]:
        struct = contract.struct_type()
        parsed = parse_type(f"struct<{ddl(struct)}>")
        if exact(struct):
            assert format_type(parsed) == format_type(struct)
        else:
            assert format_type(parsed) == format_type(struct).replace(" NOT NULL>", ">")


def test_thresholds_are_floats_of_the_exact_fractions() -> None:
    text = (CONTRACTS / "every_feature.yaml").read_text()
    contract = load_string(text)
    [module] = [f for f in plan([contract], "out") if f.name == "every_feature_v1.py"]
    assert '"positive_amount": 0.995,' in module.text
    assert '"odd name: with \\"quotes\\"": 0.999999,' in module.text or (
        "'odd name: with \"quotes\"': 0.999999," in module.text
    )
