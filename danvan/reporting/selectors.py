"""Readers of reporting, scoped to the user's jurisdiction."""
