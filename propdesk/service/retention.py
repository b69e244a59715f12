"""What promised replies keep past their retention period (core.retention, P4)."""

from django.db.models import Q


def register_retention() -> None:
    from propdesk.core import retention

    from .models import Promise

    retention.register(
        "promises",
        model=Promise,
        date_field="due_at",
        default_days=3 * 365,
        values={"to_name": "", "to_phone": "", "resident": None},
        where=lambda cutoff: ~Q(state=Promise.State.OPEN),
    )
