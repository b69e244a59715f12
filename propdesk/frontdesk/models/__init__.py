"""Front desk models: duty log, shift handover, desk coverage, mail and parcels, lookups, spot checks."""

from .desk import (
    CheckTemplate,
    DeskHolding,
    LeaveOfPost,
    SpotCheck,
    SpotCheckFinding,
    VisitorLookup,
)
from .duty import DutyLog, DutyLogEntry
from .handover import HandoverCheck, HandoverQuestion, ShiftHandover
from .mail import MailItem, MailLogDay, MailNotice, NewspaperSubscription

__all__ = [
    "CheckTemplate",
    "DeskHolding",
    "DutyLog",
    "DutyLogEntry",
    "HandoverCheck",
    "HandoverQuestion",
    "LeaveOfPost",
    "MailItem",
    "MailLogDay",
    "MailNotice",
    "NewspaperSubscription",
    "ShiftHandover",
    "SpotCheck",
    "SpotCheckFinding",
    "VisitorLookup",
]
