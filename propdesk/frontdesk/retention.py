"""What visitor lookups and parcels keep past their retention period (core.retention, P4)."""

from django.db.models import Q


def register_retention() -> None:
    from propdesk.core import retention

    from .models import MailItem, MailNotice, VisitorLookup

    retention.register(
        "visitor_lookups",  # who asked for whom: kept a month, then only the rooms and the agent
        model=VisitorLookup,
        date_field="created_at",
        default_days=30,
        values={"looked_up": "", "visitor": "", "question": ""},
    )
    done = [MailItem.State.PICKED_UP, MailItem.State.RETURNED]
    retention.register(
        "parcels",
        model=MailItem,
        date_field="received_at",
        default_days=365,
        values={"picked_up_by_name": "", "proxy_relation": "", "id_last4": "", "resident": None},
        where=lambda cutoff: Q(state__in=done),
    )
    retention.register(
        "parcel_notices",
        model=MailNotice,
        date_field="created_at",
        default_days=365,
        values={"resident": None},
    )
