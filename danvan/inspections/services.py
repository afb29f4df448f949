"""Writers of inspections: the only code that changes its records."""
