"""Document types of the apps that do not register themselves yet: tickets and contacts.

Both are kept fresh by post_save/post_delete (`signals=True`); the tickets app may instead call
`search_index_update("ticket", ticket)` from its services and register with `signals=False`.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import SearchFields, register

TICKET_FILTERS = {"state": "state", "kind": "kind", "category": "category_id"}
CONTACT_FILTERS = {"kind": "kind", "channel": "channel"}


def _narrow(allowed: dict):
    def narrow(qs, filters):
        return qs.filter(**{allowed[k]: v for k, v in filters.items() if k in allowed and v})

    return narrow


def ticket_search_fields(ticket) -> SearchFields:
    """Title; description, wish, place and result; number, unit, phones and names as keys."""
    resident = ticket.resident
    return SearchFields(
        # The number and unit in the title tell apart results with the same words (8× 厨房水管漏水).
        title=" ".join(
            filter(None, [ticket.number, ticket.unit.code if ticket.unit_id else "", ticket.title])
        ),
        body="\n".join(
            filter(
                None, [ticket.description, ticket.desired_outcome, ticket.location, ticket.result]
            )
        ),
        site_id=ticket.site_id,
        updated_at=ticket.created_at,
        numbers=[ticket.number],
        units=[ticket.unit.code] if ticket.unit_id else [],
        phones=[p for p in (ticket.contact_phone, resident and resident.phone) if p],
        keywords=[n for n in (ticket.contact_name, resident and resident.name) if n],
    )


def contact_search_fields(contact) -> SearchFields:
    """The register entry: its content as title; the wish and the answer as body."""
    return SearchFields(
        title=f"{contact.number} {contact.content[:120]}",
        body="\n".join(
            filter(None, [contact.content[120:], contact.desired_outcome, contact.answer])
        ),
        site_id=contact.site_id,
        updated_at=contact.received_at,
        numbers=[contact.number],
        units=[contact.unit.code] if contact.unit_id else [],
        phones=[contact.caller_phone] if contact.caller_phone else [],
        keywords=[contact.caller_name, contact.location],
    )


def register_tickets() -> None:
    """Register tickets and contacts if the tickets app is installed."""
    from django.apps import apps

    if not apps.is_installed("propdesk.tickets"):
        return
    from propdesk.tickets.models import Contact, Ticket
    from propdesk.tickets.permissions import contact_scope, sees_whole_sites, ticket_scope

    def visible(scope):  # None: the index's own site filter decides (registry docstring)
        return lambda user: None if sees_whole_sites(user) else scope(user)

    register(
        "ticket",
        model=Ticket,
        label=_("Ticket"),
        build=ticket_search_fields,
        url=lambda pk: reverse("tickets:detail", args=[pk]),
        visible=visible(ticket_scope),
        narrow=_narrow(TICKET_FILTERS),
        queryset=lambda: Ticket.objects.select_related("unit", "resident"),
        signals=True,
    )
    register(
        "contact",
        model=Contact,
        label=_("Contact"),
        build=contact_search_fields,
        url=lambda pk: reverse("tickets:contact-detail", args=[pk]),
        visible=visible(contact_scope),
        narrow=_narrow(CONTACT_FILTERS),
        queryset=lambda: Contact.objects.select_related("unit"),
        signals=True,
    )
