"""Open items at a desk, contributed by each app's selectors (R-HO-2).

The shift handover lists what is still open at a site (tickets not dispatched or awaiting
callback, promises due, parcels waiting, passes expiring, incidents, tasks) without querying
other apps' tables: each app registers a provider in its AppConfig.ready():

    openitems.register("tickets", ticket_open_items_for_site)

A provider is `fn(user, site_id) -> list[OpenItem]` and must run a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OpenItem:
    kind: str  # stable code, e.g. "ticket.undispatched", "parcel.waiting"
    number: str
    title: str
    url: str
    due_at: datetime | None = None


_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    _providers[name] = provider


def open_items_for_site(user, site_id: int) -> list[OpenItem]:
    items: list[OpenItem] = []
    for name in sorted(_providers):
        items.extend(_providers[name](user, site_id))
    return items
