"""Models of meetings (see docs/architecture.md)."""
