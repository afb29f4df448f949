"""Writers of practices: the only code that changes its records."""
