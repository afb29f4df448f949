"""Writers of surveys: the only code that changes its records."""
