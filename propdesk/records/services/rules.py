"""Internal rules of a site: discussed at the management meeting, signed off by the managers
present, only then issued; reviewed regularly. R-DOC-2, R-SS-5."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.meetings import selectors as meeting_selectors
from propdesk.meetings import services as meeting_services
from propdesk.meetings.models import AgendaItem, Meeting

from .. import selectors
from ..common import add_months, apply, check_state, document_url, optional_text
from ..models import Document
from ..permissions import require_sites
from ..workflow import DOCUMENT_FLOW, SIGNER_ROLE_CHOICES
from .documents import _ask, _index, create_signers, supersede_previous

D = Document.State
HELD = (Meeting.State.HELD, Meeting.State.SUBMITTED, Meeting.State.SIGNED)


def _require_rule(document: Document) -> None:
    if not document.is_rule:
        raise Conflict(_("Only an internal rule of a site goes through the meeting."), code="kind")


@transaction.atomic
def rule_link_meeting(*, actor, document: Document, meeting: Meeting) -> Document:
    """Put a draft internal rule on the agenda of a meeting of its site (R-DOC-2)."""
    _require_rule(document)
    require_sites(actor, [document.site_id])
    check_state(document, DOCUMENT_FLOW, "link_meeting", actor)
    if meeting is None or meeting.site_id != document.site_id:
        msg = _("Choose a meeting of this rule's site.")
        raise InvalidInput(msg, fields={"meeting": msg})
    item = meeting_services.agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=f"{document.number} {document.title}"[:200],
        kind=AgendaItem.Kind.RULE,
        link=document_url(document),
    )
    apply(
        document,
        DOCUMENT_FLOW,
        "link_meeting",
        actor,
        changes={"agenda_item": item},
        data={"meeting": meeting.pk, "agenda_item": item.pk},
    )
    return document


@transaction.atomic
def rule_submit(*, actor, document: Document, version: int | None = None) -> Document:
    """After the meeting discussed it, the managers present are asked to sign off (R-DOC-2)."""
    _require_rule(document)
    require_sites(actor, [document.site_id])
    check_state(document, DOCUMENT_FLOW, "submit", actor)
    item = document.agenda_item
    if item is None:
        raise Conflict(_("Put the rule on the agenda of a meeting first."), code="no_meeting")
    meeting = item.meeting
    if meeting.state not in HELD:
        raise Conflict(
            _("The meeting that discusses this rule has not been held yet."),
            code="meeting_not_held",
        )
    present = meeting_selectors.present_members(meeting, SIGNER_ROLE_CHOICES)
    if not present:
        raise Conflict(_("No manager was recorded present at that meeting."), code="no_signers")
    people = [(u, document.site, _role_of(u)) for u in present]
    changes = {"issued_by": actor, "issued_at": timezone.now()}
    apply(
        document,
        DOCUMENT_FLOW,
        "submit",
        actor,
        changes=changes,
        data={"meeting": meeting.pk, "signers": len(people)},
        expected_version=version,
    )
    create_signers(document, people, actor=actor, remind_days=document.remind_after_days)
    _ask(document, present)
    _index(document)
    return document


def _role_of(user) -> str:
    return next((r for r in SIGNER_ROLE_CHOICES if r in user.role_codes), "")


@transaction.atomic
def rule_publish(*, actor, document: Document, version: int | None = None) -> Document:
    """Issue the internal rule: only with its meeting and every sign-off (R-DOC-2); it gets
    its review date (yearly by default, R-SS-5) and supersedes its previous revision."""
    _require_rule(document)
    require_sites(actor, [document.site_id])
    check_state(document, DOCUMENT_FLOW, "publish", actor)
    if document.agenda_item_id is None:
        raise Conflict(_("Put the rule on the agenda of a meeting first."), code="no_meeting")
    if not document.signers.exists() or selectors.signers_of(document, unsigned=True).exists():
        raise Conflict(
            _("Every manager present at the meeting must sign it off first."),
            code="signoff_missing",
        )
    from .templates import form_version

    today = timezone.localdate()
    changes = {
        "review_due": add_months(today, document.review_every_months),
        "template_version": form_version("document_signoff"),
    }
    apply(document, DOCUMENT_FLOW, "publish", actor, changes=changes, expected_version=version)
    supersede_previous(actor=actor, document=document)
    _index(document)
    return document


@transaction.atomic
def rule_review(*, actor, document: Document, note: str, version: int | None = None) -> Document:
    """The rule was reviewed and stays as it is: the next review date moves on (R-SS-5)."""
    _require_rule(document)
    require_sites(actor, [document.site_id])
    note = optional_text(note, "note", 500)
    if not note:
        msg = _("Say what the review found.")
        raise InvalidInput(msg, fields={"note": msg})
    today = timezone.localdate()
    changes = {
        "reviewed_at": timezone.now(),
        "review_due": add_months(today, document.review_every_months),
    }
    apply(
        document,
        DOCUMENT_FLOW,
        "review",
        actor,
        changes=changes,
        note=note,
        data={"review_due": changes["review_due"].isoformat()},
        expected_version=version,
    )
    return document
