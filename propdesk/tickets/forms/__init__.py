"""Forms of the ticket pages: they validate input and resolve ids within the user's scope."""

from .actions import ACTION_FORMS, AttachmentForm, CorrectionForm
from .intake import IntakeForm, TicketFieldsMixin
from .lists import ContactFilterForm, TicketFilterForm
from .tasks import TaskAssignForm, TaskNoteForm

__all__ = [
    "ACTION_FORMS",
    "AttachmentForm",
    "ContactFilterForm",
    "CorrectionForm",
    "IntakeForm",
    "TaskAssignForm",
    "TaskNoteForm",
    "TicketFieldsMixin",
    "TicketFilterForm",
]
