"""Public portal pages: the reception calendar and the commitments with their dated timeline. Only
published records; no citizen's identity is ever shown."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render

from danvan.core.clock import local_date
from danvan.meetings import selectors
from danvan.meetings.models import Commitment
from danvan.territory.selectors import province_current, provinces_current


def _province(request):
    value = request.GET.get("province", "")
    return province_current(value) if value else None


def calendar(request):
    today = local_date()
    province = _province(request)
    sessions = selectors.public_sessions(
        start=today - timedelta(days=7), end=today + timedelta(days=60), unit_path=province.path if province else ""
    )[:200]
    context = {"sessions": sessions, "provinces": provinces_current(), "province": province, "today": today}
    return render(request, "meetings/public/calendar.html", context)


def commitments(request):
    province = _province(request)
    status = request.GET.get("status", "")
    if status not in Commitment.Status.values:
        status = ""
    items = selectors.public_commitments(unit_path=province.path if province else "", status=status)[:200]
    context = {
        "commitments": items,
        "provinces": provinces_current(),
        "province": province,
        "status": status,
        "statuses": Commitment.Status.choices,
        "today": local_date(),
    }
    return render(request, "meetings/public/commitment_list.html", context)


def commitment(request, public_id):
    try:
        item = selectors.public_commitment(public_id)
    except Commitment.DoesNotExist:
        raise Http404 from None
    context = {
        "commitment": item,
        "updates": item.updates.filter(is_public=True),
        "children": item.children.filter(is_public=True),
        "today": local_date(),
    }
    return render(request, "meetings/public/commitment_detail.html", context)
