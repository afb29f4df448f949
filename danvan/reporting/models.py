"""Models of reporting (see docs/architecture.md)."""
