"""API: duty logs, entries and corrections, handovers and their workflow, review signatures."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Status

from propdesk.core.api import Id, Limit, Offset, one_of, paginate, refuse_unknown_choice
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.core.updates import sent_fields
from propdesk.orgs.selectors import unit_get_for_user
from propdesk.people.roles import Role

from .. import selectors, services
from ..models import ShiftHandover
from ..permissions import require_desk_reader
from . import router
from .schemas import (
    CancelIn,
    CheckIn,
    CorrectIn,
    DutyLogDetailOut,
    DutyLogPage,
    EntryIn,
    EntryOut,
    EntryUpdateIn,
    HandoverDetailOut,
    HandoverOpenIn,
    HandoverPage,
    HandoverUpdateIn,
    QuestionIn,
    QuestionOut,
    ResolveIn,
    SignatureOut,
    SignIn,
    TextIn,
    VersionIn,
)

AGENT_ROLES = [Role.AGENT, Role.SUPERVISOR]


def _staff(site_id: int, user_id: int | None, field: str = "incoming_id"):
    """The agent `user_id` of the site; an id that names nobody there is refused, never dropped."""
    if user_id is None:
        return None
    user = selectors.site_staff(site_id, AGENT_ROLES).filter(pk=user_id).first()
    if user is None:
        raise InvalidInput(
            _("Check the marked fields."), fields={field: _("Not an agent of this site.")}
        )
    return user


def _unit(user, unit_id: int):
    """A unit the user can see; an unknown one is refused (400), never dropped."""
    from django.http import Http404

    try:
        return unit_get_for_user(user, unit_id)
    except Http404:
        raise InvalidInput(
            _("Check the marked fields."), fields={"unit_id": _("Not found.")}
        ) from None


@router.get("/desk/duty-logs/", response=DutyLogPage)
def dutylog_list(
    request,
    site_id: Id | None = None,
    day: date | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    require_desk_reader(request.auth)
    qs = selectors.duty_log_list_for_user(request.auth, site_id=site_id, day=day)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/desk/duty-logs/{log_id}", response=DutyLogDetailOut)
def dutylog_get(request, log_id: int):
    require_desk_reader(request.auth)
    log = selectors.duty_log_get_for_user(request.auth, log_id)
    for h in log.handovers.filter(incoming=request.auth):
        services.handover_record_read(actor=request.auth, handover=h, part="log")
    return log


@router.post("/desk/duty-log-entries/", response={201: EntryOut})
def entry_create(request, payload: EntryIn):
    desk = selectors.desk_get_for_user(request.auth, payload.desk_id)
    unit = unit_get_for_user(request.auth, payload.unit_id) if payload.unit_id else None

    def make():
        data = payload.dict(exclude={"desk_id", "unit_id"})
        entry = services.duty_entry_add(actor=request.auth, desk=desk, unit=unit, **data)
        entry.errata = []  # a new entry has no corrections yet
        return 201, EntryOut.from_orm(entry).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)


@router.post("/desk/duty-log-entries/{entry_id}/update", response=EntryOut)
def entry_update(request, entry_id: int, payload: EntryUpdateIn):
    """Edit an entry of the running shift (its writer); only the fields sent change (R-FS-9)."""
    entry = selectors.duty_entry_get_for_user(request.auth, entry_id)
    values = sent_fields(payload)
    if "unit_id" in values:
        unit_id = values.pop("unit_id")
        values["unit"] = _unit(request.auth, unit_id) if unit_id is not None else None
    services.duty_entry_update(
        actor=request.auth, entry=entry, expected_version=payload.version, **values
    )
    return entry


@router.post("/desk/duty-log-entries/{entry_id}/correct", response=EntryOut)
def entry_correct(request, entry_id: int, payload: CorrectIn):
    """R-FM-6: correct an entry of a handed-over shift; the answer lists its `corrections`."""
    entry = selectors.duty_entry_get_for_user(request.auth, entry_id)
    services.duty_entry_correct(actor=request.auth, entry=entry, **payload.dict())
    entry.refresh_from_db()
    return entry


@router.post("/desk/duty-logs/{log_id}/sign", response=SignatureOut)
def dutylog_sign(request, log_id: int, payload: SignIn):
    log = selectors.duty_log_get_for_user(request.auth, log_id)
    return services.record_sign(actor=request.auth, target=log, **payload.dict())


@router.post("/desk/mail-days/{day_id}/sign", response=SignatureOut)
def mailday_sign(request, day_id: int, payload: SignIn):
    day = selectors.mail_day_get_for_user(request.auth, day_id)
    return services.record_sign(actor=request.auth, target=day, **payload.dict())


@router.get("/desk/handovers/", response=HandoverPage)
def handover_list(
    request,
    site_id: Id | None = None,
    state: one_of(ShiftHandover.State.values) = "",
    limit: Limit = 25,
    offset: Offset = 0,
):
    require_desk_reader(request.auth)
    refuse_unknown_choice("state", state, ShiftHandover.State.values)
    qs = selectors.handover_list_for_user(request.auth, site_id=site_id, state=state)
    return paginate(qs, limit=limit, offset=offset)


def _detail(h):
    return HandoverDetailOut.from_orm(h)


@router.get("/desk/handovers/{handover_id}", response=HandoverDetailOut)
def handover_get(request, handover_id: int):
    require_desk_reader(request.auth)
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_record_read(actor=request.auth, handover=h, part="handover")
    return _detail(h)


@router.post("/desk/handovers/", response={201: HandoverDetailOut})
def handover_create(request, payload: HandoverOpenIn):
    desk = selectors.desk_get_for_user(request.auth, payload.desk_id)

    def make():
        incoming = _staff(desk.site_id, payload.incoming_id)
        h = services.handover_open(
            actor=request.auth, desk=desk, summary=payload.summary, incoming=incoming
        )
        h = selectors.handover_get_for_user(request.auth, h.pk)
        return 201, _detail(h).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=make)


@router.post("/desk/handovers/{handover_id}/update", response=HandoverDetailOut)
def handover_update(request, handover_id: int, payload: HandoverUpdateIn):
    """Change only the fields sent (R-HO-2); send the `version` you read to guard against overwrites."""
    h = selectors.handover_get_for_user(request.auth, handover_id)
    values = sent_fields(payload)
    if "incoming_id" in values:
        values["incoming"] = _staff(h.site_id, values.pop("incoming_id"))
    services.handover_update(
        actor=request.auth, handover=h, expected_version=payload.version, **values
    )
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/cancel", response=HandoverDetailOut)
def handover_cancel(request, handover_id: int, payload: CancelIn):
    """Cancel a draft (its author or a shift lead); the desk can then be handed over anew (R-HO-6)."""
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_cancel(
        actor=request.auth, handover=h, reason=payload.reason, expected_version=payload.version
    )
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/check", response=HandoverDetailOut)
def handover_check(request, handover_id: int, payload: CheckIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_check_set(actor=request.auth, handover=h, **payload.dict())
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/submit", response=HandoverDetailOut)
def handover_submit(request, handover_id: int, payload: VersionIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_submit(actor=request.auth, handover=h, expected_version=payload.version)
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/accept", response=HandoverDetailOut)
def handover_accept(request, handover_id: int, payload: VersionIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_accept(actor=request.auth, handover=h, expected_version=payload.version)
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/refuse", response=HandoverDetailOut)
def handover_refuse(request, handover_id: int, payload: TextIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_refuse(actor=request.auth, handover=h, reason=payload.text)
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/resolve", response=HandoverDetailOut)
def handover_resolve(request, handover_id: int, payload: ResolveIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    services.handover_resolve(actor=request.auth, handover=h, **payload.dict())
    return _detail(selectors.handover_get_for_user(request.auth, handover_id))


@router.post("/desk/handovers/{handover_id}/ask", response={201: QuestionOut})
def handover_ask(request, handover_id: int, payload: QuestionIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    return Status(201, services.handover_ask(actor=request.auth, handover=h, question=payload.text))


@router.post("/desk/handovers/{handover_id}/questions/{question_id}/answer", response=QuestionOut)
def handover_answer(request, handover_id: int, question_id: int, payload: TextIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    from django.http import Http404

    q = h.questions.filter(pk=question_id).first()
    if q is None:
        raise Http404
    return services.handover_answer(actor=request.auth, question=q, answer=payload.text)


@router.post("/desk/handovers/{handover_id}/sign", response=SignatureOut)
def handover_sign(request, handover_id: int, payload: SignIn):
    h = selectors.handover_get_for_user(request.auth, handover_id)
    return services.record_sign(actor=request.auth, target=h, **payload.dict())
