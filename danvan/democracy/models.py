"""Models of democracy (see docs/architecture.md)."""
