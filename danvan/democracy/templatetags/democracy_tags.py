from django import template

from danvan.core.clock import local_date
from danvan.democracy.selectors import desk_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def democracy_desk_counts(context):
    """The desk card's figures for the signed-in officer (scoped like every other read)."""
    return desk_counts(context["request"].user, today=local_date())
