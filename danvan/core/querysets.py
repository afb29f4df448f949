from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar, Self

from django.db import models
from django.db.models import Q


class JurisdictionQuerySet(models.QuerySet):
    """Base for every record that hangs off an administrative unit.

    Subclasses name the column holding the unit path (``jurisdiction_field``). ``visible_to`` is the one
    way to read such records for a user; it is attached by danvan.accounts (``scope_for_user``) so that
    core does not depend on accounts.
    """

    jurisdiction_field: ClassVar[str] = "unit_path"

    def in_paths(self, paths: Collection[str]) -> Self:
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{self.jurisdiction_field}__under": path})
        return self.filter(condition)

    def visible_to(self, user, perm) -> Self:
        from danvan.core.scoping import jurisdiction_paths_for

        return self.in_paths(jurisdiction_paths_for(user, perm))
