from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Self

from django.db import models
from django.db.models import Q

from danvan.core.text import fold


class UnitQuerySet(models.QuerySet):
    def current(self) -> Self:
        return self.filter(valid_to__isnull=True)

    def historical(self) -> Self:
        return self.filter(valid_to__isnull=False)

    def valid_on(self, day: date) -> Self:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def under_paths(self, paths: Collection[str]) -> Self:
        """Units inside any of the given subtrees (each path includes its own unit)."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__under=path)
        return self.filter(condition)

    def search(self, query: str) -> Self:
        """Diacritic-insensitive: "thanh hoa" finds "Thanh Hóa" (and "Thanh Hoá")."""
        folded = fold(query)
        if not folded:
            return self
        return self.filter(name_folded__contains=folded)
