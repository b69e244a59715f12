"""Template checks of the quality pages: which of the app's links a user may open."""

from django import template

from propdesk.quality.permissions import is_dashboard_reader, is_reader

register = template.Library()


@register.filter
def quality_reader(user) -> bool:
    return is_reader(user)


@register.filter
def dashboard_reader(user) -> bool:
    return is_dashboard_reader(user)
