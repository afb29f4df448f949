from __future__ import annotations

from danvan.core.querysets import JurisdictionQuerySet


class OrganizationQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def current(self):
        return self.filter(valid_to__isnull=True)
