"""Renderers of findings for people (text), machines (json) and CI (github annotations)."""
