"""Document pages: list, awaiting my signature, draft, detail (open, sign, issue, revise, the
meeting of an internal rule), files, the sign-off sheet as PDF, due for review. R-DOC-1, R-DOC-2."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import (
    attachment_get_for_parent,
    attachment_list_for,
    attachment_response,
)
from propdesk.core.events import event_list_for
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response
from propdesk.meetings.selectors import meeting_choices_for_rule

from .. import printing, selectors, services
from ..actions import document_actions
from ..forms import DocumentForm, FileForm, LinkMeetingForm, NoteForm, ReviewForm, ReviseForm
from ..models import Document
from ..permissions import can_issue, document_get_for_user
from .common import current_site_id, records_page, run_action, version_of

DOC_FIELDS = ("title", "ref_number", "issuing_body", "body", "remind_after_days")


def _filters(request) -> dict:
    state, kind = request.GET.get("state", ""), request.GET.get("kind", "")
    return {
        "state": state if state in Document.State.values else "",
        "kind": kind if kind in Document.Kind.values else "",
        "q": request.GET.get("q", "").strip()[:100],
    }


@require_GET
@records_page
def document_list(request):
    f = _filters(request)
    qs = selectors.document_list_for_user(request.user, site_id=current_site_id(request), **f)
    ctx = {
        "page": page_of(request, qs),
        "f": f,
        "states": Document.State.choices,
        "kinds": Document.Kind.choices,
        "can_issue": can_issue(request.user),
        "awaiting": selectors.awaiting_count(request.user),
    }
    return render(request, "records/document_list.html", ctx)


@require_GET
@records_page
def awaiting_list(request):
    qs = selectors.awaiting_signature(request.user, site_id=current_site_id(request))
    return render(request, "records/awaiting_list.html", {"page": page_of(request, qs)})


@require_http_methods(["GET", "POST"])
@records_page
def document_new(request):
    if not can_issue(request.user):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    made = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            doc = services.document_create(
                actor=request.user,
                kind=data["kind"],
                sites=data["sites"],
                signer_roles=data["signer_roles"],
                extra_signers=data["extra_signers"],
                **{k: data.get(k) for k in DOC_FIELDS},
            )
            if data.get("files"):
                services.document_attach(actor=request.user, document=doc, upload=data["files"])
            made["doc"] = doc

        if run_action(request, act, success=_("The draft is saved.")):
            return redirect("records:document-detail", made["doc"].pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "records/document_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@records_page
def document_edit(request, pk: int):
    doc = document_get_for_user(request.user, pk)
    if doc.state != Document.State.DRAFT or not can_issue(request.user):
        raise Http404
    initial = {k: getattr(doc, k) for k in DOC_FIELDS}
    initial |= {
        "sites": doc.sites.all(),
        "signer_roles": doc.signer_roles,
        "extra_signers": doc.extra_signers.all(),
    }
    form = DocumentForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok = run_action(
            request,
            lambda: services.document_update(
                actor=request.user,
                document=doc,
                sites=data["sites"],
                signer_roles=data["signer_roles"],
                extra_signers=data["extra_signers"],
                version=version_of(request),
                **{k: data.get(k) for k in DOC_FIELDS},
            ),
            success=_("The draft is saved."),
        )
        if ok:
            return redirect("records:document-detail", doc.pk)
    return render(request, "records/document_form.html", {"form": form, "document": doc})


@require_GET
@records_page
def document_detail(request, pk: int):
    user = request.user
    doc = document_get_for_user(user, pk)
    services.document_open(actor=user, document=doc)  # R-DOC-1: the signer opened it (recorded)
    me = selectors.signer_for(doc, user)
    actions = document_actions(user, doc, me)
    ctx = {
        "doc": doc,
        "me": me,
        "actions": actions,
        "signers": list(selectors.signers_of(doc)),
        "files": list(attachment_list_for(doc).select_related("uploaded_by")),
        "sites": list(doc.sites.order_by("name")),
        "revisions": list(selectors.revisions_of(doc)),
        "timeline": event_list_for(doc),
        "file_form": FileForm(),
        "note_form": NoteForm(),
        "revise_form": ReviseForm(),
        "review_form": ReviewForm(),
    }
    if "link_meeting" in actions:
        ctx["meeting_form"] = LinkMeetingForm(meetings=meeting_choices_for_rule(user, doc.site_id))
    return render(request, "records/document_detail.html", ctx)


@require_GET
@records_page
def document_file(request, pk: int, key: str):
    doc = document_get_for_user(request.user, pk)
    att = attachment_get_for_parent(doc, key)
    services.document_open(actor=request.user, document=doc)
    return attachment_response(att)


@require_GET
@records_page
def document_print(request, pk: int):
    """The sign-off sheet (文件签阅单): the document and who signed when, as a PDF."""
    doc = document_get_for_user(request.user, pk)
    return pdf_response(printing.document_signoff_pdf(doc), f"{doc.number}.pdf")


ACTIONS = {
    "issue": (
        None,
        lambda r, d, f: services.document_issue(actor=r.user, document=d, version=version_of(r)),
        gettext_lazy("The document is issued: everyone who must sign has been asked."),
    ),
    "sign": (
        NoteForm,
        lambda r, d, f: services.document_sign(actor=r.user, document=d, note=f["note"]),
        gettext_lazy("Your signature is recorded."),
    ),
    "revise": (
        ReviseForm,
        lambda r, d, f: services.document_revise(actor=r.user, document=d, **f),
        gettext_lazy("A new revision is drafted."),
    ),
    "attach": (
        FileForm,
        lambda r, d, f: services.document_attach(actor=r.user, document=d, upload=f["files"]),
        gettext_lazy("The file is attached."),
    ),
    "submit": (
        None,
        lambda r, d, f: services.rule_submit(actor=r.user, document=d, version=version_of(r)),
        gettext_lazy("The managers present are asked to sign off."),
    ),
    "publish": (
        None,
        lambda r, d, f: services.rule_publish(actor=r.user, document=d, version=version_of(r)),
        gettext_lazy("The internal rule is issued."),
    ),
    "review": (
        ReviewForm,
        lambda r, d, f: services.rule_review(actor=r.user, document=d, version=version_of(r), **f),
        gettext_lazy("The review is recorded."),
    ),
}


@require_POST
@records_page
def document_action(request, pk: int, action: str):
    doc = document_get_for_user(request.user, pk)
    if action == "link_meeting":
        return _link_meeting(request, doc)
    if action not in ACTIONS:
        raise Http404
    form_class, call, success = ACTIONS[action]
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Check the form and try again."))
        return redirect("records:document-detail", doc.pk)
    result = {}

    def act():
        result["r"] = call(request, doc, form.cleaned_data if form else {})

    if run_action(request, act, success=success) and action == "revise":
        return redirect("records:document-detail", result["r"].pk)
    return redirect("records:document-detail", doc.pk)


def _link_meeting(request, doc):
    form = LinkMeetingForm(
        request.POST, meetings=meeting_choices_for_rule(request.user, doc.site_id)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a meeting of this rule's site."))
    else:
        run_action(
            request,
            lambda: services.rule_link_meeting(
                actor=request.user, document=doc, meeting=form.cleaned_data["meeting"]
            ),
            success=_("The rule is on the meeting's agenda."),
        )
    return redirect("records:document-detail", doc.pk)


@require_GET
@records_page
def review_list(request):
    """Internal rules due for review (R-SS-5)."""
    qs = selectors.rules_due_for_review(request.user, site_id=current_site_id(request))
    return render(request, "records/review_list.html", {"page": page_of(request, qs)})
