#!/usr/bin/env python
"""Same as the ``danvan`` console script, for people used to ``python manage.py``."""

from danvan.manage import main

if __name__ == "__main__":
    main()
