"""Helpers shared by the service writes."""

from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import InvalidInput


def require_text(value: str, field: str, message, max_len: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, fields={field: message})
    return value[:max_len]


def require_choice(value: str, choices, field: str) -> str:
    if value not in choices:
        msg = _("Choose one of the offered values.")
        raise InvalidInput(msg, fields={field: msg})
    return value
