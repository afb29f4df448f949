"""Writers of evaluations: the only code that changes its records."""
