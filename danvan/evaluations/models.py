"""Models of evaluations (see docs/architecture.md)."""
