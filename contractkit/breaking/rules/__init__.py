"""Rule families: each module holds small pure functions over a Comparison and their specs."""
