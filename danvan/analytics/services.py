"""Writers of analytics: the only code that changes its records."""
