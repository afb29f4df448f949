"""Models of practices (see docs/architecture.md)."""
