"""Excel exports of every records list, with the list's filters (core.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from propdesk.people.roles import Role

from .. import retention, selectors
from ..permissions import document_get_for_user
from .common import EXPORT_MAX, current_site_id, export, records_page
from .documents import _filters
from .retention import kind_from
from .templates import list_filters

L = gettext_lazy


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _role(code: str) -> str:
    return str(Role(code).label) if code in Role.values else ""


@require_GET
@records_page
def document_export(request):
    f = _filters(request)
    qs = selectors.document_list_for_user(request.user, site_id=current_site_id(request), **f)
    rows = (
        (
            d.number,
            d.get_kind_display(),
            d.title,
            d.ref_number,
            d.issuing_body,
            d.revision,
            d.get_state_display(),
            d.issued_at,
            d.signed_count,
            d.signer_count,
            d.archived_at,
        )
        for d in qs[:EXPORT_MAX]
    )
    columns = [
        (L("Number"), 18),
        (L("Kind"), 12),
        (L("Title"), 40),
        (L("Reference number"), 18),
        (L("Issued by"), 18),
        (L("Revision"), 8),
        (L("State"), 14),
        (L("Issued at"), 17),
        (L("Signed"), 8),
        (L("To sign"), 8),
        (L("Archived at"), 17),
    ]
    return export(
        title=_("Documents"),
        filename=f"documents-{_stamp()}.xlsx",
        filters=f,
        columns=columns,
        rows=rows,
    )


@require_GET
@records_page
def awaiting_export(request):
    qs = selectors.awaiting_signature(request.user, site_id=current_site_id(request))
    rows = (
        (s.document.number, s.document.title, s.document.issued_at, s.opened_at)
        for s in qs[:EXPORT_MAX]
    )
    columns = [(L("Number"), 18), (L("Title"), 40), (L("Issued at"), 17), (L("Opened at"), 17)]
    return export(
        title=_("Awaiting my signature"),
        filename=f"to-sign-{_stamp()}.xlsx",
        filters={},
        columns=columns,
        rows=rows,
    )


@require_GET
@records_page
def signers_export(request, pk: int):
    """Who must sign a document and who has not yet (the issuer's list, R-DOC-1)."""
    doc = document_get_for_user(request.user, pk)
    unsigned = request.GET.get("unsigned") == "1"
    rows = (
        (
            str(s.user),
            _role(s.role),
            s.site.name if s.site else "",
            s.opened_at,
            s.signature.signed_at,
            s.reminded_at,
        )
        for s in selectors.signers_of(doc, unsigned=unsigned)
    )
    columns = [
        (L("Signer"), 14),
        (L("Signs as"), 16),
        (L("Site"), 16),
        (L("Opened at"), 17),
        (L("Signed at"), 17),
        (L("Reminded at"), 17),
    ]
    return export(
        title=f"{doc.number} {doc.title}",
        filename=f"{doc.number}-signers.xlsx",
        filters={_("Not signed only"): _("Yes") if unsigned else ""},
        columns=columns,
        rows=rows,
    )


@require_GET
@records_page
def review_export(request):
    qs = selectors.rules_due_for_review(request.user, site_id=current_site_id(request))
    rows = (
        (d.number, d.title, d.site.name, d.issued_at, d.reviewed_at, d.review_due)
        for d in qs[:EXPORT_MAX]
    )
    columns = [
        (L("Number"), 18),
        (L("Title"), 40),
        (L("Site"), 16),
        (L("Issued at"), 17),
        (L("Last reviewed"), 17),
        (L("Review due"), 12),
    ]
    return export(
        title=_("Internal rules due for review"),
        filename=f"rules-review-{_stamp()}.xlsx",
        filters={},
        columns=columns,
        rows=rows,
    )


@require_GET
@records_page
def template_export(request):
    f = list_filters(request)
    templates = selectors.template_list_for_user(request.user, **f)

    def rows():
        for t in templates:
            approved = next((v for v in t.live if v.state == v.State.APPROVED), None)
            draft = next((v for v in t.live if v.state == v.State.DRAFT), None)
            yield (
                t.code,
                t.name,
                selectors.template_department_label(t),
                t.numbering,
                t.retention_days,
                approved.label if approved else "",
                approved.effective_from if approved else None,
                draft.label if draft else "",
            )

    columns = [
        (L("Code"), 18),
        (L("Name"), 30),
        (L("Department"), 14),
        (L("Numbering scheme"), 36),
        (L("Retention (days)"), 10),
        (L("Version in use"), 10),
        (L("Date of use"), 12),
        (L("Draft version"), 10),
    ]
    return export(
        title=_("Form templates"),
        filename=f"form-templates-{_stamp()}.xlsx",
        filters=f,
        columns=columns,
        rows=rows(),
    )


@require_GET
@records_page
def retention_export(request):
    k = kind_from(request)
    days = retention.days_for(k)
    qs = retention.expired(request.user, k, days=days)[:EXPORT_MAX]
    rows = (
        (
            getattr(o, k.number, ""),
            str(getattr(o, k.title, "") or "")[:200],
            o.retention_basis,
            retention.ends_on(k, o, days),
        )
        for o in qs
    )
    columns = [(L("Number"), 20), (L("Title"), 40), (L("Completed at"), 17), (L("Kept until"), 12)]
    return export(
        title=_("End of retention — %(kind)s") % {"kind": k.label},
        filename=f"retention-{k.code}-{_stamp()}.xlsx",
        filters={_("Retention (days)"): days},
        columns=columns,
        rows=rows,
    )
