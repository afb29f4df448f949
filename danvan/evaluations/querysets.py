from __future__ import annotations

from danvan.core.querysets import JurisdictionQuerySet


class CriteriaSetQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"


class RoundQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"  # the reviewing (parent) unit's path


class AssessmentQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"  # the assessed unit's path
