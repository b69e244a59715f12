"""A request's state in the resident's words."""

from django import template

from propdesk.portal.selectors import STATE_BADGES, state_words

register = template.Library()


@register.filter
def portal_state(ticket) -> str:
    return state_words(ticket)


@register.filter
def portal_badge(code: str) -> str:
    return STATE_BADGES.get(code, "text-bg-secondary")
