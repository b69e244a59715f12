"""Export kinds of apps that do not register themselves yet: tickets and the contact register.

Each `rows` function goes through the app's own selector, so the export sees exactly what the
user's list shows (site scoping, the site switcher as filter `site`, the list filters).
"""

from datetime import date
from functools import lru_cache

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .exporting import register_export
from .exports import Column
from .masking import mask_phone

DATE_KEYS = ("date_from", "date_to")
WHEN = Column(_("Registered at"), 17)


def _revive(filters: dict) -> dict:
    """Filters come back from JSON: dates are ISO strings again."""
    out = dict(filters)
    for key in DATE_KEYS:
        if isinstance(out.get(key), str) and out[key]:
            out[key] = date.fromisoformat(out[key][:10])
    return out


def _site(filters: dict):
    site = filters.pop("site", None)
    return int(site) if site not in (None, "") else None


TICKET_COLUMNS = (
    Column(_("Number"), 20),
    Column(_("Site"), 16),
    Column(_("Kind"), 10),
    Column(_("Category"), 14),
    Column(_("Priority"), 10),
    Column(_("State"), 14),
    Column(_("Title"), 40),
    Column(_("Unit"), 16),
    Column(_("Department"), 12),
    Column(_("Assignee"), 12),
    WHEN,
    Column(_("Dispatched at"), 17),
    Column(_("Handled at"), 17),
    Column(_("Closed at"), 17),
    Column(_("Callback score"), 10),
)
TICKET_FIELDS = (
    "number",
    "site__name",
    "kind",
    "category__name",
    "priority",
    "state",
    "title",
    "unit__code",
    "department__name",
    "assignee__name",
    "assignee__username",
    "created_at",
    "dispatched_at",
    "handled_at",
    "closed_at",
    "callback_score",
)


def ticket_rows(user, filters: dict):
    """The user's ticket list with its filters, as plain tuples (one query, streamed)."""
    from propdesk.people.roles import Role
    from propdesk.tickets.models import CallbackAttempt
    from propdesk.tickets.selectors import SORTS, ticket_list_for_user

    f = _revive(filters)
    sort = f.pop("sort", "-created")
    qs = ticket_list_for_user(
        user, site_id=_site(f), filters=f, sort=sort if sort in SORTS else "-created"
    )
    if user.has_any_role({Role.DEPT_HEAD}):
        qs = qs.distinct()  # the department-staff join can repeat a ticket
    score = CallbackAttempt.objects.filter(ticket=OuterRef("pk"), score__isnull=False)
    score = score.order_by("-at", "-id").values("score")[:1]
    return qs.annotate(callback_score=Subquery(score)).values_list(*TICKET_FIELDS)


@lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, str]:
    """Choice labels of tickets and contacts in one language (built once, not per row)."""
    from propdesk.tickets import models as m

    out = {}
    for choices in (m.Kind, m.Priority, m.State, m.Channel, m.ContactKind, m.Contact.Disposition):
        out.update({f"{choices.__name__}:{v}": str(label) for v, label in choices.choices})
    return out


def _label(group: str, value: str) -> str:
    return _labels(get_language()).get(f"{group}:{value}", value)


def ticket_convert(row):
    (num, site, kind, cat, prio, state, title, unit, dept, a_name, a_user, *times) = row
    return (
        num,
        site,
        _label("Kind", kind),
        cat,
        _label("Priority", prio),
        _label("State", state),
        title,
        unit or "",
        dept or "",
        a_name or a_user or "",
        *times,
    )


CONTACT_COLUMNS = (
    Column(_("Number"), 20),
    Column(_("Site"), 16),
    Column(_("Received at"), 17),
    Column(_("Channel"), 10),
    Column(_("About"), 10),
    Column(_("Caller"), 10),
    Column(_("Phone"), 14),
    Column(_("Unit"), 16),
    Column(_("Content"), 50),
    Column(_("Received by"), 12),
    Column(_("Disposition"), 14),
    Column(_("Ticket"), 20),
)
CONTACT_FIELDS = (
    "number",
    "site__name",
    "received_at",
    "channel",
    "kind",
    "caller_name",
    "caller_phone",
    "unit__code",
    "content",
    "received_by__name",
    "received_by__username",
    "disposition",
    "ticket__number",
)


def contact_rows(user, filters: dict):
    from propdesk.tickets.selectors import contact_list_for_user

    f = _revive(filters)
    f.pop("sort", None)
    return contact_list_for_user(user, site_id=_site(f), filters=f).values_list(*CONTACT_FIELDS)


def contact_convert(row):
    (num, site, at, channel, kind, caller, phone, unit, content, r_name, r_user, disp, tnum) = row
    return (
        num,
        site,
        at,
        _label("Channel", channel),
        _label("ContactKind", kind),
        caller,
        mask_phone(phone),  # exports are masked like every page (P2)
        unit or "",
        content,
        r_name or r_user,
        _label("Disposition", disp),
        tnum or "",
    )


def register_defaults() -> None:
    if not apps.is_installed("propdesk.tickets"):
        return
    register_export(
        "tickets",
        title=_("Tickets"),
        columns=TICKET_COLUMNS,
        rows=ticket_rows,
        convert=ticket_convert,
    )
    register_export(
        "contacts",
        title=_("Contact register"),
        columns=CONTACT_COLUMNS,
        rows=contact_rows,
        convert=contact_convert,
    )
