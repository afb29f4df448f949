"""Readers of analytics, scoped to the user's jurisdiction."""
