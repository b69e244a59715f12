"""Small template helpers of the survey pages."""

from django import template

from ..results import LEVEL_WORDS

register = template.Library()


@register.filter
def qkey(pk) -> str:
    """The form field of a question: `q<id>`."""
    return f"q{pk}"


@register.filter
def getval(mapping, key):
    """`mapping[key]` (a QueryDict's last value), or ''."""
    if not mapping or not hasattr(mapping, "get"):
        return ""
    return mapping.get(key, "")


@register.simple_tag
def level_choices():
    return [(v, str(LEVEL_WORDS[v])) for v in (5, 4, 3, 2, 1)]


@register.filter
def survey_event(code) -> str:
    """The words for a survey's timeline event."""
    from propdesk.core.eventlabels import event_label

    return event_label(code, "surveys")
