"""Shift handover pages: open, fill, hand over, read, ask/answer, accept or refuse, resolve."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core import openitems
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.paging import page_of
from propdesk.core.signatures import signature_list_for
from propdesk.people.roles import Role

from .. import selectors, services
from ..forms import CheckForm, HandoverEditForm, ResolveForm, TextForm, VersionForm
from ..models import HandoverCheck, ShiftHandover
from .common import desk_page, run_action, site_id_for

DETAIL = "frontdesk:handover-detail"


@require_GET
@desk_page
def handover_list(request):
    state = request.GET.get("state", "")
    state = state if state in ShiftHandover.State.values else ""
    qs = selectors.handover_list_for_user(request.user, site_id=site_id_for(request), state=state)
    ctx = {"page": page_of(request, qs), "state": state, "states": ShiftHandover.State.choices}
    return render(request, "frontdesk/handover_list.html", ctx)


@require_POST
@desk_page
def handover_open(request, desk_pk: int):
    desk = selectors.desk_get_for_user(request.user, desk_pk)
    running = selectors.handover_active_for_desk(desk)
    if running is not None:
        # No dead end: the desk's handover in progress is where the work continues.
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.info(request, _("This desk already has a handover in progress."))
        return redirect(DETAIL, running.pk)
    created = {}

    def act():
        created["h"] = services.handover_open(actor=request.user, desk=desk)

    resp = run_action(
        request, act, success=_("Handover opened; fill in the check items."), to="frontdesk:home"
    )
    if "h" in created:
        from django.shortcuts import redirect

        return redirect(DETAIL, created["h"].pk)
    return resp


@require_GET
@desk_page
def handover_detail(request, pk: int):
    h = selectors.handover_get_for_user(request.user, pk)
    services.handover_record_read(actor=request.user, handover=h, part="handover")
    agents = selectors.site_staff(h.site_id, [Role.AGENT, Role.SUPERVISOR]).exclude(
        pk=h.outgoing_id
    )
    live = openitems.open_items_for_site(request.user, h.site_id) if h.state == "draft" else None
    ctx = {
        "h": h,
        "me": request.user.pk,
        "live_items": live,
        "edit_form": HandoverEditForm(
            initial={"summary": h.summary, "notes": h.notes, "incoming": h.incoming_id},
            agents=agents,
        ),
        "results": HandoverCheck.Result.choices,
        "resolutions": ShiftHandover.Resolution.choices,
        "signatures": list(signature_list_for(h)),
        "events": event_list_for(h),
        "is_supervisor": request.user.has_any_role([Role.SUPERVISOR, Role.CS_MANAGER]),
        "is_manager": request.user.has_any_role([Role.CS_MANAGER, Role.CENTRE_MANAGER]),
        "can_cancel": services.can_cancel(request.user, h),
    }
    return render(request, "frontdesk/handover_detail.html", ctx)


@require_POST
@desk_page
def handover_edit(request, pk: int):
    h = selectors.handover_get_for_user(request.user, pk)
    agents = selectors.site_staff(h.site_id, [Role.AGENT, Role.SUPERVISOR])
    form = HandoverEditForm(request.POST, agents=agents)

    def act():
        if not form.is_valid():
            raise InvalidInput(_("Check the fields."))
        d = form.cleaned_data
        incoming = agents.filter(pk=d["incoming"]).first() if d["incoming"] else None
        services.handover_update(
            actor=request.user,
            handover=h,
            summary=d["summary"],
            notes=d["notes"],
            incoming=incoming,
        )

    return run_action(request, act, success=_("Saved."), to=DETAIL, args=[pk])


@require_POST
@desk_page
def handover_check(request, pk: int):
    h = selectors.handover_get_for_user(request.user, pk)
    form = CheckForm(request.POST)
    d = (
        form.cleaned_data
        if form.is_valid()
        else {"code": request.POST.get("code", ""), "result": "", "remark": ""}
    )
    return run_action(
        request,
        lambda: services.handover_check_set(actor=request.user, handover=h, **d),
        success=_("Check item saved."),
        to=DETAIL,
        args=[pk],
    )


@require_POST
@desk_page
def handover_action(request, pk: int, action: str):
    """submit / accept / refuse / resolve / ask / cancel: one POST per workflow step."""
    h = selectors.handover_get_for_user(request.user, pk)
    text = TextForm(request.POST)
    text = text.cleaned_data["text"] if text.is_valid() else ""
    version = VersionForm(request.POST)
    version = version.cleaned_data.get("version") if version.is_valid() else None
    resolve = ResolveForm(request.POST)
    res = resolve.cleaned_data if resolve.is_valid() else {"resolution": "", "note": ""}
    u = request.user
    actions = {
        "submit": lambda: services.handover_submit(actor=u, handover=h, expected_version=version),
        "accept": lambda: services.handover_accept(actor=u, handover=h, expected_version=version),
        "refuse": lambda: services.handover_refuse(actor=u, handover=h, reason=text),
        "resolve": lambda: services.handover_resolve(actor=u, handover=h, **res),
        "ask": lambda: services.handover_ask(actor=u, handover=h, question=text),
        "cancel": lambda: services.handover_cancel(
            actor=u, handover=h, reason=text, expected_version=version
        ),
    }
    if action not in actions:
        from django.http import Http404

        raise Http404
    return run_action(request, actions[action], success=_("Saved."), to=DETAIL, args=[pk])


@require_POST
@desk_page
def handover_answer(request, pk: int, question_pk: int):
    h = selectors.handover_get_for_user(request.user, pk)
    question = h.questions.filter(pk=question_pk).first()
    if question is None:
        from django.http import Http404

        raise Http404
    text = TextForm(request.POST)
    answer = text.cleaned_data["text"] if text.is_valid() else ""
    return run_action(
        request,
        lambda: services.handover_answer(actor=request.user, question=question, answer=answer),
        success=_("Answer recorded."),
        to=DETAIL,
        args=[pk],
    )
