"""Reads of the resident portal: only the signed-in resident's own rows, never a site's.

Every query starts from the resident (their id, their units), so the portal's cost does not grow
with the site's tickets, parcels or slips (an index on the ticket's resident serves the list).
"""

from django.db.models import QuerySet
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
    steps = []
    for e in event_list_for(ticket).only("code", "created_at", "actor_id", "note", "data"):
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


def home_counts(resident) -> dict:
    """What waits for the resident, counted from their own rows."""
    return {
        "open_count": request_list_for_resident(resident, open_only=True).count(),
        "to_rate_count": Ticket.objects.filter(
            resident=resident,
            resident_rating__isnull=True,
            state__in=(State.HANDLED, State.CALLBACK_DONE),
        ).count(),
        "releases_waiting": release_awaiting_owner(resident).count(),
    }


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
