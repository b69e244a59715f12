"""Shared helpers of the performance pages."""

import datetime
from collections.abc import Callable

from propdesk.core.web import run_service


def run_action(request, action: Callable, *, success) -> bool:
    return run_service(request, action, success=str(success), show_fields=True)


def version_of(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def date_of(raw: str | None) -> datetime.date | None:
    """A YYYY-MM-DD date from a query string or form, or None when absent or malformed."""
    try:
        return datetime.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


def int_of(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 6 else None
