"""One meeting: held, attendance, agenda, minutes by the named minute-taker, decisions, signed by
the chair. R-MT-1, R-FM-7."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_write
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_request, signature_sign
from propdesk.notify.services import notify

from .. import selectors
from ..models import AgendaItem, Attendance, Decision, Meeting
from ..permissions import require_site
from ..workflow import MEETING_FLOW
from .common import apply, check_state, meeting_url, recipients_language, require_text

MINUTES_FORM = "meeting_minutes"
# The chair signs the minutes, so the chair never takes them (SECURITY.md A7).
CHAIR_NOT_TAKER = _("The chair and the minute-taker must be two people.")
CHAIR = "chair"


def _require_chair(actor, meeting: Meeting) -> None:
    if actor.pk != meeting.chair_id:
        raise NotAllowed(_("Only the chair of this meeting may do this."), code="not_chair")


def _require_taker(actor, meeting: Meeting) -> None:
    if actor.pk != meeting.minute_taker_id:
        raise NotAllowed(_("Only the named minute-taker writes the minutes."), code="not_taker")


def _require_chair_or_taker(actor, meeting: Meeting) -> None:
    if actor.pk not in (meeting.chair_id, meeting.minute_taker_id):
        raise NotAllowed(_("Only the chair or the minute-taker may do this."), code="not_chair")


def _start(actor, meeting: Meeting, action: str) -> None:
    require_write(actor)
    require_site(actor, meeting.site_id)
    check_state(meeting, MEETING_FLOW, action, actor)


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """The meeting took place: attendance and minutes may now be recorded (R-MT-1)."""
    require_site(actor, meeting.site_id)
    _require_chair_or_taker(actor, meeting)
    changes = {"held_at": timezone.now()}
    apply(meeting, MEETING_FLOW, "hold", actor, changes=changes, expected_version=version)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *, actor, meeting: Meeting, starts_at, location: str = "", minute_taker=None, version=None
) -> Meeting:
    """The chair moves a planned meeting or names another minute-taker (R-MT-1)."""
    require_site(actor, meeting.site_id)
    _require_chair(actor, meeting)
    if starts_at is None or starts_at <= timezone.now():
        raise InvalidInput(fields={"starts_at": _("The new time must be in the future.")})
    taker = minute_taker or meeting.minute_taker
    if not selectors.member_choices(meeting.site_id).filter(pk=taker.pk).exists():
        raise InvalidInput(fields={"minute_taker": _("Choose managers of this site.")})
    if taker.pk == meeting.chair_id:
        raise InvalidInput(fields={"minute_taker": CHAIR_NOT_TAKER})
    changes = {
        "starts_at": starts_at,
        "location": (location or meeting.location).strip()[:100],
        "minute_taker": taker,
        "moved": Meeting.Moved.RESCHEDULED,
    }
    data = {"starts_at": starts_at.isoformat(), "minute_taker": taker.pk}
    apply(
        meeting,
        MEETING_FLOW,
        "reschedule",
        actor,
        changes=changes,
        data=data,
        expected_version=version,
    )
    return meeting


@transaction.atomic
def meeting_attendance(*, actor, meeting: Meeting, user, status: str, note: str = "") -> Attendance:
    """Record one person present or absent (with the reason) (R-MT-1)."""
    _start(actor, meeting, "attendance")
    _require_chair_or_taker(actor, meeting)
    if status not in (Attendance.Status.PRESENT, Attendance.Status.ABSENT):
        raise InvalidInput(fields={"status": _("Choose present or absent.")})
    if user is None or not selectors.member_choices(meeting.site_id).filter(pk=user.pk).exists():
        raise InvalidInput(fields={"user": _("Choose a staff member of this site.")})
    note = (note or "").strip()[:200]
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"status": status, "note": note}
    )
    event_record(
        target=meeting,
        code="attendance",
        actor=actor,
        data={"user": user.pk, "status": status},
        note=note,
    )
    return row


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    notes: str = "",
    kind: str = AgendaItem.Kind.TOPIC,
    link: str = "",
) -> AgendaItem:
    """Put a point on the agenda of a planned or held meeting (R-MT-1; rules: R-DOC-2)."""
    _start(actor, meeting, "agenda")
    title = require_text(title, "title", _("Say what is to be discussed."), 200)
    last = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        kind=kind,
        title=title,
        notes=(notes or "").strip()[:2000],
        link=link[:300],
        created_by=actor,
    )
    event_record(target=meeting, code="agenda_added", actor=actor, data={"item": item.pk})
    return item


@transaction.atomic
def meeting_minutes_write(
    *, actor, meeting: Meeting, minutes: str, version: int | None = None
) -> Meeting:
    """The named minute-taker writes (or rewrites) the minutes while the meeting is held."""
    require_site(actor, meeting.site_id)
    _require_taker(actor, meeting)
    minutes = require_text(minutes, "minutes", _("Write the minutes."), 20000)
    apply(
        meeting,
        MEETING_FLOW,
        "minutes",
        actor,
        changes={"minutes": minutes},
        data={"length": len(minutes)},
        expected_version=version,
    )
    _index(meeting)
    return meeting


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text: str) -> Decision:
    """The minute-taker records a decision of the meeting (R-MT-1)."""
    _start(actor, meeting, "decide")
    _require_taker(actor, meeting)
    text = require_text(text, "text", _("Write the decision."), 1000)
    decision = Decision.objects.create(meeting=meeting, text=text, created_by=actor)
    event_record(target=meeting, code="decided", actor=actor, data={"decision": decision.pk})
    _index(meeting)
    return decision


def _minutes_version() -> str:
    """The approved version of the minutes form; a draft or retired one cannot be used (R-FM-1)."""
    from propdesk.records.selectors import template_for_use

    return template_for_use(MINUTES_FORM, default="2026.1")


@transaction.atomic
def meeting_submit(*, actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """The minute-taker hands in the minutes for the chair's signature; they keep the version of
    the minutes form in use now (R-MT-1, R-FM-7)."""
    require_site(actor, meeting.site_id)
    _require_taker(actor, meeting)
    check_state(meeting, MEETING_FLOW, "submit", actor)
    if not meeting.minutes.strip():
        raise Conflict(_("Write the minutes before handing them in."), code="no_minutes")
    if meeting.attendance.filter(status=Attendance.Status.EXPECTED).exists():
        raise Conflict(
            _("Record who was present and who was absent first."), code="attendance_missing"
        )
    changes = {"submitted_at": timezone.now(), "minutes_template_version": _minutes_version()}
    apply(
        meeting,
        MEETING_FLOW,
        "submit",
        actor,
        changes=changes,
        data={"template_version": changes["minutes_template_version"]},
        expected_version=version,
    )
    signature_request(target=meeting, slot=CHAIR, requested_by=actor, summary=meeting.number)
    _tell(
        meeting,
        [meeting.chair],
        "submitted",
        gettext("The minutes of %(number)s await your signature"),
    )
    return meeting


@transaction.atomic
def meeting_return(*, actor, meeting: Meeting, reason: str, version: int | None = None) -> Meeting:
    """The chair sends the minutes back to the minute-taker for correction."""
    require_site(actor, meeting.site_id)
    _require_chair(actor, meeting)
    reason = require_text(reason, "reason", _("Say what is to be corrected."), 300)
    apply(meeting, MEETING_FLOW, "return", actor, note=reason, expected_version=version)
    _tell(
        meeting,
        [meeting.minute_taker],
        f"returned.{meeting.version}",
        gettext("The minutes of %(number)s were returned for correction"),
        body=reason,
    )
    return meeting


@transaction.atomic
def meeting_sign(*, actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """The chair signs the minutes (the shared signature line "chair"); then they print (R-MT-1)."""
    require_site(actor, meeting.site_id)
    _require_chair(actor, meeting)
    if actor.pk == meeting.minute_taker_id:
        raise NotAllowed(
            _("The chair does not sign minutes they took themselves: name another minute-taker."),
            code="self_approval",
        )
    now = timezone.now()
    apply(
        meeting, MEETING_FLOW, "sign", actor, changes={"signed_at": now}, expected_version=version
    )
    signature_sign(target=meeting, slot=CHAIR, actor=actor)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str, version: int | None = None) -> Meeting:
    """The chair cancels a planned meeting; the reason stays on the record."""
    require_site(actor, meeting.site_id)
    _require_chair(actor, meeting)
    reason = require_text(reason, "reason", _("Say why the meeting is cancelled."), 300)
    apply(
        meeting,
        MEETING_FLOW,
        "cancel",
        actor,
        changes={"cancel_reason": reason},
        note=reason,
        expected_version=version,
    )
    return meeting


def _tell(meeting: Meeting, people, key: str, title: str, body: str = "") -> None:
    with recipients_language():
        notify(
            recipients=people,
            code=f"meeting.{key.split('.')[0]}",
            title=title % {"number": meeting.number},
            body=body,
            url=meeting_url(meeting),
            site_id=meeting.site_id,
            dedupe_key=f"meeting.{key}.{meeting.pk}",
        )


def _index(meeting: Meeting) -> None:
    from propdesk.search.services import search_index_update

    search_index_update("meeting", meeting)
