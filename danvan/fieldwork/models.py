"""Models of fieldwork (see docs/architecture.md)."""
