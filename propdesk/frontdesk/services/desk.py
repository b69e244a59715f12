"""Desk coverage and leave of post (R-FS-2), conduct spot checks (R-FS-1, R-FS-3), visitor lookup (R-FS-5)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.statemachine import StateMachine, Transition, transition_apply
from propdesk.notify.services import notify
from propdesk.people.roles import Role
from propdesk.people.selectors import resident_list_for_user

from ..checklists import checklist_for_desk
from ..models import LeaveOfPost, SpotCheck, SpotCheckFinding, VisitorLookup
from ..permissions import (
    AGENTS,
    SUPERVISORS,
    require_desk_agent,
    require_lookup_user,
    require_supervisor,
)
from ..selectors import site_staff
from .common import current_holding, holding_move, require_site, require_text

L = LeaveOfPost.State
LEAVE_FLOW = StateMachine(
    {
        "approve": Transition(sources={L.REQUESTED}, target=L.APPROVED, roles=SUPERVISORS),
        "reject": Transition(sources={L.REQUESTED}, target=L.REJECTED, roles=SUPERVISORS),
        "return": Transition(sources={L.APPROVED}, target=L.RETURNED, roles=AGENTS | SUPERVISORS),
    }
)


@transaction.atomic
def desk_take(*, actor, desk):
    """Start holding a desk nobody holds (first shift of the day, or after a takeover). R-FS-2."""
    require_desk_agent(actor)
    require_site(actor, desk.site_id)
    if current_holding(desk) is not None:
        raise Conflict(_("Someone holds this desk; take it over through a handover."), code="held")
    return holding_move(desk=desk, holder=actor, reason="start")


@transaction.atomic
def leave_request(*, actor, desk, replacement, reason: str, minutes: int = 15) -> LeaveOfPost:
    """The desk holder asks to leave the post, naming a replacement. R-FS-2."""
    require_desk_agent(actor)
    holding = current_holding(desk)
    if holding is None or holding.holder_id != actor.pk:
        raise NotAllowed(
            _("Only the agent holding the desk can ask to leave it."), code="not_holder"
        )
    if replacement is None or replacement.pk == actor.pk or not replacement.has_any_role(AGENTS):
        raise InvalidInput(
            _("Name another agent as replacement."), fields={"replacement": _("Required.")}
        )
    require_site(replacement, desk.site_id)
    text = require_text(reason, "reason", _("Give the reason for leaving the post."), 200)
    leave = LeaveOfPost.objects.create(
        site_id=desk.site_id,
        desk=desk,
        requester=actor,
        replacement=replacement,
        reason=text,
        minutes=max(1, min(int(minutes or 15), 480)),
    )
    event_record(target=leave, code="requested", actor=actor)
    notify(
        recipients=site_staff(desk.site_id, [Role.SUPERVISOR]),
        code="leave.requested",
        title=gettext("%(name)s asks to leave the desk") % {"name": actor},
        body=text,
        url=reverse("frontdesk:leave-list"),
        site_id=desk.site_id,
        dedupe_key=f"leave.requested.{leave.pk}",
    )
    return leave


@transaction.atomic
def leave_approve(*, actor, leave: LeaveOfPost) -> LeaveOfPost:
    """The shift lead approves; the replacement becomes responsible for the desk. R-FS-2."""
    if leave.requester_id == actor.pk:
        raise NotAllowed(_("Nobody approves their own leave of post."), code="self_approval")
    transition_apply(
        obj=leave,
        machine=LEAVE_FLOW,
        action="approve",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now()},
    )
    holding_move(desk=leave.desk, holder=leave.replacement, reason="replacement")
    return leave


@transaction.atomic
def leave_reject(*, actor, leave: LeaveOfPost, note: str = "") -> LeaveOfPost:
    """The shift lead refuses: the requester stays on the desk. R-FS-2."""
    transition_apply(
        obj=leave,
        machine=LEAVE_FLOW,
        action="reject",
        actor=actor,
        note=note[:300],
        changes={"decided_by": actor, "decided_at": timezone.now()},
    )
    return leave


@transaction.atomic
def leave_return(*, actor, leave: LeaveOfPost) -> LeaveOfPost:
    """The requester is back: the desk returns to them. R-FS-2."""
    if actor.pk not in (leave.requester_id, leave.replacement_id) and not actor.has_any_role(
        SUPERVISORS
    ):
        raise NotAllowed()
    transition_apply(
        obj=leave,
        machine=LEAVE_FLOW,
        action="return",
        actor=actor,
        changes={"returned_at": timezone.now()},
    )
    holding_move(desk=leave.desk, holder=leave.requester, reason="return")
    return leave


@transaction.atomic
def spot_check_record(*, actor, desk, agent, results: dict, note: str = "") -> SpotCheck:
    """Record a conduct spot check of an agent: each standard met, violated or not observed. R-FS-1, R-FS-3.

    `results` maps a checklist code to (result, remark); a violation needs a remark.
    """
    require_supervisor(actor)
    require_site(actor, desk.site_id)
    if agent is None or agent.pk == actor.pk or not agent.has_any_role(AGENTS):
        raise InvalidInput(_("Choose the agent you checked."), fields={"agent": _("Required.")})
    require_site(agent, desk.site_id)
    rows = []
    for code, label in checklist_for_desk(kind="conduct", desk_id=desk.pk):
        result, remark = results.get(code, ("", ""))
        if result not in SpotCheckFinding.Result.values:
            raise InvalidInput(
                _("Give a result for every standard."), fields={code: _("Required.")}
            )
        if result == SpotCheckFinding.Result.VIOLATED and not (remark or "").strip():
            raise InvalidInput(_("Describe each violation."), fields={code: _("Required.")})
        rows.append(
            SpotCheckFinding(
                code=code, label=label[:100], result=result, remark=(remark or "")[:300]
            )
        )
    check = SpotCheck.objects.create(
        site_id=desk.site_id,
        desk=desk,
        agent=agent,
        checked_by=actor,
        checked_at=timezone.now(),
        note=note.strip()[:500],
        violation_count=sum(r.result == "violated" for r in rows),
    )
    for r in rows:
        r.spot_check = check
    SpotCheckFinding.objects.bulk_create(rows)
    event_record(
        target=check, code="recorded", actor=actor, data={"violations": check.violation_count}
    )
    return check


@transaction.atomic
def visitor_lookup(
    *, actor, site_id: int, name: str, question: str, visitor: str = ""
) -> list[str]:
    """Answer a visitor's question with room numbers only, and log the lookup. R-FS-5.

    The full name must match exactly (no fragments: a visitor cannot fish for residents), and
    only unit codes of current occupancies leave this function — never a name or a phone.
    """
    require_lookup_user(actor)
    require_site(actor, site_id)
    name = require_text(name, "name", _("Enter the full name the visitor asked for."), 50)
    question = require_text(question, "question", _("Write down the visitor's question."), 200)
    residents = resident_list_for_user(actor, site_id=site_id).filter(name=name)
    rooms = sorted(
        {
            o.unit.code
            for r in residents
            for o in r.occupancies.all()
            if o.unit.site_id == site_id and not o.move_out
        }
    )
    VisitorLookup.objects.create(
        site_id=site_id,
        agent=actor,
        question=question,
        looked_up=name,
        visitor=visitor.strip()[:50],
        rooms=rooms,
    )
    return rooms
