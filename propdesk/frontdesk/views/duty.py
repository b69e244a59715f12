"""Duty log pages (客服前台值班记录表): list per day, one shift's log, entries, corrections, export."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.paging import page_of
from propdesk.core.signatures import signature_list_for

from .. import selectors, services
from ..forms import CorrectionForm, DayForm, EntryEditForm, EntryForm
from ..models import DutyLog, DutyLogEntry, MailLogDay, ShiftHandover
from ..permissions import can_act
from .common import desk_page, run_action, site_id_for, unit_by_code


@require_GET
@desk_page
def dutylog_list(request):
    form = DayForm(request.GET)
    day = form.cleaned_data["day"] if form.is_valid() else None
    site_id = site_id_for(request)
    page = page_of(
        request, selectors.duty_log_list_for_user(request.user, site_id=site_id, day=day)
    )
    desks = list(selectors.desk_list_for_user(request.user, site_id=site_id))
    ctx = {
        "form": form,
        "page": page,
        "day": day,
        "desks": desks,
        "entry_form": EntryForm(),
        "can_act": can_act(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "frontdesk/dutylog_list.html", ctx)


@require_GET
@desk_page
def dutylog_detail(request, pk: int):
    log = selectors.duty_log_get_for_user(request.user, pk)
    for h in log.handovers.filter(incoming=request.user):
        services.handover_record_read(actor=request.user, handover=h, part="log")
    entries = selectors.duty_entries_with_errata(log)
    ctx = {
        "log": log,
        "entries": entries,
        "signatures": signature_list_for(log),
        "can_act": can_act(request.user),
        "correction_form": CorrectionForm(),
        "me": request.user.pk,
        "statuses": DutyLogEntry.Status.choices,
    }
    return render(request, "frontdesk/dutylog_detail.html", ctx)


@require_POST
@desk_page
def entry_add(request, desk_pk: int):
    desk = selectors.desk_get_for_user(request.user, desk_pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.error(request, _("Write what happened."))
        return redirect("frontdesk:dutylog-list")
    d = form.cleaned_data
    unit = unit_by_code(request.user, desk.site_id, d.pop("unit_code"))
    return run_action(
        request,
        lambda: services.duty_entry_add(actor=request.user, desk=desk, unit=unit, **d),
        success=_("The entry was added to the duty log."),
        to="frontdesk:dutylog-list",
    )


@require_POST
@desk_page
def entry_edit(request, pk: int):
    """The writer edits an entry of the running shift; only the form's fields are sent (R-FS-9)."""
    entry = selectors.duty_entry_get_for_user(request.user, pk)
    form = EntryEditForm(request.POST)
    values = form.cleaned_data if form.is_valid() else {"content": ""}
    return run_action(
        request,
        lambda: services.duty_entry_update(actor=request.user, entry=entry, **values),
        success=_("The entry was saved."),
        to="frontdesk:dutylog-detail",
        args=[entry.log_id],
    )


@require_POST
@desk_page
def entry_correct(request, pk: int):
    entry = selectors.duty_entry_get_for_user(request.user, pk)
    form = CorrectionForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {"field": "", "new_value": "", "reason": ""}
    return run_action(
        request,
        lambda: services.duty_entry_correct(actor=request.user, entry=entry, **d),
        success=_("The correction was recorded."),
        to="frontdesk:dutylog-detail",
        args=[entry.log_id],
    )


SIGNABLE = {"dutylog": DutyLog, "handover": ShiftHandover, "mailday": MailLogDay}


@require_POST
@desk_page
def record_sign(request, kind: str, pk: int):
    model = SIGNABLE.get(kind)
    if model is None:
        raise Http404
    getters = {
        DutyLog: selectors.duty_log_get_for_user,
        ShiftHandover: selectors.handover_get_for_user,
        MailLogDay: selectors.mail_day_get_for_user,
    }
    target = getters[model](request.user, pk)
    slot, note = request.POST.get("slot", ""), request.POST.get("note", "")[:300]
    nxt = request.POST.get("next") == "review"
    return run_action(
        request,
        lambda: services.record_sign(actor=request.user, target=target, slot=slot, note=note),
        success=_("Signed."),
        to="frontdesk:review" if nxt else f"frontdesk:{kind}-detail",
        args=[] if nxt else [pk],
    )
