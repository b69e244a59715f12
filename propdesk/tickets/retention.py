"""What the contact register and tickets keep past their retention period (core.retention, P4)."""

THREE_YEARS = 3 * 365


def register_retention() -> None:
    from propdesk.core import retention

    from .models import Contact, Ticket

    retention.register(
        "contacts",
        model=Contact,
        date_field="received_at",
        default_days=THREE_YEARS,
        values={"caller_name": "", "caller_phone": "", "resident": None},
    )
    retention.register(
        "tickets",
        model=Ticket,
        date_field="closed_at",  # open tickets keep their contact until closed
        default_days=THREE_YEARS,
        values={"contact_name": "", "contact_phone": "", "resident": None},
    )
