"""The seam between records that hang off units (every app) and the rules about who sees which units
(danvan.accounts). Accounts registers its resolver when Django starts; core and the apps below accounts
(territory, organizations) can then offer ``visible_to`` without importing accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_resolver: Callable[[Any, Any], list[str]] | None = None


def register_jurisdiction_resolver(resolver: Callable[[Any, Any], list[str]]) -> None:
    global _resolver
    _resolver = resolver


def jurisdiction_paths_for(user: Any, perm: Any) -> list[str]:
    """Unit paths under which ``user`` holds ``perm`` today. Empty (sees nothing) for anonymous users."""
    if _resolver is None:
        raise RuntimeError("danvan.accounts is not installed: no jurisdiction resolver registered")
    return _resolver(user, perm)
