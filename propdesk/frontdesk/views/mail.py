"""Mail and parcel pages (邮件收发记录表): register, list, hand over, return, remind, newspapers, export."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import (
    attachment_get_for_parent,
    attachment_list_for,
    attachment_response,
)
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.paging import page_of
from propdesk.core.web import run_service

from .. import selectors, services
from ..forms import HandOverForm, MailForm, TextForm
from ..models import MailItem, MailNotice
from ..permissions import can_act
from .common import desk_page, run_action, site_id_for, unit_by_code


@require_GET
@desk_page
def mail_list(request):
    state = request.GET.get("state", "waiting")
    overdue = request.GET.get("overdue") == "1"
    q = request.GET.get("q", "")[:60]
    site_id = site_id_for(request)
    qs = selectors.mail_list_for_user(
        request.user, site_id=site_id, state=state, q=q, overdue=overdue
    )
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "overdue": overdue,
        "q": q,
        "can_act": can_act(request.user),
        "site_id": site_id,
        "today": timezone.localdate(),
        "overdue_days": selectors.parcel_overdue_days(),
        "days": selectors.mail_day_list_for_user(request.user, site_id=site_id)[:7],
    }
    return render(request, "frontdesk/mail_list.html", ctx)


@require_http_methods(["GET", "POST"])
@desk_page
def mail_new(request):
    site_id = site_id_for(request)
    form = MailForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = unit_by_code(request.user, site_id, d["unit_code"])
        item = {}

        def act():
            if unit is None:
                raise InvalidInput(_("No such unit at this site."))
            item["m"] = services.mail_register(
                actor=request.user,
                site_id=site_id,
                unit=unit,
                kind=d["kind"],
                carrier=d["carrier"],
                tracking_no=d["tracking_no"],
                shelf=d["shelf"],
                pieces=d["pieces"],
                condition=d["condition"],
                photo=d["photo"],
            )

        if run_service(request, act, success=""):
            level, text = _told(item["m"])
            messages.add_message(request, level, text)
            return redirect("frontdesk:mail-new")
    return render(request, "frontdesk/mail_form.html", {"form": form, "no_site": site_id is None})


def _told(item: MailItem) -> tuple[int, str]:
    """What the desk may say about the notice: only what was really sent (R-FD-4)."""
    texting = any(n.channel == MailNotice.Channel.SMS for n in item.notices.all())
    if item.state == MailItem.State.NOTIFIED and texting:
        text = _(
            "%(number)s registered; the resident was notified in the app, and a text message "
            "is on its way."
        )
    elif item.state == MailItem.State.NOTIFIED:
        text = _(
            "%(number)s registered; the resident was notified in the app with the pickup code."
        )
    elif texting:
        text = _(
            "%(number)s registered; a text message with the pickup code is on its way to the "
            "resident."
        )
    elif item.kind == MailItem.Kind.NEWSPAPER:
        text = _("%(number)s registered.")
    else:
        text = _(
            "%(number)s registered, but the resident could not be notified: no portal login and "
            "no text-message channel. Call them; at pickup, check their ID."
        )
        return messages.WARNING, text % {"number": item.number}
    return messages.SUCCESS, text % {"number": item.number}


@require_GET
@desk_page
def mail_detail(request, pk: int):
    item = selectors.mail_get_for_user(request.user, pk)
    ctx = {
        "item": item,
        "notices": selectors.mail_notices_of(item),
        "can_resend": services.can_resend(request.user, item),
        "form": HandOverForm(initial={"version": item.version}),
        "can_act": can_act(request.user),
        "events": event_list_for(item),
        "photos": attachment_list_for(item),
    }
    return render(request, "frontdesk/mail_detail.html", ctx)


@require_GET
@desk_page
def mail_photo(request, pk: int, key: str):
    item = selectors.mail_get_for_user(request.user, pk)
    return attachment_response(attachment_get_for_parent(item, key))


@require_POST
@desk_page
def mail_hand_over(request, pk: int):
    item = selectors.mail_get_for_user(request.user, pk)
    form = HandOverForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {"picked_up_by_name": ""}
    version = d.pop("version", None)
    return run_action(
        request,
        lambda: services.mail_hand_over(
            actor=request.user, item=item, expected_version=version, **d
        ),
        success=_("Handed over."),
        to="frontdesk:mail-detail",
        args=[pk],
    )


@require_POST
@desk_page
def mail_resend(request, pk: int):
    """Send the pickup code to the resident again (the desk never sees it). R-FD-4."""
    item = selectors.mail_get_for_user(request.user, pk)
    return run_action(
        request,
        lambda: services.mail_code_resend(actor=request.user, item=item),
        success=_("The pickup code is being sent to the resident again."),
        to="frontdesk:mail-detail",
        args=[pk],
    )


@require_POST
@desk_page
def mail_return(request, pk: int):
    item = selectors.mail_get_for_user(request.user, pk)
    form = TextForm(request.POST)
    reason = form.cleaned_data["text"] if form.is_valid() else ""
    return run_action(
        request,
        lambda: services.mail_return(actor=request.user, item=item, reason=reason),
        success=_("Marked as returned to the sender."),
        to="frontdesk:mail-detail",
        args=[pk],
    )


@require_POST
@desk_page
def mail_remind(request):
    count = {}

    def act():
        if not can_act(request.user):
            from propdesk.core.exceptions import NotAllowed

            raise NotAllowed()
        count["n"] = services.mail_remind_overdue(actor=request.user, site_id=site_id_for(request))

    resp = run_action(request, act, success=_("Reminders sent."), to="frontdesk:mail-list")
    return resp


@require_POST
@desk_page
def newspapers_deliver(request):
    site_id = site_id_for(request)

    def act():
        if site_id is None:
            raise InvalidInput(_("Choose a site first."))
        services.newspaper_deliver(actor=request.user, site_id=site_id)

    return run_action(
        request, act, success=_("Today's newspapers were registered."), to="frontdesk:mail-list"
    )


@require_GET
@desk_page
def mail_day_detail(request, pk: int):
    day = selectors.mail_day_get_for_user(request.user, pk)
    from propdesk.core.signatures import signature_list_for

    items = selectors.mail_for_day(request.user, site_id=day.site_id, day=day.date)
    return render(
        request,
        "frontdesk/mailday_detail.html",
        {"day": day, "items": items, "signatures": signature_list_for(day)},
    )
