"""Models of analytics (see docs/architecture.md)."""
