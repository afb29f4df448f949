"""Demo data for fieldwork."""


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    return ""
