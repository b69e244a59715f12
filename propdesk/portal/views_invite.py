"""Invitations to the portal: the desk makes (prints or shows) and revokes them from the
resident's directory page; the resident opens the link and signs in (`portal.invitations`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from propdesk.core import printing as p
from propdesk.core.access import get_or_404
from propdesk.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from propdesk.core.forms import StyledForm
from propdesk.core.masking import mask_phone
from propdesk.people import selectors as people
from propdesk.records.selectors import template_version_for

from . import invitations
from .forms import unknown_fields

FORM_CODE = "portal_invitation"


class InviteForm(StyledForm):
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=invitations.MAX_DAYS,
        initial=invitations.DEFAULT_DAYS,
    )
    output = forms.ChoiceField(
        label=gettext_lazy("Give it as"),
        choices=[("print", gettext_lazy("Print with the QR code")), ("link", gettext_lazy("Link"))],
        initial="print",
    )
    FIELDS = {"days", "output"}


def invite_link(request, raw: str) -> str:
    return request.build_absolute_uri(reverse("portal:invite", args=[raw]))


def invitation_pdf(request, inv, raw: str):
    """The paper the desk hands over: who it is for (masked number), until when, the QR."""
    resident = inv.resident
    doc = p.PrintDocument(
        company=inv.site.company,
        form_name=_("Resident portal invitation"),
        record_number=f"{inv.site.name}",
        template_version=template_version_for(FORM_CODE, at=inv.created_at),
    )
    link = invite_link(request, raw)
    story = [
        p.title(_("Resident portal invitation")),
        p.field_table(
            [
                (_("Resident"), resident.name),
                (_("Mobile number"), mask_phone(resident.phone)),
                (_("Site"), inv.site.name),
                (_("Valid until"), timezone.localtime(inv.expires_at)),
            ],
            columns=1,
        ),
        p.para(
            _(
                "Scan the code with your phone (WeChat works) and press the button on the page: "
                "you are signed in to the resident portal. The code works once; keep this paper "
                "to yourself."
            )
        ),
        p.QRCode(link, size=60 * p.mm),
        p.para(link, "small"),
    ]
    return p.pdf_response(doc.build(story), "invitation.pdf")


def _resident_for_desk(request, pk: int):
    return people.resident_get_for_user(request.user, pk)


@require_POST
@login_required
def invite_create(request, pk: int):
    resident = _resident_for_desk(request, pk)
    extra = unknown_fields(request, InviteForm.FIELDS)
    if extra:
        messages.error(
            request,
            _("These fields cannot be set here: %(names)s. Nothing was saved.")
            % {"names": ", ".join(extra)},
        )
        return redirect("people:resident-detail", pk=resident.pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("An invitation lasts from 1 to %(max)d days.") % {"max": invitations.MAX_DAYS},
        )
        return redirect("people:resident-detail", pk=resident.pk)
    try:
        inv, raw = invitations.invitation_create(
            actor=request.user, resident=resident, days=form.cleaned_data["days"]
        )
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("people:resident-detail", pk=resident.pk)
    if form.cleaned_data["output"] == "print":
        return invitation_pdf(request, inv, raw)
    return render(
        request,
        "portal/invitation_link.html",
        {"resident": resident, "inv": inv, "link": invite_link(request, raw)},
    )


@require_POST
@login_required
def invite_revoke(request, pk: int, invitation_id: int):
    resident = _resident_for_desk(request, pk)
    inv = get_or_404(invitations.invitation_list_for(request.user, resident), pk=invitation_id)
    try:
        invitations.invitation_revoke(actor=request.user, invitation=inv)
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The invitation was revoked; its link no longer works."))
    return redirect("people:resident-detail", pk=resident.pk)


@never_cache
@csrf_protect
def invite_open(request, token: str):
    """The resident's link (public): a page with one button; pressing it signs them in."""
    error = ""
    status = 200
    try:
        inv = invitations.invitation_find(token)
    except InvalidInput as exc:
        inv, error, status = None, str(exc.message), 400
    if inv is not None and request.method == "POST":
        try:
            user = invitations.invitation_use(raw=token)
        except InvalidInput as exc:
            error, status = str(exc.message), 400
        else:
            if request.user.is_authenticated:
                from django.contrib.auth import logout

                logout(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome: you are signed in to the resident portal."))
            return redirect("portal:home")
    name = inv.resident.name[:1] + "*" * max(len(inv.resident.name) - 1, 1) if inv else ""
    return render(
        request,
        "portal/invitation_open.html",
        {"inv": inv if not error else None, "masked_name": name, "error": error},
        status=status,
    )
