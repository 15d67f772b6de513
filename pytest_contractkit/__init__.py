"""pytest --contracts: schema, quality and freshness tests generated from data contracts."""
