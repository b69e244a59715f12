"""Custody transfer pages (R-AR-6): the transfer lists, draw one up from the records in my
custody, a list with its two signature lines, sign, withdraw."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.signatures import signature_list_for
from propdesk.people.models import User
from propdesk.people.roles import Role

from .. import services
from ..models import CustodyTransfer
from ..permissions import is_archivist
from ..services.transfer import signed_slots, slot_of
from .common import run_action, version_of

TRANSFER_READERS = frozenset({Role.ARCHIVIST, Role.GM, Role.AUDITOR})


def may_read_transfers(user) -> bool:
    return bool(user.is_active and user.has_any_role(TRANSFER_READERS))


def transfer_get_for_user(user, pk: int) -> CustodyTransfer:
    if not may_read_transfers(user):
        raise Http404
    return get_object_or_404(CustodyTransfer.objects.select_related("from_user", "to_user"), pk=pk)


def archivists():
    return User.objects.filter(is_active=True, groups__name=Role.ARCHIVIST).distinct()


@require_GET
@login_required
def transfer_list(request):
    if not may_read_transfers(request.user):
        raise PermissionDenied
    qs = CustodyTransfer.objects.select_related("from_user", "to_user")
    ctx = {"page": page_of(request, qs), "can_propose": is_archivist(request.user)}
    return render(request, "archives/transfer_list.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def transfer_new(request):
    user = request.user
    if not is_archivist(user):
        raise Http404
    if request.method == "POST":
        made = {}
        raw_to = request.POST.get("to_user", "")
        to_user = archivists().filter(pk=raw_to).first() if raw_to.isdigit() else None

        def act():
            made["t"] = services.transfer_propose(
                actor=user,
                to_user=to_user,
                records=request.POST.getlist("records"),
                note=request.POST.get("note", ""),
            )

        if run_action(
            request,
            act,
            success=_("The transfer list is signed and waits for the other archivist."),
        ):
            return redirect("archives:transfer-detail", made["t"].pk)
    ctx = {
        "page": page_of(request, services.transferable(user), per_page=200),
        "archivists": archivists().exclude(pk=user.pk),
    }
    return render(request, "archives/transfer_form.html", ctx)


@require_GET
@login_required
def transfer_detail(request, pk: int):
    t = transfer_get_for_user(request.user, pk)
    slot = slot_of(t, request.user)
    done = signed_slots(t)
    open_ = t.state == CustodyTransfer.State.OPEN
    ctx = {
        "t": t,
        "records": page_of(
            request, t.records.select_related("archive_class", "site").order_by("number")
        ),
        "signatures": list(signature_list_for(t).order_by("id")),
        "can_sign": open_ and is_archivist(request.user) and slot is not None and slot not in done,
        "can_cancel": open_ and is_archivist(request.user) and slot is not None,
        "timeline": list(event_list_for(t).order_by("-created_at", "-id")),
    }
    return render(request, "archives/transfer_detail.html", ctx)


@require_POST
@login_required
def transfer_action(request, pk: int, action: str):
    t = transfer_get_for_user(request.user, pk)
    fns = {"sign": services.transfer_sign, "cancel": services.transfer_cancel}
    if action not in fns:
        raise Http404
    run_action(
        request,
        lambda: fns[action](actor=request.user, transfer=t, version=version_of(request)),
        success=_("Signed.") if action == "sign" else _("The transfer list is withdrawn."),
    )
    return redirect("archives:transfer-detail", t.pk)


@require_GET
@login_required
def transfer_print(request, pk: int):
    """The custody transfer list as a PDF, with both signature lines (R-AR-6)."""
    from propdesk.core.printing import pdf_response

    from .. import printing

    t = transfer_get_for_user(request.user, pk)
    records = list(t.records.select_related("site", "site__company").order_by("number"))
    buffer = printing.transfer_pdf(t, records, list(signature_list_for(t)))
    return pdf_response(buffer, f"{_('Archive custody transfer list')} {t.pk}.pdf")
