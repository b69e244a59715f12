"""Form template pages: the list (numbering, retention, version in use), a new form, the detail with
its versions (draft a revision, approve, retire) and the register cover page. R-FM-1…4, R-FM-7."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.printing import pdf_response
from propdesk.orgs.models import Department
from propdesk.orgs.selectors import site_list_for_user

from .. import printing, selectors, services
from ..forms import ReasonForm, TemplateForm, VersionForm
from ..permissions import (
    can_approve_templates,
    can_edit_templates,
    template_get_for_user,
    template_version_get_for_user,
    version_actions,
)
from .common import current_site_id, records_page, run_action, version_of

STATES = (("no_approved", "no_approved"), ("draft", "draft"))


def list_filters(request) -> dict:
    department, state = request.GET.get("department", ""), request.GET.get("state", "")
    return {
        "department": department if department in Department.Kind.values else "",
        "state": state if state in dict(STATES) else "",
    }


@require_GET
@records_page
def template_list(request):
    f = list_filters(request)
    ctx = {
        "templates": list(selectors.template_list_for_user(request.user, **f)),
        "f": f,
        "departments": Department.Kind.choices,
        "can_edit": can_edit_templates(request.user),
    }
    return render(request, "records/template_list.html", ctx)


@require_http_methods(["GET", "POST"])
@records_page
def template_new(request):
    if not can_edit_templates(request.user):
        raise Http404
    form = TemplateForm(request.POST or None)
    made = {}
    if request.method == "POST" and form.is_valid():

        def act():
            made["t"] = services.template_create(actor=request.user, **form.cleaned_data)

        if run_action(request, act, success=_("The form is recorded with a draft version.")):
            return redirect("records:template-detail", made["t"].pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "records/template_form.html", {"form": form})


@require_GET
@records_page
def template_detail(request, pk: int):
    template = template_get_for_user(request.user, pk)
    versions = list(selectors.versions_of(template))
    ctx = {
        "template": template,
        "department": selectors.template_department_label(template),
        "versions": [(v, version_actions(request.user, v)) for v in versions],
        "has_draft": any(v.state == v.State.DRAFT for v in versions),
        "can_edit": can_edit_templates(request.user),
        "can_approve": can_approve_templates(request.user),
        "version_form": VersionForm(),
        "reason_form": ReasonForm(),
        "timeline": event_list_for(template),
    }
    return render(request, "records/template_detail.html", ctx)


@require_POST
@records_page
def template_version_new(request, pk: int):
    template = template_get_for_user(request.user, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the version and what changes."))
    else:
        run_action(
            request,
            lambda: services.template_version_draft(
                actor=request.user, template=template, **form.cleaned_data
            ),
            success=_("The new version is drafted; a company leader approves it."),
        )
    return redirect("records:template-detail", template.pk)


@require_POST
@records_page
def template_version_action(request, pk: int, action: str):
    version = template_version_get_for_user(request.user, pk)
    if action == "approve":
        run_action(
            request,
            lambda: services.template_version_approve(
                actor=request.user, version=version, expected=version_of(request)
            ),
            success=_("The version is approved: from today it is the one in use."),
        )
    elif action == "retire":
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.template_version_retire(
                    actor=request.user,
                    version=version,
                    expected=version_of(request),
                    **form.cleaned_data,
                ),
                success=_("The version is retired."),
            )
        else:
            messages.error(request, _("Say why the form is retired."))
    else:
        raise Http404
    return redirect("records:template-detail", version.template_id)


@require_GET
@records_page
def template_cover(request, pk: int):
    """The register cover page of a form for the current site (R-FM-4)."""
    template = template_get_for_user(request.user, pk)
    site_id = current_site_id(request)
    site = site_list_for_user(request.user).filter(pk=site_id).select_related("company").first()
    if site is None:
        site = site_list_for_user(request.user).select_related("company").first()
    return pdf_response(printing.template_cover_pdf(template, site=site), f"{template.code}.pdf")
