"""Readers of meetings, scoped to the user's jurisdiction."""
