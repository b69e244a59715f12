"""Every write of the tickets app. Views, the API, commands and tasks call these."""

from ..major import ticket_flag_major, ticket_major_signoff
from .callback import ticket_callback, ticket_close
from .flow import (
    ticket_accept,
    ticket_agree_price,
    ticket_answer,
    ticket_cancel,
    ticket_clear_escalation,
    ticket_dispatch,
    ticket_escalate,
    ticket_handle,
    ticket_invalidate,
    ticket_merge,
    ticket_pause,
    ticket_resume,
    ticket_send_back,
    ticket_start,
    ticket_transfer,
    ticket_urge,
)
from .intake import (
    contact_answer,
    contact_link_ticket,
    contact_record_only,
    contact_register,
    ticket_open,
)
from .reclassify import ticket_reclassify
from .records import ticket_attach, ticket_correct
from .resident import ticket_rate, ticket_resident_note, ticket_resident_urge, ticket_withdraw
from .tasks import task_assign, task_cancel, task_complete

__all__ = [
    "ticket_attach",
    "ticket_correct",
    "ticket_flag_major",
    "ticket_major_signoff",
    "ticket_reclassify",
    "contact_answer",
    "contact_link_ticket",
    "contact_record_only",
    "contact_register",
    "task_assign",
    "task_cancel",
    "task_complete",
    "ticket_accept",
    "ticket_agree_price",
    "ticket_answer",
    "ticket_callback",
    "ticket_cancel",
    "ticket_clear_escalation",
    "ticket_close",
    "ticket_dispatch",
    "ticket_escalate",
    "ticket_handle",
    "ticket_invalidate",
    "ticket_merge",
    "ticket_open",
    "ticket_pause",
    "ticket_resume",
    "ticket_send_back",
    "ticket_start",
    "ticket_transfer",
    "ticket_urge",
    "ticket_rate",
    "ticket_resident_note",
    "ticket_resident_urge",
    "ticket_withdraw",
]
