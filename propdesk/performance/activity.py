"""One person's activity on one day, counted from the desk's own records (R-ST-2).

Read through the other apps' models here and nowhere else in this app: contacts registered,
tickets dispatched (the dispatch events they wrote), callbacks made (reached / not), promises made
and kept, handovers given or taken, parcels received and handed out. Only the person's own rows
count; a colleague's work on the same tickets never does.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from propdesk.core.models import Event
from propdesk.frontdesk.models import MailItem, ShiftHandover
from propdesk.service.models import Promise
from propdesk.tickets.models import CallbackAttempt, Contact, Ticket

COUNT_KEYS = (
    "contacts",
    "dispatched",
    "callbacks_reached",
    "callbacks_not_reached",
    "promises_made",
    "promises_kept",
    "handovers",
    "parcels_received",
    "parcels_handed_out",
)


def day_window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local day as [start, end) in aware datetimes."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def activity_counts(user, day: datetime.date) -> dict[str, int]:
    """The day's counts of `user`'s own work (seven queries, whatever the volume)."""
    start, end = day_window(day)
    ticket_type = ContentType.objects.get_for_model(Ticket)
    callbacks = CallbackAttempt.objects.filter(by=user, at__gte=start, at__lt=end).aggregate(
        reached=Count("id", filter=Q(outcome=CallbackAttempt.Outcome.REACHED)),
        other=Count("id", filter=~Q(outcome=CallbackAttempt.Outcome.REACHED)),
    )
    parcels_in = MailItem.objects.filter(
        received_by=user, received_at__gte=start, received_at__lt=end
    )
    parcels_out = MailItem.objects.filter(
        handed_over_by=user, picked_up_at__gte=start, picked_up_at__lt=end
    )
    return {
        "contacts": Contact.objects.filter(
            received_by=user, received_at__gte=start, received_at__lt=end
        ).count(),
        "dispatched": Event.objects.filter(
            content_type=ticket_type,
            code="dispatch",
            actor=user,
            created_at__gte=start,
            created_at__lt=end,
        ).count(),
        "callbacks_reached": callbacks["reached"],
        "callbacks_not_reached": callbacks["other"],
        "promises_made": Promise.objects.filter(
            made_by=user, made_at__gte=start, made_at__lt=end
        ).count(),
        "promises_kept": Promise.objects.filter(
            kept_by=user, kept_at__gte=start, kept_at__lt=end
        ).count(),
        "handovers": ShiftHandover.objects.filter(Q(outgoing=user) | Q(incoming=user), date=day)
        .exclude(state=ShiftHandover.State.CANCELLED)
        .count(),
        "parcels_received": parcels_in.count(),
        "parcels_handed_out": parcels_out.count(),
    }


def count_labels() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [
        ("contacts", _("Contacts registered")),
        ("dispatched", _("Tickets dispatched")),
        ("callbacks_reached", _("Callbacks: reached")),
        ("callbacks_not_reached", _("Callbacks: not reached")),
        ("promises_made", _("Promises made")),
        ("promises_kept", _("Promises kept")),
        ("handovers", _("Shift handovers")),
        ("parcels_received", _("Parcels received")),
        ("parcels_handed_out", _("Parcels handed out")),
    ]
