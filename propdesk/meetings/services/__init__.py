"""Writes of the meetings app (R-MT-1): every state change goes through these services."""

from .actions import action_add, action_close, action_drop, carry_open_actions  # noqa: F401
from .meetings import (  # noqa: F401
    agenda_item_add,
    decision_add,
    meeting_attendance,
    meeting_cancel,
    meeting_hold,
    meeting_minutes_write,
    meeting_reschedule,
    meeting_return,
    meeting_sign,
    meeting_submit,
)
from .series import series_create, series_plan, series_plan_now, series_sweep  # noqa: F401
