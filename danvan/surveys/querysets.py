from __future__ import annotations

from danvan.core.querysets import JurisdictionQuerySet


class SurveyQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"
