"""Helpers shared by the service writes."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import InvalidInput
from propdesk.core.text import optional_text, require_text  # noqa: F401 (the app's writes)


def require_choice(value: str, choices, field: str) -> str:
    if value not in choices:
        msg = _("Choose one of the offered values.")
        raise InvalidInput(msg, fields={field: msg})
    return value


def recipients_language():
    """Notifications are stored as rendered text, so they are written in the recipients' language
    (the product language, Chinese by default), not in the language of whoever caused them — a
    sweep or a worker has no request language at all."""
    return translation.override(settings.LANGUAGE_CODE)
