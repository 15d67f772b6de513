"""The seed guide's e-commerce platform (case study 12.1), runnable on local files."""
