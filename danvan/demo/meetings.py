"""Demo data for meetings."""


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    return ""
