from __future__ import annotations

from datetime import date

from django.db import transaction

from danvan.documents.models import NumberSequence
from danvan.organizations.models import Organization, OrganizationKind


def number_period(organization: Organization, issued_on: date) -> str:
    """State documents are numbered per calendar year; Party documents per term (set as data later;
    until then the term is approximated by the year in which the current five-year term began)."""
    if organization.kind.family == OrganizationKind.Family.PARTY:
        term_start = 2025 if issued_on.year >= 2025 else 2020
        return f"NK{term_start}-{term_start + 5}"
    return str(issued_on.year)


@transaction.atomic
def document_number_next(*, organization: Organization, issued_on: date) -> str:
    """The next number in the issuer's register, under a row lock so two signers never share one."""
    period = number_period(organization, issued_on)
    NumberSequence.objects.get_or_create(organization=organization, period=period)
    sequence = NumberSequence.objects.select_for_update().get(organization=organization, period=period)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{sequence.last_number:02d}"
