"""Shift handover writes (交接班). R-HO-1 … R-HO-7, R-FS-2."""

from dataclasses import asdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core import openitems
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.numbering import number_next
from propdesk.core.signatures import signature_request, signature_sign
from propdesk.core.statemachine import StateMachine, Transition, transition_apply
from propdesk.core.updates import require_known, update_apply
from propdesk.notify.services import notify
from propdesk.people.roles import Role

from ..checklists import checklist_to_store
from ..models import HandoverCheck, HandoverQuestion, ShiftHandover
from ..permissions import AGENTS, SUPERVISORS, require_desk_agent
from ..selectors import handover_active_for_desk, shift_at, site_staff
from .common import current_holding, holding_move, require_site, require_text
from .duty import duty_log_for_shift

S = ShiftHandover.State
HANDOVER_FLOW = StateMachine(
    {
        "submit": Transition(sources={S.DRAFT}, target=S.SUBMITTED, roles=AGENTS),
        "accept": Transition(sources={S.SUBMITTED, S.RESOLVED}, target=S.ACCEPTED, roles=AGENTS),
        "refuse": Transition(sources={S.SUBMITTED, S.RESOLVED}, target=S.REFUSED, roles=AGENTS),
        "resolve": Transition(sources={S.REFUSED}, target=S.RESOLVED, roles=SUPERVISORS),
        # A draft binds the desk (one handover in progress per desk): its author or a lead frees it.
        "cancel": Transition(sources={S.DRAFT}, target=S.CANCELLED, roles=AGENTS | SUPERVISORS),
    }
)
EDITABLE = frozenset({"summary", "notes", "incoming"})


def _url(h: ShiftHandover) -> str:
    return reverse("frontdesk:handover-detail", args=[h.pk])


@transaction.atomic
def handover_open(*, actor, desk, summary: str = "", incoming=None) -> ShiftHandover:
    """The desk holder opens the handover of the running shift, with the desk's check items. R-HO-2."""
    require_desk_agent(actor)
    require_site(actor, desk.site_id)
    holding = current_holding(desk)
    if holding is not None and holding.holder_id != actor.pk:
        raise NotAllowed(_("Only the agent holding the desk can hand it over."), code="not_holder")
    if handover_active_for_desk(desk) is not None:
        raise Conflict(_("This desk already has a handover in progress."), code="in_progress")
    shift, day = shift_at(desk)
    if shift is None:
        raise InvalidInput(_("This desk has no shift at this time."), code="no_shift")
    if incoming is not None:
        _check_incoming(incoming, outgoing_id=actor.pk, site_id=desk.site_id)
    if holding is None:
        holding_move(desk=desk, holder=actor, reason="start")
    h = ShiftHandover.objects.create(
        site_id=desk.site_id,
        desk=desk,
        shift=shift,
        date=day,
        number=number_next(scheme="JB", site_id=desk.site_id, year=day.year),
        duty_log=duty_log_for_shift(desk=desk, shift=shift, day=day, recorder=actor),
        outgoing=actor,
        incoming=incoming,
        summary=summary.strip()[:4000],
    )
    checks = checklist_to_store(kind="handover", desk_id=desk.pk)
    HandoverCheck.objects.bulk_create(
        HandoverCheck(handover=h, code=c, label=label[:100], sort_order=i)
        for i, (c, label) in enumerate(checks)
    )
    event_record(target=h, code="opened", actor=actor)
    return h


def _require_outgoing(actor, h: ShiftHandover) -> None:
    require_desk_agent(actor)
    if h.outgoing_id != actor.pk:
        raise NotAllowed(_("Only the outgoing agent can do this."), code="not_outgoing")


def _require_incoming(actor, h: ShiftHandover) -> None:
    require_desk_agent(actor)
    if h.incoming_id != actor.pk:
        raise NotAllowed(_("Only the incoming agent can do this."), code="not_incoming")


def _check_incoming(incoming, *, outgoing_id: int, site_id: int) -> None:
    """The incoming person is another agent (or lead) working at the handover's site."""
    ok = incoming.pk != outgoing_id and incoming.is_active and incoming.has_any_role(AGENTS)
    if ok:
        try:
            require_site(incoming, site_id)
        except NotFound:
            ok = False
    if not ok:
        raise InvalidInput(
            _("Name the incoming agent (another agent of this desk)."),
            fields={"incoming": _("Choose another agent of this site.")},
        )


@transaction.atomic
def handover_update(
    *, actor, handover: ShiftHandover, expected_version: int | None = None, **values
) -> ShiftHandover:
    """Change exactly the given fields of the draft (summary, notes, incoming); old → new recorded.

    A field not given is left alone; `incoming=None` clears the incoming agent. R-HO-2.
    """
    _require_outgoing(actor, handover)
    if handover.state != S.DRAFT:
        raise Conflict(_("Only a draft can be edited."), code="wrong_state")
    require_known(values, EDITABLE)
    for text in ("summary", "notes"):
        if text in values:
            values[text] = (values[text] or "").strip()[:4000]
    if values.get("incoming") is not None:
        _check_incoming(
            values["incoming"], outgoing_id=handover.outgoing_id, site_id=handover.site_id
        )
    update_apply(obj=handover, values=values, actor=actor, expected_version=expected_version)
    return handover


@transaction.atomic
def handover_cancel(
    *, actor, handover: ShiftHandover, reason: str = "", expected_version: int | None = None
) -> ShiftHandover:
    """Cancel a draft (its author, or a shift lead of the site): the desk is free again. R-HO-6."""
    require_site(actor, handover.site_id)
    if handover.outgoing_id != actor.pk and not actor.has_any_role(SUPERVISORS):
        raise NotAllowed(
            _("Only the outgoing agent or a shift lead can cancel this draft."), code="not_outgoing"
        )
    transition_apply(
        obj=handover,
        machine=HANDOVER_FLOW,
        action="cancel",
        actor=actor,
        expected_version=expected_version,
        changes={"cancelled_at": timezone.now()},
        note=(reason or "").strip()[:500],
    )
    return handover


def can_cancel(user, handover: ShiftHandover) -> bool:
    """Whether `handover_cancel` would let `user` cancel it now (for the button)."""
    allowed = HANDOVER_FLOW.allowed_actions(state=handover.state, user=user)
    mine = handover.outgoing_id == user.pk or user.has_any_role(SUPERVISORS)
    return "cancel" in allowed and mine


@transaction.atomic
def handover_check_set(*, actor, handover: ShiftHandover, code: str, result: str, remark: str = ""):
    """Fill one check item (pass/fail/n.a.); a failure needs a remark. R-HO-1, R-HO-4."""
    fixing = handover.state == S.REFUSED and actor.has_any_role(SUPERVISORS)
    if not fixing:
        _require_outgoing(actor, handover)
    if handover.state not in (S.DRAFT, S.REFUSED):
        raise Conflict(_("Check items are filled before handing over."), code="wrong_state")
    if result not in HandoverCheck.Result.values:
        raise InvalidInput(
            _("Choose pass, fail or not applicable."), fields={"result": _("Required.")}
        )
    if result == HandoverCheck.Result.FAIL and not remark.strip():
        raise InvalidInput(
            _("Say what is wrong."), fields={"remark": _("Required for a failed item.")}
        )
    check = handover.checks.filter(code=code).first()
    if check is None:
        raise InvalidInput(_("Unknown check item."), code="bad_item")
    check.result, check.remark = result, remark.strip()[:300]
    check.checked_by, check.checked_at = actor, timezone.now()
    check.save(update_fields=["result", "remark", "checked_by", "checked_at"])
    event_record(
        target=handover, code="checked", actor=actor, data={"item": code, "result": result}
    )
    return check


@transaction.atomic
def handover_submit(*, actor, handover: ShiftHandover, expected_version: int | None = None):
    """Hand over: snapshot the open items, sign as outgoing, tell the incoming agent. R-HO-2, R-HO-7."""
    _require_outgoing(actor, handover)
    incoming = handover.incoming
    if incoming is None:
        raise InvalidInput(
            _("Name the incoming agent (another agent of this desk)."),
            fields={"incoming": _("Required.")},
        )
    _check_incoming(incoming, outgoing_id=actor.pk, site_id=handover.site_id)
    items = [asdict(i) for i in openitems.open_items_for_site(actor, handover.site_id)]
    for item in items:
        item["due_at"] = item["due_at"].isoformat() if item["due_at"] else None
    transition_apply(
        obj=handover,
        machine=HANDOVER_FLOW,
        action="submit",
        actor=actor,
        expected_version=expected_version,
        changes={"open_items": items, "submitted_at": timezone.now()},
    )
    signature_request(target=handover, slot="outgoing", requested_by=actor, summary=handover.number)
    signature_sign(target=handover, slot="outgoing", actor=actor)
    _sign_log_as_outgoing(handover.duty_log, actor)
    signature_request(target=handover, slot="incoming", requested_by=actor, summary=handover.number)
    notify(
        recipients=[incoming],
        code="handover.submitted",
        title=gettext("Handover %(number)s is waiting for you") % {"number": handover.number},
        url=_url(handover),
        site_id=handover.site_id,
        dedupe_key=f"handover.submitted.{handover.pk}.{handover.version}",
    )
    return handover


def _sign_log_as_outgoing(log, actor) -> None:
    """The first handover of a shift signs its duty log as outgoing (R-HO-7).

    A second handover in the same shift (B hands back after taking over from A) belongs to the
    same, already signed log: it signs only its own record, so it can still be handed over.
    """
    line = signature_request(target=log, slot="outgoing", requested_by=actor, summary=log.number)
    if line.signer_id is None:
        signature_sign(target=log, slot="outgoing", actor=actor)


@transaction.atomic
def handover_record_read(*, actor, handover: ShiftHandover, part: str) -> bool:
    """Record that the incoming agent opened the duty log or the handover (R-HO-3); first time only."""
    field = {"log": "log_read_at", "handover": "handover_read_at"}[part]
    waiting = (S.SUBMITTED, S.RESOLVED, S.REFUSED)
    if handover.incoming_id != actor.pk or handover.state not in waiting:
        return False
    if getattr(handover, field) is not None:
        return False
    now = timezone.now()
    ShiftHandover.objects.filter(pk=handover.pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    setattr(handover, field, now)
    event_record(target=handover, code=f"read.{part}", actor=actor)
    return True


@transaction.atomic
def handover_ask(*, actor, handover: ShiftHandover, question: str) -> HandoverQuestion:
    """The incoming agent asks the outgoing one a question (recorded). R-HO-4."""
    _require_incoming(actor, handover)
    if handover.state not in (S.SUBMITTED, S.RESOLVED):
        raise Conflict(_("Questions are asked while the handover waits for acceptance."))
    text = require_text(question, "question", _("Write the question."), 1000)
    q = HandoverQuestion.objects.create(handover=handover, question=text, asked_by=actor)
    event_record(target=handover, code="question_asked", actor=actor, data={"question": q.pk})
    notify(
        recipients=[handover.outgoing],
        code="handover.question",
        title=gettext("A question on handover %(number)s") % {"number": handover.number},
        body=text,
        url=_url(handover),
        site_id=handover.site_id,
        dedupe_key=f"handover.question.{q.pk}",
    )
    return q


@transaction.atomic
def handover_answer(*, actor, question: HandoverQuestion, answer: str) -> HandoverQuestion:
    """The outgoing agent answers a question (once). R-HO-4."""
    h = question.handover
    _require_outgoing(actor, h)
    text = require_text(answer, "answer", _("Write the answer."), 2000)
    updated = HandoverQuestion.objects.filter(pk=question.pk, answered_at__isnull=True).update(
        answer=text, answered_by=actor, answered_at=timezone.now()
    )
    if updated != 1:
        raise Conflict(_("This question has already been answered."), code="already_answered")
    question.refresh_from_db()
    event_record(target=h, code="question_answered", actor=actor, data={"question": question.pk})
    return question


def _acceptance_blockers(h: ShiftHandover) -> dict:
    blockers = {}
    if h.log_read_at is None or h.handover_read_at is None:
        blockers["read"] = _("Open the duty log and the handover before accepting.")
    if h.checks.filter(result="").exists():
        blockers["checks"] = _("Every check item must be filled.")
    if h.questions.filter(answered_at__isnull=True).exists():
        blockers["questions"] = _("Every question must be answered.")
    return blockers


@transaction.atomic
def handover_accept(*, actor, handover: ShiftHandover, expected_version: int | None = None):
    """Take over the desk: only after reading, with all items filled and questions answered. R-HO-3, R-HO-6."""
    _require_incoming(actor, handover)
    HANDOVER_FLOW.check(action="accept", state=handover.state, user=actor)
    blockers = _acceptance_blockers(handover)
    if blockers:
        raise Conflict(
            " ".join(str(v) for v in blockers.values()), code="not_ready", fields=blockers
        )
    now = timezone.now()
    transition_apply(
        obj=handover,
        machine=HANDOVER_FLOW,
        action="accept",
        actor=actor,
        expected_version=expected_version,
        changes={"accepted_at": now},
    )
    log = handover.duty_log
    type(log).objects.filter(pk=log.pk, closed_at__isnull=True).update(closed_at=now)
    log.closed_at = log.closed_at or now
    signature_sign(target=handover, slot="incoming", actor=actor)
    for slot in ("supervisor", "manager"):
        signature_request(
            target=handover, slot=slot, requested_by=handover.outgoing, summary=handover.number
        )
    for slot in ("countersign", "manager"):
        signature_request(target=log, slot=slot, requested_by=log.recorder, summary=log.number)
    holding_move(desk=handover.desk, holder=actor, reason="handover")
    return handover


@transaction.atomic
def handover_refuse(*, actor, handover: ShiftHandover, reason: str):
    """Refuse to take over with a reason: the supervisor is told at once; the outgoing keeps the desk. R-HO-5."""
    _require_incoming(actor, handover)
    text = require_text(reason, "reason", _("Give the reason for refusing."), 2000)
    transition_apply(
        obj=handover,
        machine=HANDOVER_FLOW,
        action="refuse",
        actor=actor,
        changes={"refusal_reason": text, "refused_at": timezone.now()},
        note=text,
    )
    notify(
        recipients=site_staff(handover.site_id, [Role.SUPERVISOR]),
        code="handover.refused",
        title=gettext("Handover %(number)s was refused") % {"number": handover.number},
        body=text,
        url=_url(handover),
        site_id=handover.site_id,
        dedupe_key=f"handover.refused.{handover.pk}.{handover.version}",
    )
    return handover


@transaction.atomic
def handover_resolve(*, actor, handover: ShiftHandover, resolution: str, note: str):
    """The supervisor settles a refusal: the outgoing finished the work, or the supervisor takes the desk. R-HO-5."""
    if resolution not in ShiftHandover.Resolution.values:
        raise InvalidInput(_("Choose how it was resolved."), fields={"resolution": _("Required.")})
    text = require_text(note, "note", _("Say what was done."), 2000)
    transition_apply(
        obj=handover,
        machine=HANDOVER_FLOW,
        action="resolve",
        actor=actor,
        note=text,
        changes={
            "resolution": resolution,
            "resolution_note": text,
            "resolved_by": actor,
            "resolved_at": timezone.now(),
        },
    )
    if resolution == ShiftHandover.Resolution.SUPERVISOR_TOOK_OVER:
        holding_move(desk=handover.desk, holder=actor, reason="takeover")
    notify(
        recipients=[handover.outgoing, handover.incoming],
        code="handover.resolved",
        title=gettext("Handover %(number)s was resolved by the supervisor")
        % {"number": handover.number},
        body=text,
        url=_url(handover),
        site_id=handover.site_id,
        dedupe_key=f"handover.resolved.{handover.pk}.{handover.version}",
    )
    return handover
