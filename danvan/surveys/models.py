"""Models of surveys (see docs/architecture.md)."""
