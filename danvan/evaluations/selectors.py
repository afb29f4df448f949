"""Readers of evaluations, scoped to the user's jurisdiction."""
