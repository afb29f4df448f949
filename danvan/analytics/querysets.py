from __future__ import annotations

from danvan.core.querysets import JurisdictionQuerySet


class AlertQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def open(self):
        return self.exclude(status="closed")
