"""Writers of meetings: the only code that changes its records."""
