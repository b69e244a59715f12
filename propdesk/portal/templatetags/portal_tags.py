"""A request's state in the resident's words."""

from django import template

from propdesk.portal.selectors import STATE_BADGES, STATE_WORDS

register = template.Library()


@register.filter
def portal_state(code: str) -> str:
    return str(STATE_WORDS.get(code, ""))


@register.filter
def portal_badge(code: str) -> str:
    return STATE_BADGES.get(code, "text-bg-secondary")
