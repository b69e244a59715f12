"""Helpers shared by the writes of the records and meetings apps."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict
from propdesk.core.statemachine import StateMachine, transition_apply
from propdesk.core.text import optional_text, require_text  # noqa: F401 (the apps' writes)


def recipients_language():
    """Notifications are stored as rendered text: write them in the product language."""
    return translation.override(settings.LANGUAGE_CODE)


def check_state(obj, machine: StateMachine, action: str, actor) -> None:
    """The state machine's check, with the state named by its label, never its code."""
    try:
        machine.check(action=action, state=obj.state, user=actor)
    except Conflict:
        raise Conflict(
            _("This cannot be done now: the record is “%(state)s”.")
            % {"state": obj.get_state_display()},
            code="wrong_state",
        ) from None


def apply(obj, machine: StateMachine, action: str, actor, **kwargs):
    """`transition_apply` after a check that names the state by its label."""
    check_state(obj, machine, action, actor)
    return transition_apply(obj=obj, machine=machine, action=action, actor=actor, **kwargs)


def document_url(document) -> str:
    from django.urls import reverse

    return reverse("records:document-detail", args=[document.pk])


def add_months(day, months: int):
    """`day` plus whole months, clipped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
