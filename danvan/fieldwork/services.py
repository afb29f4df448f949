"""Writers of fieldwork: the only code that changes its records."""
