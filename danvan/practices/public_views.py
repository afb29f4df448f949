"""Public portal pages: the showcase of recognised "Dân vận khéo" models, the commendations page, and the
outreach news with its RSS and Atom feeds. Nothing unrecognised and no draft ever appears here."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from danvan.practices import selectors
from danvan.practices.forms import ShowcaseFilterForm
from danvan.practices.models import NewsItem, Practice

SHOWCASE_PAGE_SIZE = 12
NEWS_PAGE_SIZE = 10


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def showcase(request):
    provinces = selectors.showcase_provinces()
    form = ShowcaseFilterForm(request.GET or None, provinces=provinces)
    filters = selectors.ShowcaseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ShowcaseFilters(
            q=data["q"], field=data["field"], province=data["province"], level=data["level"]
        )
    page = Paginator(selectors.showcase(filters), SHOWCASE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/public/showcase.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "filtered": any((filters.q, filters.field, filters.province, filters.level)),
        },
    )


def showcase_detail(request, public_id):
    try:
        practice = selectors.showcase_practice(public_id)
    except Practice.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "practices/public/showcase_detail.html",
        {
            "practice": practice,
            "results": list(practice.results.all()),
            "commendations": list(practice.commendations.all()),
            "replications": list(practice.replications.select_related("unit", "unit__parent")),
        },
    )


def commendations(request):
    return render(
        request,
        "practices/public/commendations.html",
        {"commendations": selectors.commended_practices(), "replicated": selectors.most_replicated()},
    )


def news_list(request):
    queryset = selectors.news_published()
    category = request.GET.get("chuyen-muc", "")
    if category in NewsItem.Category.values:
        queryset = queryset.filter(category=category)
    else:
        category = ""
    page = Paginator(queryset, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/public/news_list.html",
        {
            "page": page,
            "categories": NewsItem.Category.choices,
            "category": category,
            "querystring": _querystring(request),
        },
    )


def news_detail(request, public_id):
    item = selectors.news_published().filter(public_id=public_id).first()
    if item is None:
        raise Http404
    return render(request, "practices/public/news_detail.html", {"item": item})
