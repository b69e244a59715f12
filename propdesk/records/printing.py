"""Prints of the records app: the document sign-off sheet (文件签阅单) and a form's register cover
page with its version history. Company logo (the configured one, else the toolkit's default mark), form name,
number and the approved template version on every page. R-FM-2, R-FM-4, R-FM-7, R-DOC-1."""

from django.utils.translation import gettext as _

from propdesk.core import printing as p
from propdesk.people.roles import Role

from . import selectors
from .models import Document, FormTemplate


def branding(company):
    """The company whose name and logo (set in the admin) head the print (R-FM-2); the print
    toolkit draws its default mark when no logo is set."""
    return company


def form_title(code: str, fallback: str) -> str:
    template = FormTemplate.objects.filter(code=code).first()
    return template.display_name if template else fallback


def _role(code: str) -> str:
    return str(Role(code).label) if code in Role.values else ""


def document_signoff_pdf(doc: Document):
    """The sign-off sheet of a document: what it is, its files (checksums), who signed when."""
    sites = list(doc.sites.select_related("company").order_by("name"))
    name = form_title("document_signoff", _("Document sign-off sheet"))
    version = doc.template_version or selectors.template_version_for(
        "document_signoff", default="2026.1"
    )
    printer = p.PrintDocument(
        company=branding(sites[0].company if sites else None),
        form_name=name,
        record_number=doc.number,
        template_version=version,
    )
    rows = [
        (_("Title"), doc.title),
        (_("Kind"), doc.get_kind_display()),
        (_("Reference number"), doc.ref_number),
        (_("Issued by"), doc.issuing_body),
        (_("Sites"), "、".join(s.name for s in sites)),
        (_("Revision"), doc.revision),
        (_("State"), doc.get_state_display()),
        (_("Issued at"), doc.issued_at),
        (_("Archived at"), doc.archived_at),
        (_("Superseded at"), doc.superseded_at),
    ]
    from propdesk.core.attachments import attachment_list_for

    files = [(a.original_name, a.size, a.sha256) for a in attachment_list_for(doc)]
    signers = [
        (s.user, _role(s.role), s.site.name if s.site else "", s.opened_at, s.signature.signed_at)
        for s in selectors.signers_of(doc)
    ]
    story = [p.title(name), p.field_table(rows)]
    if doc.body:
        story.append(p.field_table([(_("Text"), doc.body)], columns=1))
    if files:
        story.append(
            p.data_table([_("File"), _("Bytes"), _("SHA-256")], files, widths=[0.3, 0.12, 0.58])
        )
    story.append(
        p.data_table(
            [_("Signer"), _("Signs as"), _("Site"), _("Opened at"), _("Signed at")],
            signers or [(_("Nobody asked to sign yet"), "", "", None, None)],
            widths=[0.2, 0.2, 0.2, 0.2, 0.2],
        )
    )
    story.append(
        p.signature_lines([(_("Issued for signature by"), doc.issued_by or "", doc.issued_at)])
    )
    return printer.build(story)


def template_cover_pdf(template: FormTemplate, *, site=None, company=None):
    """The cover page of a form's register (name, date of use, department, R-FM-4), then the
    versions with their change notes and approvals (R-FM-7)."""
    current = selectors.approved_version(template.code)
    printer = p.PrintDocument(
        company=branding(company or getattr(site, "company", None)),
        form_name=template.display_name,
        template_version=current.label if current else "",
    )
    versions = [
        (
            v.label,
            v.get_state_display(),
            v.change_note,
            v.approved_by or "",
            v.effective_from,
            v.retired_at,
        )
        for v in selectors.versions_of(template)
    ]
    story = [
        *p.cover_page(
            form_name=template.display_name,
            department=selectors.template_department_label(template),
            site=getattr(site, "name", ""),
            date_from=current.effective_from if current else None,
        ),
        p.title(_("Versions of this form")),
        p.field_table(
            [
                (_("Numbering scheme"), template.numbering),
                (_("Retention (days)"), template.retention_days),
            ],
            columns=1,
        ),
        p.data_table(
            [
                _("Version"),
                _("State"),
                _("Change note"),
                _("Approved by"),
                _("Date of use"),
                _("Retired at"),
            ],
            versions,
            widths=[0.1, 0.14, 0.36, 0.14, 0.12, 0.14],
        ),
    ]
    return printer.build(story)
