from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value, digits=1):
    """A share 0–1 as a percentage with a Vietnamese decimal comma ("85,5"); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return floatformat(100 * float(value), int(digits))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
