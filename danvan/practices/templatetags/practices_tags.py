from django import template

from danvan.practices.selectors import practice_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_desk_counts(context) -> dict[str, int]:
    return practice_counts(context["request"].user)
