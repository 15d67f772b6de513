"""`contractkit lint`: every finding about a contract file, as codes kept in one registry.

    codes.py        the registry: one record per code (summary, severity, fix, example)
    check.py        runs the semantic checks (checker.py: what they report through);
                    each family in its own module:
    fields.py       fields, types and constraints
    expectations.py expectation expressions and names
    dataset.py      dataset checks, composite keys, warn levels
    references.py   primary_key, uses, freshness_column: names that must resolve
    changelog.py    changelog and versions
    servers.py      servers
    names.py        names without control or invisible characters (every family's names)
    salvage.py      every problem at once: the valid parts of a structurally invalid file
    selection.py    --select / --ignore, [tool.contractkit.lint], inline ignore comments
    docs.py         docs/lint/ generated from the registry

This package's __init__ imports nothing: the YAML reader below the model takes its codes
from codes.py, and must not pull the checks (which import the model) in with them.
"""
