"""Readers of democracy, scoped to the user's jurisdiction."""
