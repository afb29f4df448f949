"""Demo data for `make run`: the real units, two provinces' organisations, one persona per role."""
