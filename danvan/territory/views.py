"""The unit browser: public, since administrative geography is public information."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from danvan.territory import selectors
from danvan.territory.models import AdministrativeUnit


def unit_browse(request):
    query = request.GET.get("q", "").strip()[:100]
    context = {"query": query}
    if query:
        context["results"] = selectors.units_search(query)
    else:
        context["provinces"] = selectors.provinces_current()
    return render(request, "territory/unit_browse.html", context)


def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_detail(pk)
    except AdministrativeUnit.DoesNotExist:
        raise Http404 from None
    return render(request, "territory/unit_detail.html", {"unit": unit, "children": selectors.unit_children(unit)})
