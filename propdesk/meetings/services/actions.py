"""Action items of a meeting: owner and due date, carried to the next meeting's agenda until
closed. R-MT-1."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput, NotAllowed
from propdesk.notify.services import notify

from .. import selectors
from ..models import ActionItem, AgendaItem, Meeting
from ..permissions import require_site
from ..workflow import ACTION_FLOW, MEETING_FLOW
from .common import apply, check_state, meeting_url, recipients_language, require_text


@transaction.atomic
def action_add(*, actor, meeting: Meeting, title: str, owner, due_on) -> ActionItem:
    """The minute-taker records an action with its owner and due date (R-MT-1); the owner is
    told, and the action goes on the agenda of the next meeting if it is already planned."""
    require_site(actor, meeting.site_id)
    check_state(meeting, MEETING_FLOW, "add_action", actor)
    if actor.pk != meeting.minute_taker_id:
        raise NotAllowed(_("Only the named minute-taker writes the minutes."), code="not_taker")
    title = require_text(title, "title", _("Say what is to be done."), 300)
    if due_on is None or due_on < timezone.localdate():
        msg = _("The due date cannot be in the past.")
        raise InvalidInput(msg, fields={"due_on": msg})
    if owner is None or not selectors.member_choices(meeting.site_id).filter(pk=owner.pk).exists():
        msg = _("Choose managers of this site.")
        raise InvalidInput(msg, fields={"owner": msg})
    item = ActionItem.objects.create(
        meeting=meeting,
        site_id=meeting.site_id,
        title=title,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    event_record(
        target=item,
        code="created",
        actor=actor,
        data={"meeting": meeting.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    following = selectors.next_planned_after(meeting)
    if following is not None:
        carry_open_actions(meeting=following)
    with recipients_language():
        notify(
            recipients=[owner],
            code="meeting.action",
            title=gettext("Meeting action for you, due %(due)s") % {"due": due_on.isoformat()},
            body=title,
            url=meeting_url(meeting),
            site_id=meeting.site_id,
            dedupe_key=f"meeting.action.{item.pk}",
        )
    return item


def carry_open_actions(*, meeting: Meeting) -> int:
    """Put every open action of earlier meetings of the series on this planned meeting's agenda
    (once each); returns how many were added (R-MT-1)."""
    if meeting.state != Meeting.State.PLANNED:
        return 0
    already = set(meeting.agenda.filter(action__isnull=False).values_list("action_id", flat=True))
    items = [a for a in selectors.open_actions_before(meeting) if a.pk not in already]
    start = meeting.agenda.count()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                position=start + i,
                kind=AgendaItem.Kind.CARRIED,
                title=a.title[:200],
                action=a,
            )
            for i, a in enumerate(items, start=1)
        ]
    )
    if items:
        event_record(
            target=meeting, code="actions_carried", data={"actions": [a.pk for a in items]}
        )
    return len(items)


@transaction.atomic
def action_close(*, actor, action: ActionItem, note: str, version: int | None = None) -> ActionItem:
    """The owner (or the chair) closes an action with its result; it is carried no further."""
    require_site(actor, action.site_id)
    if actor.pk not in (action.owner_id, action.meeting.chair_id):
        raise NotAllowed(_("Only the owner or the chair closes this action."), code="not_owner")
    note = require_text(note, "note", _("Say what was done."), 500)
    changes = {"closed_at": timezone.now(), "closed_by": actor, "closing_note": note}
    apply(action, ACTION_FLOW, "close", actor, changes=changes, note=note, expected_version=version)
    return action


@transaction.atomic
def action_drop(*, actor, action: ActionItem, note: str, version: int | None = None) -> ActionItem:
    """The chair drops an action that is no longer needed; the reason stays visible."""
    require_site(actor, action.site_id)
    if actor.pk != action.meeting.chair_id:
        raise NotAllowed(_("Only the chair of this meeting may do this."), code="not_chair")
    note = require_text(note, "note", _("Say why the action is dropped."), 500)
    changes = {"closed_at": timezone.now(), "closed_by": actor, "closing_note": note}
    apply(action, ACTION_FLOW, "drop", actor, changes=changes, note=note, expected_version=version)
    return action
