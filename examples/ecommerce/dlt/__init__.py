"""The platform's producers as Databricks DLT pipelines (not run here; see README)."""
