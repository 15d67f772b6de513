"""Where a contract's data is (contractkit.datalocation): pure, no Spark."""

from __future__ import annotations

from pathlib import Path

import pytest

import contractkit
from contractkit.datalocation import Bindings, Location, resolve
from contractkit.errors import DataLocationError
from contractkit.pyproject import find_pyproject

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: string}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: data/orders.csv, format: csv, options: {sep: ";"}}
  - {server: prod, type: table, table: cat.db.orders}
"""


@pytest.fixture
def contract(tmp_path: Path) -> contractkit.Contract:
    path = tmp_path / "contracts" / "orders.yaml"
    path.parent.mkdir()
    path.write_text(CONTRACT)
    return contractkit.load(path)


def test_explicit_path_or_table_comes_first(contract: contractkit.Contract) -> None:
    assert resolve(contract, path="x", server="local") == Location("path", "x", "parquet")
    assert resolve(contract, table="t", options={"a": "1"}) == Location(
        "table", "t", options={"a": "1"}
    )


def test_server_paths_start_at_the_contract_and_options_add_up(
    contract: contractkit.Contract, tmp_path: Path
) -> None:
    found = resolve(contract, server="local", options={"header": "false"})
    assert found.target == str(tmp_path / "contracts" / "data" / "orders.csv")
    assert found.options == {"sep": ";", "header": "false"}
    assert found.reader_options() == {"header": "false", "sep": ";"}
    assert resolve(contract, server="local").reader_options() == {"header": "true", "sep": ";"}
    assert found.describe() == f"{found.target} (server local)"
    assert resolve(contract, server="prod").describe() == "table cat.db.orders (server prod)"


def test_bindings_win_and_start_at_their_pyproject(
    contract: contractkit.Contract, tmp_path: Path
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.contractkit.bindings.local]\n"
        'orders = {path = "elsewhere", format = "json", options = {multiLine = true}}\n'
        "[tool.contractkit.bindings.qa]\n"
        'orders = "qa.orders"\n'
    )
    assert find_pyproject(str(tmp_path / "contracts")) == str(pyproject)
    bindings = Bindings.from_pyproject(str(pyproject))
    bound = resolve(contract, server="local", bindings=bindings)
    assert (bound.kind, bound.target, bound.data_format) == (
        "path",
        str(tmp_path / "elsewhere"),
        "json",
    )
    assert bound.options == {"multiLine": "true"}
    assert resolve(contract, server="qa", bindings=bindings).target == "qa.orders"


def test_no_location_says_which_servers_exist(contract: contractkit.Contract) -> None:
    with pytest.raises(DataLocationError) as unknown:
        resolve(contract, server="nope")
    assert str(unknown.value) == (
        "contract 'orders' has no server 'nope' and no binding for it (servers: local, prod)"
    )
    with pytest.raises(DataLocationError, match=r"several servers.*\(servers: local, prod\)"):
        resolve(contract)


def test_a_malformed_binding_names_the_file_and_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.contractkit.bindings.local]\norders = 3\n")
    with pytest.raises(DataLocationError) as error:
        Bindings.from_pyproject(str(pyproject))
    assert str(error.value) == (
        f"{pyproject} [tool.contractkit.bindings.local]: a binding is a table name or "
        "{path = ..., format = ...}, got 3"
    )


def test_every_public_error_is_one_tree_exported_from_the_root() -> None:
    from contractkit import errors

    for name in errors.__all__:
        error = getattr(contractkit, name)
        # ContractWarning is the one warning beside the tree: a miss that does not fail.
        base = Warning if name == "ContractWarning" else contractkit.ContractKitError
        assert issubclass(error, base), name
        assert name in (errors.__doc__ or ""), f"{name} is not drawn in the tree"
