"""The officer side's URLs, found by walking the URL configuration, so tests cover pages any app adds."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

OFFICER_PREFIXES = ("lam-viec/", "api/v1/")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def officer_paths() -> list[str]:
    """Officer URLs without parameters, as paths ("lam-viec/don/", …)."""
    paths = set()
    for raw in _walk(get_resolver().url_patterns):
        path = raw.lstrip("^").rstrip("$").replace("\\Z", "")
        if not path.startswith(OFFICER_PREFIXES) or "<" in path or "(" in path or "\\" in path:
            continue
        paths.add(path)
    return sorted(paths)
