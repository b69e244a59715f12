"""Domain exceptions raised by services; views and the API turn them into clear messages."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: `code` is stable English, `message` is shown to the user, `fields` per input."""

    status = 400
    default_code = "invalid"
    default_message = _("The request is not valid.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.fields = fields or {}
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status = 400
    default_code = "invalid"


class NotAllowed(DomainError):
    status = 403
    default_code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    default_code = "conflict"
    default_message = _("The record has changed or is in a state that does not allow this.")
