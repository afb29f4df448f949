"""Readers of inspections, scoped to the user's jurisdiction."""
