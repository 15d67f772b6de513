"""Contracts for other readers: a JSON Schema of one record (`jsonschema`), and human
documentation as Markdown or HTML (`document`). Pure and deterministic."""
