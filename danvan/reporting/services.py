"""Writers of reporting: the only code that changes its records."""
