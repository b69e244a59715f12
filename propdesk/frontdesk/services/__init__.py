"""Every write of the front desk. One service per business action (STYLE.md)."""

from .desk import (
    desk_take,
    leave_approve,
    leave_reject,
    leave_request,
    leave_return,
    spot_check_record,
    visitor_lookup,
)
from .duty import duty_entry_add, duty_entry_correct, duty_entry_update, duty_log_for_shift
from .handover import (
    HANDOVER_FLOW,
    can_cancel,
    handover_accept,
    handover_answer,
    handover_ask,
    handover_cancel,
    handover_check_set,
    handover_open,
    handover_record_read,
    handover_refuse,
    handover_resolve,
    handover_submit,
    handover_update,
)
from .mail import (
    MAIL_FLOW,
    mail_hand_over,
    mail_register,
    mail_remind_overdue,
    mail_return,
    newspaper_deliver,
)
from .notices import can_resend, mail_channels, mail_code_resend
from .review import record_sign

__all__ = [
    "HANDOVER_FLOW",
    "MAIL_FLOW",
    "can_cancel",
    "can_resend",
    "desk_take",
    "duty_entry_add",
    "duty_entry_correct",
    "duty_entry_update",
    "duty_log_for_shift",
    "handover_accept",
    "handover_answer",
    "handover_ask",
    "handover_cancel",
    "handover_check_set",
    "handover_open",
    "handover_record_read",
    "handover_refuse",
    "handover_resolve",
    "handover_submit",
    "handover_update",
    "leave_approve",
    "leave_reject",
    "leave_request",
    "leave_return",
    "mail_channels",
    "mail_code_resend",
    "mail_hand_over",
    "mail_register",
    "mail_remind_overdue",
    "mail_return",
    "newspaper_deliver",
    "record_sign",
    "spot_check_record",
    "visitor_lookup",
]
