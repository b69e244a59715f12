"""The sites' announcements to residents (R-ST-10): the desk publishes, residents read.

Decisions where the issue is silent:

- **Who.** The desk (agent, shift lead, CS manager) publishes and withdraws, on their own sites
  only; the centre manager and the auditor read the desk's list. A notice of another site
  answers 404.
- **Reach.** A notice goes to one site's residents, or one building's. "All residents of my
  sites" publishes one notice per site the publisher works on (each site counts its own
  readers and can be withdrawn on its own). A resident sees the notices of the sites and
  buildings of their current units (moved out: no longer), while not withdrawn and not past
  their end date.
- **Text.** Title up to 100 characters, text up to 4,000; both required. A notice is plain text
  shown to every resident of a site: markup (`<script>`, `<a …>`, any tag) is refused with a
  message rather than silently shown as code.
- **Read receipts.** The first opening of the detail page (or the API detail) by a resident is
  recorded; later openings add nothing, so the desk's count is the number of residents who read.
- **Withdrawing** (R-FM-6) needs a reason; the notice stays on the desk's list marked withdrawn,
  with its readers, and leaves the residents' pages. Nothing is deleted or edited.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, scope_queryset, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotFound
from propdesk.core.text import require_text
from propdesk.people.models import Occupancy
from propdesk.people.roles import Role

from .models import Announcement, AnnouncementRead

WRITERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
READERS = WRITERS | {Role.CENTRE_MANAGER, Role.AUDITOR}
TITLE_MAX = 100
BODY_MAX = 4000
REASON_MAX = 200
SCOPES = ("site", "building", "all")
TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")


def is_reader(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_any_role(READERS)


def _text(value, field: str, *, label, required, limit: int) -> str:
    value = require_text(value, field, required, limit, label=label)
    if TAG.search(value):
        msg = _(
            "%(label)s: announcements are plain text; remove the angle-bracket markup "
            "(such as <script>) and try again."
        ) % {"label": label}
        raise InvalidInput(msg, fields={field: msg})
    return value


# --- reads of the desk ----------------------------------------------------------------------


def announcement_list_for_user(
    user, *, site_id: int | None = None, state: str = ""
) -> QuerySet[Announcement]:
    """The notices of the user's sites, newest first, with their read count (one query)."""
    qs = scope_queryset(Announcement.objects.all(), user)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if state == "active":
        qs = qs.filter(withdrawn_at__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
        )
    elif state == "withdrawn":
        qs = qs.filter(withdrawn_at__isnull=False)
    elif state == "ended":
        qs = qs.filter(withdrawn_at__isnull=True, ends_on__lt=timezone.localdate())
    return (
        qs.select_related("site", "building", "published_by")
        .annotate(read_count=Count("reads"))
        .order_by("-published_at", "-id")
    )


def announcement_get_for_user(user, pk: int) -> Announcement:
    a = announcement_list_for_user(user).filter(pk=pk).first()
    if a is None:
        raise NotFound()
    return a


# --- reads of the resident ------------------------------------------------------------------


def _reach(resident) -> Q:
    """The resident's current units' sites and buildings, as subqueries (no query of its own)."""
    occ = Occupancy.objects.filter(resident=resident).exclude(move_out__lt=timezone.localdate())
    return Q(site_id__in=occ.values("site_id")) & (
        Q(building__isnull=True) | Q(building_id__in=occ.values("unit__building_id"))
    )


def announcement_list_for_resident(resident) -> QuerySet[Announcement]:
    """The notices that reach the resident's current units, in force, newest first."""
    return (
        Announcement.objects.filter(_reach(resident), withdrawn_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .select_related("site", "building")
        .annotate(read=Count("reads", filter=Q(reads__resident=resident)))
        .order_by("-published_at", "-id")
    )


def announcement_get_for_resident(resident, pk: int) -> Announcement:
    a = announcement_list_for_resident(resident).filter(pk=pk).first()
    if a is None:
        raise NotFound()
    return a


# --- writes ---------------------------------------------------------------------------------


def _targets(actor, scope: str, site, building) -> tuple[list, object]:
    """The sites (and building) a notice of `scope` goes to; another site's answers not found."""
    ids = visible_site_ids(actor)
    if scope == "all":
        from propdesk.orgs.models import Site

        sites = list(Site.objects.all() if ids is None else Site.objects.filter(pk__in=ids))
        if not sites:
            raise NotFound()
    elif scope == "building":
        if building is None:
            msg = _("Choose the building.")
            raise InvalidInput(msg, fields={"building": msg})
        if ids is not None and building.site_id not in ids:
            raise NotFound()
        sites = [building.site]
    elif scope == "site":
        if site is None:
            msg = _("Choose the site in the header first.")
            raise InvalidInput(msg, fields={"site": msg})
        if ids is not None and site.pk not in ids:
            raise NotFound()
        sites, building = [site], None
    else:
        msg = _("Choose one of the offered values.")
        raise InvalidInput(msg, fields={"scope": msg})
    return sites, (building if scope == "building" else None)


@transaction.atomic
def announcement_publish(
    *, actor, scope: str, site=None, building=None, title: str, body: str, ends_on=None
) -> list[Announcement]:
    """Publish a notice to a site, a building, or every site of the publisher; returns the rows."""
    require_role(actor, WRITERS)
    title = _text(
        title,
        "title",
        label=_("Title"),
        required=_("Give the announcement a title."),
        limit=TITLE_MAX,
    )
    body = _text(
        body,
        "body",
        label=_("Text"),
        required=_("Write the text of the announcement."),
        limit=BODY_MAX,
    )
    today = timezone.localdate()
    if ends_on is not None and ends_on < today:
        msg = _("The end date is in the past.")
        raise InvalidInput(msg, fields={"ends_on": msg})
    sites, building = _targets(actor, scope, site, building)
    now = timezone.now()
    made = []
    for s in sites:
        a = Announcement.objects.create(
            site=s,
            building=building,
            title=title,
            body=body,
            ends_on=ends_on,
            published_by=actor,
            published_at=now,
        )
        event_record(
            target=a, code="published", actor=actor, data={"building": building and building.pk}
        )
        made.append(a)
    return made


@transaction.atomic
def announcement_withdraw(*, actor, announcement: Announcement, reason: str) -> Announcement:
    """Take a notice off the residents' pages with a reason; the record stays (R-FM-6)."""
    require_role(actor, WRITERS)
    ids = visible_site_ids(actor)
    if ids is not None and announcement.site_id not in ids:
        raise NotFound()
    reason = _text(
        reason,
        "reason",
        label=_("Reason"),
        required=_("Say why it is withdrawn."),
        limit=REASON_MAX,
    )
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.withdrawn_at is not None:
        raise Conflict(_("This announcement has already been withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.withdraw_reason = reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    event_record(target=locked, code="withdrawn", actor=actor, data={"reason": reason})
    announcement.withdrawn_at, announcement.withdrawn_by = locked.withdrawn_at, actor
    announcement.withdraw_reason = reason
    return announcement


def announcement_mark_read(*, resident, announcement: Announcement) -> bool:
    """Record the resident's first opening; True when this one was the first."""
    if getattr(announcement, "read", 0):
        return False
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(
                announcement=announcement, resident=resident, read_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True
