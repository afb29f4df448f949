"""Readers of fieldwork, scoped to the user's jurisdiction."""
