"""Reads of the resident portal: only the signed-in resident's own rows, never a site's.

Every query starts from the resident (their id, their units), so the portal's cost does not grow
with the site's tickets, parcels or slips (an index on the ticket's resident serves the list).
"""

from django.db.models import Func, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_list_for
from propdesk.core.events import event_list_for
from propdesk.people.models import Occupancy
from propdesk.tickets.models import Category, Kind, State, Ticket

# The state of a request in the resident's words (the staff's words speak of callbacks and forms).
STATE_WORDS = {
    State.REGISTERED: _("Received, waiting to be sent to a department"),
    State.DISPATCHED: _("Sent to the responsible department"),
    State.ACCEPTED: _("Someone has been assigned"),
    State.IN_PROGRESS: _("Being worked on"),
    State.PAUSED: _("Work paused for now"),
    State.HANDLED: _("Done: please tell us how it went"),
    State.CALLBACK_DONE: _("Done, we have called you back"),
    State.CLOSED: _("Completed"),
    State.CANCELLED: _("Cancelled"),
    State.MERGED: _("Joined with another request about the same thing"),
}
RATED_WORDS = _("Done: thank you for your rating")


def state_words(ticket) -> str:
    """The request's state in the resident's words; once they have rated a handled request it no
    longer asks them to (the desk's callback or closing comes next, R-SS-3)."""
    if ticket.state == State.HANDLED and ticket.resident_rating:
        return str(RATED_WORDS)
    return str(STATE_WORDS.get(ticket.state, ""))


STATE_BADGES = {
    State.REGISTERED: "text-bg-secondary",
    State.DISPATCHED: "text-bg-primary",
    State.ACCEPTED: "text-bg-info",
    State.IN_PROGRESS: "text-bg-info",
    State.PAUSED: "text-bg-warning",
    State.HANDLED: "text-bg-warning",
    State.CALLBACK_DONE: "text-bg-success",
    State.CLOSED: "text-bg-success",
    State.CANCELLED: "text-bg-light",
    State.MERGED: "text-bg-light",
}
# The timeline steps a resident sees, in their words. Everything else (escalations, corrections,
# transfers between workers, deadlines, sign-offs, notes of staff) stays on the staff's timeline.
RESIDENT_STEPS = {
    "registered": _("We received your request"),
    "dispatch": _("Sent to the responsible department"),
    "send_back": _("Being passed to the right department"),
    "accept": _("Someone has been assigned to it"),
    "start": _("Work started"),
    "pause": _("Work paused for now"),
    "resume": _("Work resumed"),
    "handle": _("The work is done"),
    "callback_done": _("We called you back"),
    "reopen": _("Reopened to be put right"),
    "close": _("Completed"),
    "answer": _("Answered"),
    "invalidate": _("Answered and closed"),
    "cancel": _("Cancelled by the front desk"),
    "merge": _("Joined with another request about the same thing"),
    "urge": _("You chased the request"),
    "resident_note": _("You added information"),
    "withdraw": _("You withdrew the request"),
    "rate": _("You rated the work"),
    "attached": _("You added a photo"),
}
# Steps shown only when the resident wrote them (their words may be shown back to them).
OWN_STEPS = frozenset({"urge", "resident_note", "attached", "rate", "withdraw"})
PHOTO_KINDS = ("jpeg", "png", "webp")


def unit_list_for_resident(resident) -> list[Occupancy]:
    """The resident's current units (not moved out), with site and building."""
    return list(
        Occupancy.objects.filter(resident=resident)
        .exclude(move_out__lt=timezone.localdate())
        .select_related("unit", "unit__building", "site")
        .order_by("site__name", "unit__code")
    )


def request_list_for_resident(resident, *, open_only: bool = False) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(resident=resident).select_related("unit", "category", "site")
    if open_only:
        qs = qs.exclude(state__in=(State.CLOSED, State.CANCELLED, State.MERGED))
    return qs.order_by("-created_at", "-id")


def request_get_for_resident(resident, pk: int) -> Ticket:
    """One of the resident's own requests, or 404 (another's request does not exist for them)."""
    from propdesk.core.access import get_or_404

    return get_or_404(
        Ticket.objects.filter(resident=resident).select_related(
            "unit", "unit__building", "category", "site", "department"
        ),
        pk=pk,
    )


def request_timeline(ticket: Ticket, user) -> list[dict]:
    """The resident-facing steps of a request, oldest first: words, time, and the resident's own
    words where they wrote them (never a staff note, name or number)."""
    events = event_list_for(ticket).only("code", "created_at", "actor_id", "note", "data")
    return _steps_of(events, user)


def request_photos(ticket: Ticket, user):
    """The photos the resident added to their request (staff files stay with the staff)."""
    return attachment_list_for(ticket).filter(uploaded_by=user).order_by("created_at", "id")


def category_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Active categories grouped by kind, for the one "what is it about" select."""
    groups: dict[str, list] = {k: [] for k in Kind.values}
    for c in Category.objects.filter(active=True).only("id", "kind", "name"):
        groups[c.kind].append((c.pk, c.name))
    return [(str(Kind(k).label), rows) for k, rows in groups.items() if rows]


def can_withdraw(ticket: Ticket) -> bool:
    return ticket.state == State.REGISTERED


def can_rate(ticket: Ticket) -> bool:
    return ticket.resident_rating is None and ticket.state in (
        State.HANDLED,
        State.CALLBACK_DONE,
        State.CLOSED,
    )


def is_open(ticket: Ticket) -> bool:
    return ticket.state not in (State.CLOSED, State.CANCELLED, State.MERGED)


ACTIVE = frozenset(
    {State.REGISTERED, State.DISPATCHED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED}
)


def can_urge(ticket: Ticket) -> bool:
    return ticket.state in ACTIVE


def _count(qs: QuerySet) -> Subquery:
    """`qs.count()` as a scalar subquery (COUNT is a plain function here: no GROUP BY)."""
    return Subquery(qs.order_by().annotate(n=Func("pk", function="COUNT")).values("n")[:1])


def home_counts(resident) -> dict:
    """What waits for the resident, counted from their own rows, in one query (issue 19)."""
    counts = {
        "open_count": request_list_for_resident(resident, open_only=True),
        "to_rate_count": Ticket.objects.filter(
            resident=resident,
            resident_rating__isnull=True,
            state__in=(State.HANDLED, State.CALLBACK_DONE),
        ),
        "releases_waiting": release_awaiting_owner(resident),
        "parcels_waiting": parcel_list_for_resident(resident),
    }
    row = (
        type(resident)
        .objects.filter(pk=resident.pk)
        .values(**{name: _count(qs) for name, qs in counts.items()})
        .first()
    )
    return {name: (row or {}).get(name) or 0 for name in counts}


# --- goods releases (R-FD-3) ----------------------------------------------------------------


def owned_unit_ids(resident):
    """The units the resident owns now (the owner's consent counts, a tenant's does not)."""
    return Occupancy.objects.filter(
        resident=resident, relation=Occupancy.Relation.OWNER, move_out__isnull=True
    ).values("unit_id")


def release_list_for_owner(resident) -> QuerySet:
    """Goods release slips asked for the units the resident owns, newest first."""
    from propdesk.passes.models import GoodsRelease

    return (
        GoodsRelease.objects.filter(unit_id__in=owned_unit_ids(resident))
        .select_related("unit", "site")
        .order_by("-created_at", "-id")
    )


def release_get_for_owner(resident, pk: int):
    from django.db.models import Prefetch

    from propdesk.core.access import get_or_404
    from propdesk.passes.models import GoodsReleaseItem

    qs = release_list_for_owner(resident).prefetch_related(
        Prefetch("items", queryset=GoodsReleaseItem.objects.order_by("sort_order", "id"))
    )
    return get_or_404(qs, pk=pk)


def release_awaiting_owner(resident) -> QuerySet:
    from propdesk.passes.models import GoodsRelease

    G = GoodsRelease.State
    return release_list_for_owner(resident).filter(state__in=(G.AWAITING_CONSENT, G.CONSENT_CHECK))


def release_can_consent(release) -> bool:
    from propdesk.passes.workflow import RELEASE_FLOW

    return release.state in RELEASE_FLOW.transitions["owner_consent"].sources


def release_can_decline(release) -> bool:
    from propdesk.passes.workflow import RELEASE_FLOW

    return release.state in RELEASE_FLOW.transitions["owner_decline"].sources


# --- parcels waiting (R-FD-4) -----------------------------------------------------------------


def parcel_list_for_resident(resident, *, waiting_only: bool = True) -> QuerySet:
    """Mail items for the resident: addressed to them, or to one of their current units without a
    named addressee (the household's, as the desk's pickup notice goes to the household). An
    item addressed by name to someone else of the unit stays theirs."""
    from django.db.models import Q

    from propdesk.frontdesk.models import MailItem

    units = (
        Occupancy.objects.filter(resident=resident)
        .exclude(move_out__lt=timezone.localdate())
        .values("unit_id")
    )
    qs = MailItem.objects.filter(
        Q(resident=resident) | Q(resident__isnull=True, unit_id__in=units)
    ).select_related("unit", "site")
    if waiting_only:
        qs = qs.filter(state__in=(MailItem.State.RECEIVED, MailItem.State.NOTIFIED))
    return qs.order_by("-received_at", "-id")


# --- my data (PIPL; R-ST-10) ------------------------------------------------------------------


def phone_reveals_of(resident) -> QuerySet:
    """Who on staff saw the resident's full phone or ID number, when and why (the data-access log)."""
    from django.contrib.contenttypes.models import ContentType

    from propdesk.core.models import DataAccess
    from propdesk.people.models import Resident

    return (
        DataAccess.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident), object_id=resident.pk
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def _iso(value):
    return value.isoformat() if value else None


def _timelines(tickets: list, user) -> dict[int, list[dict]]:
    """The resident-facing steps of many requests in one query."""
    from django.contrib.contenttypes.models import ContentType

    from propdesk.core.models import Event

    ct = ContentType.objects.get_for_model(Ticket)
    out: dict[int, list[dict]] = {t.pk: [] for t in tickets}
    events = Event.objects.filter(
        content_type=ct, object_id__in=list(out), code__in=list(RESIDENT_STEPS)
    ).only("object_id", "code", "created_at", "actor_id", "note", "data")
    for e in events.order_by("created_at", "id"):
        out[e.object_id].extend(_steps_of([e], user))
    return out


def _steps_of(events, user) -> list[dict]:
    steps = []
    for e in events:
        if e.code not in RESIDENT_STEPS:
            continue
        own = e.actor_id == user.pk
        if e.code in OWN_STEPS and not own:
            if e.code == "urge":
                steps.append({"label": _("The request was chased"), "at": e.created_at})
            continue
        step = {"label": RESIDENT_STEPS[e.code], "at": e.created_at}
        if own and e.code in ("resident_note", "rate", "withdraw") and e.note:
            step["text"] = e.note
        if e.code == "rate":
            step["score"] = e.data.get("score")
        steps.append(step)
    return steps


def my_data(resident, user) -> dict:
    """Everything stored about the resident, as they may download it (PIPL Art. 45): profile,
    units, contacts and requests with their resident-facing timelines, ratings, consents, parcels,
    messages, and the staff reveals of their phone or ID number. Built only from their own rows.

    Staff-side notes on the timelines stay out (as on the request page); the directory's note on
    the resident is theirs and is included.
    """
    from propdesk.notify.models import Notification
    from propdesk.passes.models import GoodsRelease
    from propdesk.tickets.models import CallbackAttempt, Contact

    occ = list(
        Occupancy.objects.filter(resident=resident)
        .select_related("unit", "site")
        .order_by("site__name", "unit__code")
    )
    tickets = list(
        Ticket.objects.filter(resident=resident)
        .select_related("unit", "category", "site", "department")
        .order_by("created_at", "id")
    )
    steps = _timelines(tickets, user)
    ratings = CallbackAttempt.objects.filter(ticket__resident=resident).select_related("ticket")
    contacts = Contact.objects.filter(resident=resident).select_related("site", "unit")
    consents = GoodsRelease.objects.filter(consent_owner=resident).select_related("unit", "site")
    applied = GoodsRelease.objects.filter(applicant_resident=resident).select_related(
        "unit", "site"
    )
    parcels = parcel_list_for_resident(resident, waiting_only=False)
    return {
        "generated_at": _iso(timezone.now()),
        "profile": {
            "name": resident.name,
            "phone": resident.phone,
            "second_phone": resident.phone2,
            "id_number": resident.id_number,
            "note": resident.note,
            "registered_at": _iso(resident.created_at),
            "login": user.username,
        },
        "units": [
            {
                "site": o.site.name,
                "unit": o.unit.code,
                "relation": str(o.get_relation_display()),
                "move_in": _iso(o.move_in),
                "move_out": _iso(o.move_out),
            }
            for o in occ
        ],
        "contacts": [
            {
                "number": c.number,
                "site": c.site.name,
                "unit": c.unit.code if c.unit else None,
                "received_at": _iso(c.received_at),
                "channel": str(c.get_channel_display()),
                "about": str(c.get_kind_display()),
                "content": c.content,
            }
            for c in contacts.order_by("received_at", "id")
        ],
        "requests": [
            {
                "number": t.number,
                "site": t.site.name,
                "unit": t.unit.code if t.unit else None,
                "kind": str(t.get_kind_display()),
                "category": t.category.name,
                "title": t.title,
                "description": t.description,
                "location": t.location,
                "state": state_words(t),
                "department": t.department.name if t.department and t.dispatched_at else None,
                "registered_at": _iso(t.created_at),
                "appointment_at": _iso(t.appointment_at),
                "closed_at": _iso(t.closed_at),
                "rating": t.resident_rating,
                "timeline": [
                    {
                        "step": str(s["label"]),
                        "at": _iso(s["at"]),
                        **({"text": s["text"]} if "text" in s else {}),
                        **({"score": s["score"]} if "score" in s else {}),
                    }
                    for s in steps[t.pk]
                ],
            }
            for t in tickets
        ],
        "ratings": [
            {
                "request": r.ticket.number,
                "at": _iso(r.at),
                "method": str(r.get_method_display()),
                "outcome": str(r.get_outcome_display()),
                "satisfied": r.satisfied,
                "score": r.score,
                **({"comment": r.comment} if r.by_id == user.pk else {}),
            }
            for r in ratings.order_by("at", "id")
        ],
        "consents": [
            {
                "slip": g.number,
                "site": g.site.name,
                "unit": g.unit.code,
                "type": str(g.get_release_type_display()),
                "state": str(g.get_state_display()),
                "how": str(g.get_consent_method_display()) if g.consent_method else None,
                "at": _iso(g.consent_at),
            }
            for g in consents.order_by("created_at", "id")
        ],
        "release_applications": [
            {
                "slip": g.number,
                "site": g.site.name,
                "unit": g.unit.code,
                "type": str(g.get_release_type_display()),
                "state": str(g.get_state_display()),
                "date": _iso(g.pass_date),
            }
            for g in applied.order_by("created_at", "id")
        ],
        "parcels": [
            {
                "number": m.number,
                "site": m.site.name,
                "unit": m.unit.code,
                "kind": str(m.get_kind_display()),
                "carrier": m.carrier,
                "state": str(m.get_state_display()),
                "received_at": _iso(m.received_at),
                "picked_up_at": _iso(m.picked_up_at),
                "picked_up_by": m.picked_up_by_name,
                **({"pickup_code": m.pickup_code} if m.state in WAITING_MAIL else {}),
            }
            for m in parcels.order_by("received_at", "id")
        ],
        "messages": [
            {"title": n.title, "body": n.body, "at": _iso(n.created_at), "read": bool(n.read_at)}
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        "personal_data_reveals": [
            {
                "at": _iso(a.created_at),
                "by": str(a.actor),
                "what": str(a.get_field_display()),
                "reason": a.reason,
            }
            for a in phone_reveals_of(resident)
        ],
    }


WAITING_MAIL = frozenset({"received", "notified"})


def household_of(resident) -> dict[int, list[Occupancy]]:
    """For each unit the resident owns, the other people linked to it now (names and relation
    only): an owner sees who else the desk linked to their unit (issue item 2)."""
    rows = (
        Occupancy.objects.filter(unit_id__in=owned_unit_ids(resident))
        .exclude(resident=resident)
        .exclude(move_out__lt=timezone.localdate())
        .select_related("resident")
        .only("unit_id", "relation", "resident__name")
        .order_by("relation", "id")
    )
    out: dict[int, list[Occupancy]] = {}
    for o in rows:
        out.setdefault(o.unit_id, []).append(o)
    return out
