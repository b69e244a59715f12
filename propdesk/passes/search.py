"""Renovations, worker passes and goods releases in the one search index (R-FD-2, R-FD-3).

What each contributes (decisions where the issue is silent):

- a renovation: its number, unit, applicant, renovation company and site lead; the scope of works
  and the phones are not indexed;
- a worker pass: its number, the worker's name, company and trade, and the unit of its
  renovation; never the ID number nor the phone, not even as hidden keys (the index is readable
  by every search of the site);
- a goods release: its number, unit, applicant, vehicle plate and the goods listed.

The readers of the passes pages (SECURITY.md §c) find them within their sites: the index's own
site filter decides, so a reader pays no subquery. Everyone else finds none of them — a resident
follows his own slips in the portal, not through the search. The services re-index a record when
it is created and when a correction changes what it contributes; a state change does not.
"""

import re

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from propdesk.search.registry import SearchFields, register

from .models import GoodsRelease, Renovation, WorkerPass
from .permissions import can_read


def renovation_search_fields(r: Renovation) -> SearchFields:
    return SearchFields(
        title=f"{r.number} {r.unit.code} {r.company}",
        body="\n".join(filter(None, [r.applicant_name, r.lead_name])),
        site_id=r.site_id,
        updated_at=r.submitted_at,
        numbers=[r.number],
        units=[r.unit.code],
        keywords=[r.applicant_name, r.company, r.lead_name],
    )


def pass_search_fields(p: WorkerPass) -> SearchFields:
    unit = p.renovation.unit.code
    return SearchFields(
        title=f"{p.number} {p.name} {p.company}",
        body="\n".join(filter(None, [p.trade, unit, p.renovation.number])),
        site_id=p.site_id,
        updated_at=p.issued_at,
        numbers=[p.number],
        units=[unit],
        keywords=[p.name, p.company, p.trade],
    )


_PLATE_PARTS = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]+")


def plate_words(plate: str) -> str:
    """浙A12345 → "浙 A 12345": the query parser splits letters from digits, so the index
    holds the parts too (浙A12345, A12345 and 12345 then all find the slip)."""
    return " ".join(_PLATE_PARTS.findall(plate or ""))


def release_search_fields(g: GoodsRelease) -> SearchFields:
    items = "、".join(f"{i.name}×{i.quantity}{i.unit}" for i in g.items.all())
    return SearchFields(
        title=f"{g.number} {g.unit.code} {g.applicant_name}",
        body="\n".join(filter(None, [items, g.vehicle_plate, g.applicant_company])),
        site_id=g.site_id,
        updated_at=g.created_at,
        numbers=[g.number],
        units=[g.unit.code],
        keywords=[
            g.applicant_name,
            g.vehicle_plate,
            plate_words(g.vehicle_plate),
            g.applicant_company,
        ],
    )


def _visible(model):
    """Readers: the index's site filter decides (None); others see none of `model`."""
    return lambda user: None if can_read(user) else model._default_manager.none()


def search_index(doc_type: str, obj) -> None:
    """(Re-)index one record; the services call it in their transaction."""
    from propdesk.search.services import search_index_update

    search_index_update(doc_type, obj)


def register_search() -> None:
    register(
        "renovation",
        model=Renovation,
        label=_("Renovation"),
        build=renovation_search_fields,
        url=lambda pk: reverse("passes:renovation-detail", args=[pk]),
        visible=_visible(Renovation),
        queryset=lambda: Renovation.objects.select_related("unit"),
    )
    register(
        "worker_pass",
        model=WorkerPass,
        label=_("Worker pass"),
        build=pass_search_fields,
        url=lambda pk: reverse("passes:pass-detail", args=[pk]),
        visible=_visible(WorkerPass),
        queryset=lambda: WorkerPass.objects.select_related("renovation__unit"),
    )
    register(
        "release",
        model=GoodsRelease,
        label=_("Goods release"),
        build=release_search_fields,
        url=lambda pk: reverse("passes:release-detail", args=[pk]),
        visible=_visible(GoodsRelease),
        queryset=lambda: GoodsRelease.objects.select_related("unit").prefetch_related("items"),
    )
