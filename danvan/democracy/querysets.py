from __future__ import annotations

from danvan.core.querysets import JurisdictionQuerySet


class DemocracyQuerySet(JurisdictionQuerySet):
    """Every democracy record hangs off its commune's (or village's) path."""

    jurisdiction_field = "unit_path"
