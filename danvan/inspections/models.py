"""Models of inspections (see docs/architecture.md)."""
