"""Archive record pages: the ledger (filtered, paged), file a record, detail with files and
timeline, change, attach, download (checksum checked), Excel export, printed ledger. R-AR-1, R-AR-2."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.attachments import attachment_list_for, attachment_response
from propdesk.core.events import event_list_for
from propdesk.core.exports import Column, xlsx_response
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response
from propdesk.core.sites import current_site_id
from propdesk.core.web import run_service

from .. import printing, selectors, services
from ..forms import FileForm, RecordForm
from ..models import ArchiveRecord
from ..permissions import (
    is_archivist,
    is_reader,
    may_open_files,
    may_request,
    record_get_for_user,
)
from .common import EXPORT_MAX, archives_page, record_page, run_action, version_of

L = gettext_lazy
EDIT_FIELDS = (
    "title",
    "unit_code",
    "date_from",
    "date_to",
    "media",
    "quantity",
    "room",
    "cabinet",
    "shelf",
    "box",
    "secrecy",
    "retention_years",
    "custodian",
    "description",
)


def _int(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def filters(request) -> dict:
    g = request.GET
    media, secrecy = g.get("media", ""), g.get("secrecy", "")
    return {
        "q": g.get("q", "").strip()[:100],
        "archive_class": _int(g.get("class", "")),
        "media": media if media in ArchiveRecord.Media.values else "",
        "secrecy": secrecy if secrecy in ArchiveRecord.Secrecy.values else "",
        "year": _int(g.get("year", "")),
    }


def _list(request):
    return selectors.record_list_for_user(
        request.user, site_id=current_site_id(request), **filters(request)
    )


@require_GET
@archives_page
def record_list(request):
    ctx = {
        "page": page_of(request, _list(request)),
        "f": filters(request),
        "classes": list(selectors.class_choices()),
        "media": ArchiveRecord.Media.choices,
        "secrecy": ArchiveRecord.Secrecy.choices,
        "can_file": is_archivist(request.user),
    }
    return render(request, "archives/record_list.html", ctx)


def _values(data) -> dict:
    return {k: data.get(k) for k in EDIT_FIELDS}


@require_http_methods(["GET", "POST"])
@archives_page
def record_new(request):
    if not is_archivist(request.user):
        raise Http404
    form = RecordForm(request.POST or None, request.FILES or None, user=request.user)
    made = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            record = services.record_create(
                actor=request.user,
                archive_class=data.get("archive_class"),
                site=data.get("site"),
                **_values(data),
            )
            if data.get("files"):
                services.record_attach(actor=request.user, record=record, upload=data["files"])
            made["record"] = record

        if run_action(request, act, success=_("The record is filed.")):
            return redirect("archives:record-detail", made["record"].pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "archives/record_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@record_page
def record_edit(request, pk: int):
    record = record_get_for_user(request.user, pk)
    if not is_archivist(request.user) or record.state != ArchiveRecord.State.FILED:
        raise Http404
    initial = {k: getattr(record, k) for k in EDIT_FIELDS if hasattr(record, k)}
    initial["unit_code"] = record.unit.code if record.unit_id else ""
    form = RecordForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok = run_action(
            request,
            lambda: services.record_update(
                actor=request.user,
                record=record,
                version=version_of(request),
                **_values(form.cleaned_data),
            ),
            success=_("The record is saved."),
        )
        if ok:
            return redirect("archives:record-detail", record.pk)
    elif request.method == "POST":
        messages.error(request, _("Check the marked fields."))
    return render(request, "archives/record_form.html", {"form": form, "record": record})


@require_GET
@record_page
def record_detail(request, pk: int):
    user = request.user
    record = record_get_for_user(user, pk)
    services.record_viewed(actor=user, record=record)
    ctx = {
        "record": record,
        "files": list(attachment_list_for(record).select_related("uploaded_by")),
        "may_open": may_open_files(user, record),
        "can_edit": is_archivist(user) and record.state == ArchiveRecord.State.FILED,
        "file_form": FileForm(),
        "can_request": may_request(user) and record.state == ArchiveRecord.State.FILED,
        "loans": list(selectors.loans_of_record(record)[:50]) if is_reader(user) else [],
        "checklist": services.checklist_of(record) if is_reader(user) else [],
        "timeline": list(event_list_for(record).order_by("-created_at", "-id")[:200]),
    }
    return render(request, "archives/record_detail.html", ctx)


@require_POST
@record_page
def record_attach(request, pk: int):
    record = record_get_for_user(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.record_attach(
                actor=request.user, record=record, upload=form.cleaned_data["files"]
            ),
            success=_("The file is attached."),
        )
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("archives:record-detail", record.pk)


@require_POST
@record_page
def record_checklist(request, pk: int):
    """The archivist ticks the required items the record holds (R-AR-1)."""
    record = record_get_for_user(request.user, pk)
    run_action(
        request,
        lambda: services.record_checklist_set(
            actor=request.user, record=record, items=request.POST.getlist("items")
        ),
        success=_("The checklist is saved."),
    )
    return redirect("archives:record-detail", record.pk)


@require_GET
@archives_page
def incomplete_list(request):
    """Filed records lacking a required item of their class, oldest first (R-AR-1)."""
    f = filters(request)
    qs = selectors.incomplete_list_for_user(
        request.user, site_id=current_site_id(request), q=f["q"], archive_class=f["archive_class"]
    )
    ctx = {"page": page_of(request, qs), "f": f, "classes": list(selectors.class_choices())}
    return render(request, "archives/incomplete_list.html", ctx)


@require_GET
@record_page
def record_file(request, pk: int, key: str):
    """A file of the record, checked against its SHA-256 first; the download is logged."""
    record = record_get_for_user(request.user, pk)
    got = {}

    def act():
        got["att"] = services.record_file_download(actor=request.user, record=record, key=key)

    if not run_service(request, act, success=""):
        return redirect("archives:record-detail", record.pk)
    return attachment_response(got["att"])


COLUMNS = [
    (L("Number"), 20),
    (L("Class"), 12),
    (L("Title"), 40),
    (L("Site"), 14),
    (L("Unit"), 14),
    (L("From"), 11),
    (L("To"), 11),
    (L("Media"), 8),
    (L("Quantity"), 8),
    (L("Location"), 24),
    (L("Secrecy"), 8),
    (L("Retention ends"), 12),
    (L("Custodian"), 10),
    (L("State"), 8),
]


def _row(r: ArchiveRecord) -> tuple:
    return (
        r.number,
        r.archive_class.display_name,
        r.title,
        r.site.name,
        r.unit.code if r.unit_id else "",
        r.date_from,
        r.date_to,
        r.get_media_display(),
        r.quantity,
        r.location,
        r.get_secrecy_display(),
        r.retention_end or _("Permanent"),
        str(r.custodian),
        r.get_state_display(),
    )


@require_GET
@archives_page
def record_export(request):
    rows = (_row(r) for r in _list(request)[:EXPORT_MAX])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"archives-{stamp}.xlsx",
        title=_("Archive ledger"),
        filters=filters(request),
        columns=[Column(str(label), width) for label, width in COLUMNS],
        rows=rows,
    )


@require_GET
@archives_page
def record_ledger(request):
    """The archive ledger (档案登记簿) as a PDF with its cover page (R-FM-4)."""
    rows = [_row(r) for r in _list(request)[: printing.MAX_PRINT_ROWS]]
    buffer = printing.ledger_pdf(request, rows)
    return pdf_response(buffer, f"{_('Archive ledger')}.pdf")
