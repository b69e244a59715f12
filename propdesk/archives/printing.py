"""The printed archive ledger (档案登记簿): a cover page (form name, department, site, period of
use, R-FM-4), then one line per record, the company's name and logo on every page (R-FM-2)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from propdesk.core import printing as p
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site

MAX_PRINT_ROWS = 2000
FORM_CODE = "archive_ledger"


def template_version_for_code(code: str) -> str:
    from propdesk.records.selectors import template_version_for

    return template_version_for(code, default="2026.1")


def _version() -> str:
    return template_version_for_code(FORM_CODE)


def ledger_pdf(request, rows):
    site_id = current_site_id(request)
    site = Site.objects.select_related("company").filter(pk=site_id).first() if site_id else None
    form = _("Archive ledger")
    doc = p.PrintDocument(
        company=site.company if site else None, form_name=form, template_version=_version()
    )
    story = p.cover_page(
        form_name=form,
        department=_("Customer service"),
        site=site.name if site else _("All sites"),
        date_from=timezone.localdate(),
    )
    headers = [
        _("Number"),
        _("Class"),
        _("Title"),
        _("Site"),
        _("Media"),
        _("Quantity"),
        _("Location"),
        _("Secrecy"),
        _("Retention ends"),
    ]
    lines = [(r[0], r[1], r[2], r[3], r[7], r[8], r[9], r[10], r[11]) for r in rows]
    story += [
        p.title(form),
        p.data_table(headers, lines, widths=[0.15, 0.09, 0.22, 0.1, 0.07, 0.06, 0.14, 0.07, 0.1]),
    ]
    if not lines:
        story.append(p.para(_("No records.")))
    return doc.build(story)


def _site_doc(site, form: str, code: str, number: str = ""):
    from propdesk.records.selectors import template_version_for

    return p.PrintDocument(
        company=site.company if site else None,
        form_name=form,
        record_number=number,
        template_version=template_version_for(code, default="2026.1"),
    )


def _name(user) -> str:
    return str(user) if user else ""


def round_pdf(rnd, lines):
    """The quarterly inspection report (档案季度检查记录, R-AR-4): the round's counts, one line per
    record with its result and note, the archivist's and the CS manager's signatures."""
    form = _("Archive inspection report")
    doc = _site_doc(rnd.site, form, "archive_inspection", f"{rnd.year}Q{rnd.quarter}")
    head = [
        (_("Site"), rnd.site.name),
        (_("Quarter"), f"{rnd.year} Q{rnd.quarter}"),
        (_("State"), rnd.get_state_display()),
        (_("Opened at"), rnd.opened_at),
        (_("Found"), rnd.found),
        (_("Damaged"), rnd.damaged),
        (_("Missing"), rnd.missing),
        (_("Files failing their checksum"), rnd.bad_files),
    ]
    rows = [
        (
            line.record.number,
            line.record.title,
            line.get_result_display(),
            {True: _("match"), False: _("do not match"), None: "—"}[line.files_ok],
            line.note,
        )
        for line in lines
    ]
    headers = [_("Number"), _("Title"), _("Result"), _("Files"), _("Note (the repair needed)")]
    story = [p.title(form), p.field_table(head)]
    story.append(p.data_table(headers, rows, widths=[0.18, 0.3, 0.13, 0.11, 0.28]))
    story.append(
        p.signature_lines(
            [
                (_("Archivist"), _name(rnd.closed_by), rnd.closed_at),
                (_("CS manager"), _name(rnd.countersigned_by), rnd.countersigned_at),
            ]
        )
    )
    return doc.build(story)


def destruction_pdf(batch, records):
    """The destruction record (档案销毁记录, R-AR-4, R-FM-8): the batch, its list, the two
    approvals, the method, witnesses and date — kept forever."""
    form = _("Archive destruction record")
    doc = _site_doc(batch.site, form, "archive_destruction", batch.number)
    head = [
        (_("Number"), batch.number),
        (_("Site"), batch.site.name),
        (_("State"), batch.get_state_display()),
        (_("Reason"), batch.reason),
        (_("Method"), batch.method),
        (_("Witnesses"), batch.witnesses),
        (_("Destroyed at"), batch.destroyed_at),
        (_("Records"), len(records)),
    ]
    rows = [
        (
            r.number,
            r.archive_class.name,
            r.title,
            r.get_media_display(),
            r.quantity,
            r.retention_end,
        )
        for r in records
    ]
    headers = [_("Number"), _("Class"), _("Title"), _("Media"), _("Quantity"), _("Retention ends")]
    story = [p.title(form), p.field_table(head)]
    story.append(p.data_table(headers, rows, widths=[0.18, 0.12, 0.36, 0.1, 0.09, 0.15]))
    story.append(
        p.signature_lines(
            [
                (_("Proposed by"), _name(batch.proposed_by), batch.proposed_at),
                (_("CS manager"), _name(batch.csm_approved_by), batch.csm_approved_at),
                (_("Centre manager"), _name(batch.pcm_approved_by), batch.pcm_approved_at),
                (_("Destroyed by"), _name(batch.destroyed_by), batch.destroyed_at),
            ]
        )
    )
    return doc.build(story)


def transfer_pdf(transfer, records, signatures):
    """The custody transfer list (档案移交清单, R-AR-6): who hands over to whom, every record, and
    both archivists' signature lines."""
    form = _("Archive custody transfer list")
    site = records[0].site if records else None
    doc = _site_doc(site, form, "archive_transfer", f"{transfer.pk}")
    head = [
        (_("Handed over by"), _name(transfer.from_user)),
        (_("Taken over by"), _name(transfer.to_user)),
        (_("State"), transfer.get_state_display()),
        (_("Drawn up at"), transfer.created_at),
        (_("Handed over at"), transfer.done_at),
        (_("Records"), len(records)),
        (_("Note"), transfer.note),
    ]
    rows = [
        (
            r.number,
            r.title,
            r.site.name,
            r.quantity,
            " / ".join(filter(None, [r.room, r.cabinet, r.shelf, r.box])),
        )
        for r in records
    ]
    headers = [_("Number"), _("Title"), _("Site"), _("Quantity"), _("Location")]
    by_slot = {s.slot: s for s in signatures}
    lines = []
    for slot, label in (
        ("handover", _("Archivist handing over")),
        ("takeover", _("Archivist taking over")),
    ):
        s = by_slot.get(slot)
        signed = s is not None and s.signer_id
        lines.append((label, _name(s.signer) if signed else "", s.signed_at if signed else None))
    story = [p.title(form), p.field_table(head)]
    story.append(p.data_table(headers, rows, widths=[0.2, 0.36, 0.14, 0.1, 0.2]))
    story.append(p.signature_lines(lines))
    return doc.build(story)


def statistics_pdf(stats: dict, *, site=None, year: int | None = None):
    """The archive statistics (档案统计, R-AR-6) as printed: a cover page, the scope, then every
    figure of the page and of its Excel export (the same rows, `statistics_rows`), with the
    company's name and logo, the form's template version and page numbers on every page."""
    from propdesk.orgs.models import Company

    from .statistics import statistics_rows

    form = _("Archive statistics")
    company = site.company if site else Company.objects.order_by("pk").first()
    doc = p.PrintDocument(
        company=company,
        form_name=form,
        template_version=template_version_for_code("archive_statistics"),
    )
    where = site.name if site else _("All sites")
    story = p.cover_page(
        form_name=form,
        department=_("Customer service"),
        site=where,
        date_from=date(year, 1, 1) if year else None,
        date_to=date(year, 12, 31) if year else timezone.localdate(),
    )
    story += [
        p.title(form),
        p.field_table(
            [
                (_("Site"), where),
                (_("Year"), year or _("All years")),
                (_("Printed at"), timezone.now()),
            ]
        ),
        p.data_table(
            [pgettext("statistics", "Section"), pgettext("statistics", "Item"), _("Count")],
            list(statistics_rows(stats)),
            widths=[0.25, 0.6, 0.15],
        ),
    ]
    return doc.build(story)
