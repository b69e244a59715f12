"""Resident and unit directory, personal-data reveal, Excel import/export, profile and tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.exceptions import DomainError, NotAllowed
from propdesk.core.exports import Column, xlsx_response
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import site_list_for_user, unit_get_for_user

from . import importing, selectors, services
from .forms import DirectorySearchForm, ImportForm, RevealForm, TokenForm
from .permissions import (
    can_edit_directory,
    can_reveal,
    require_directory_editor,
    require_directory_reader,
)
from .roles import Role


def _reader(request):
    try:
        require_directory_reader(request.user)
    except NotAllowed:
        raise PermissionDenied from None


@require_GET
@login_required
def directory(request):
    _reader(request)
    form = DirectorySearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = page_of(
        request,
        selectors.resident_list_for_user(request.user, q=q, site_id=current_site_id(request)),
    )
    ctx = {"form": form, "q": q, "page": page, "can_edit": can_edit_directory(request.user)}
    template = "people/directory_results.html" if request.htmx else "people/directory.html"
    if not request.htmx:
        from propdesk.portal.household import link_request_list_for_desk

        ctx["household_waiting"] = link_request_list_for_desk(request.user).count()
    return render(request, template, ctx)


@require_GET
@login_required
def directory_export(request):
    _reader(request)
    q = request.GET.get("q", "")[:50]
    residents = selectors.resident_list_for_user(
        request.user, q=q, site_id=current_site_id(request)
    )
    from propdesk.core.masking import mask_phone

    rows = (
        (
            o.unit.site.name,
            o.unit.code,
            r.name,
            mask_phone(r.phone),
            o.get_relation_display(),
            o.move_in,
        )
        for r in residents.iterator(chunk_size=500)
        for o in r.occupancies.all()
    )
    columns = [
        Column(_("Site"), 18),
        Column(_("Unit"), 16),
        Column(_("Name"), 12),
        Column(_("Phone"), 16),
        Column(_("Relation"), 10),
        Column(_("Move-in date"), 14),
    ]
    return xlsx_response(
        filename="residents.xlsx",
        title=_("Resident directory"),
        filters={_("Search"): q},
        columns=columns,
        rows=rows,
    )


@require_GET
@login_required
def unit_detail(request, pk: int):
    _reader(request)
    unit = unit_get_for_user(request.user, pk)
    return render(
        request,
        "people/unit_detail.html",
        {
            "unit": unit,
            "occupancies": selectors.occupancy_list_for_unit(unit),
            "can_reveal": can_reveal(request.user),
        },
    )


@require_GET
@login_required
def resident_detail(request, pk: int):
    _reader(request)
    resident = selectors.resident_get_for_user(request.user, pk)
    from propdesk.portal import invitations
    from propdesk.portal.views_invite import InviteForm

    return render(
        request,
        "people/resident_detail.html",
        {
            "resident": resident,
            "can_reveal": can_reveal(request.user),
            "can_invite": invitations.can_invite(request.user, resident),
            "invite_form": InviteForm(),
            "invitations": list(invitations.invitation_list_for(request.user, resident)[:10]),
        },
    )


@require_POST
@login_required
def resident_reveal(request, pk: int):
    _reader(request)
    resident = selectors.resident_get_for_user(request.user, pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(
            request, "people/_revealed.html", {"error": _("Choose what to reveal.")}, status=400
        )
    try:
        value = services.personal_data_reveal(
            actor=request.user,
            resident=resident,
            field=form.cleaned_data["field"],
            reason=form.cleaned_data["reason"],
        )
    except NotAllowed:
        raise PermissionDenied from None
    return render(request, "people/_revealed.html", {"value": value})


@require_http_methods(["GET", "POST"])
@login_required
def directory_import(request):
    try:
        require_directory_editor(request.user)
    except NotAllowed:
        raise PermissionDenied from None
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importing.directory_import(
                actor=request.user,
                fh=form.cleaned_data["file"],
                sites=site_list_for_user(request.user),
            )
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        if result and not result.errors:
            messages.success(
                request,
                _("Imported %(units)d units and %(residents)d residents.")
                % {"units": result.units_created, "residents": result.residents_created},
            )
            return redirect("people:directory")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "people/directory_import.html", {"form": form, "result": result}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    form, new_key = TokenForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            form.add_error("name", str(exc.message))
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)
    labels = [Role(c).label for c in sorted(request.user.role_codes) if c in Role.values]
    return render(
        request,
        "people/profile.html",
        {
            "form": TokenForm() if new_key else form,
            "tokens": tokens,
            "new_key": new_key,
            "role_labels": labels,
        },
    )


@require_POST
@login_required
def token_revoke(request, pk: int):
    try:
        services.api_token_revoke(user=request.user, token_id=pk)
    except DomainError:
        messages.error(request, _("That token does not exist or is already revoked."))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("people:profile")
