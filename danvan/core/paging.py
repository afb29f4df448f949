"""Pages of a long list read ids first ("deferred join").

A province's worklist sorted newest first, at a million cases, matches ~50,000 rows. Asking for the first 25
full rows makes the database fetch and sort all 50,000 of them; asking for their 25 ids lets it sort small
index entries (``case_scope_received_idx`` covers path and date), then fetch 25 rows by primary key. Same
rows, same order, two short queries instead of one long one.
"""

from __future__ import annotations

from django.db.models import QuerySet


class IdsFirst:
    """A queryset seen as a sequence whose slices are fetched ids first; hand it to Django's Paginator."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
