"""Writes of the resident portal. A request goes through the desk's own intake services.

A portal request is registered in the contact register with the channel "online portal" and
opened as a ticket in the same transaction, by the same services a desk entry uses
(`contact_register`, `ticket_open`): the same numbering, category department, SLA clocks,
major-complaint keywords and countersign (R-CP-1, R-SS-2). The resident is the one who received
it (`received_by`), so the desk's lists show it as from the portal. A photo is checked by its
content and size before anything is kept: a bad photo refuses the whole request.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Channel, Kind

from .selectors import PHOTO_KINDS

PHOTO_MAX_BYTES = 8 * 1024 * 1024
TITLE_CHARS = 30


def _title(content: str) -> str:
    first = content.strip().splitlines()[0] if content.strip() else ""
    return first[:TITLE_CHARS]


@transaction.atomic
def request_submit(
    *,
    actor,
    resident,
    unit,
    category,
    content: str,
    location: str = "",
    wished_at=None,
    photo=None,
):
    """Register the resident's request and open its ticket; returns the ticket."""
    content = (content or "").strip()
    if not content:
        raise InvalidInput(_("Describe what you need."), fields={"content": _("Required.")})
    contact = tickets.contact_register(
        actor=actor,
        site=unit.site,
        channel=Channel.ONLINE,
        kind=category.kind,
        content=content,
        resident=resident,
        unit=unit,
        location=location,
    )
    fields = {"title": _title(content), "location": location}
    if wished_at is not None and category.kind == Kind.REPAIR:
        fields["appointment_at"] = wished_at
    ticket = tickets.ticket_open(
        actor=actor, contact=contact, kind=category.kind, category=category, **fields
    )
    if photo is not None:
        photo_add(actor=actor, ticket=ticket, upload=photo)
    from propdesk.tickets.services.notices import tell_resident_news

    tell_resident_news(ticket, "portal.new", content)
    return ticket


def photo_add(*, actor, ticket, upload):
    att = attachment_add(
        target=ticket,
        upload=upload,
        actor=actor,
        purpose="portal",
        kinds=PHOTO_KINDS,
        max_bytes=PHOTO_MAX_BYTES,
    )
    event_record(
        target=ticket,
        code="attached",
        actor=actor,
        data={"attachment": att.pk, "name": att.original_name},
    )
    return att
