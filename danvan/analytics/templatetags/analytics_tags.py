from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def alerts_open_count(context) -> int:
    from danvan.analytics.selectors import alerts_open_count as count

    request = context.get("request")
    return count(request.user) if request is not None else 0
