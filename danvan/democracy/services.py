"""Writers of democracy: the only code that changes its records."""
