"""The printed archive ledger (档案登记簿): a cover page (form name, department, site, period of
use, R-FM-4), then one line per record, the company's name and logo on every page (R-FM-2)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import printing as p
from propdesk.core.sites import current_site_id
from propdesk.orgs.models import Site

MAX_PRINT_ROWS = 2000
FORM_CODE = "archive_ledger"


def _version() -> str:
    from propdesk.records.selectors import template_version_for

    return template_version_for(FORM_CODE, default="2026.1")


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
