"""Every write of the service app. Views, the API and the sweep call these."""

from .incidents import incident_close, incident_note, incident_report, incident_take
from .promises import (
    promise_cancel,
    promise_flag_overdue,
    promise_keep,
    promise_make,
    promise_reassign,
    promise_remind,
    promise_sweep,
)

__all__ = [
    "incident_close",
    "incident_note",
    "incident_report",
    "incident_take",
    "promise_cancel",
    "promise_flag_overdue",
    "promise_keep",
    "promise_make",
    "promise_reassign",
    "promise_remind",
    "promise_sweep",
]
