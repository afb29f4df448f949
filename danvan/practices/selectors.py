"""Readers of practices, scoped to the user's jurisdiction."""
