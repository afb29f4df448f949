"""Readers of surveys, scoped to the user's jurisdiction."""
