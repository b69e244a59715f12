"""The printed report (用户投诉分析报告, R-CP-6): figures and charts as frozen in the report, the
CAPA table, the approval with who and when; logo, template version and page numbers from the
core toolkit."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from propdesk.core import printing as p
from propdesk.orgs.models import Company

from .charts import analysis_charts
from .figures import breakdowns, headline_rows, sla_rows
from .models import AnalysisReport


def report_title() -> str:
    return _("Complaint analysis report")


def _company(report):
    if report.site_id:
        return report.site.company
    return Company.objects.first()


def report_pdf(report: AnalysisReport, capas) -> bytes:
    a = report.snapshot
    form = report_title()
    doc = p.PrintDocument(
        company=_company(report),
        form_name=form,
        record_number=f"{report.quarter}-{report.pk}",
        template_version=report.template_version,
    )
    state = report.get_state_display()
    story = [
        p.title(form),
        p.field_table(
            [
                (_("Quarter"), a.get("quarter_label", report.quarter)),
                (_("Site"), a.get("site", "")),
                (_("State"), state),
                (_("Figures taken at"), report.generated_at),
            ]
        ),
        Spacer(1, 4 * mm),
        p.para(_("Summary"), "heading"),
        p.para(report.summary or "—"),
    ]
    if report.analysis_text:
        story += [p.para(_("Analysis"), "heading"), p.para(report.analysis_text)]
    story += [
        Spacer(1, 3 * mm),
        p.data_table([_("Figure"), _("Value")], headline_rows(a), widths=[0.5, 0.5]),
    ]
    for _key, drawing in analysis_charts(a):
        story += [Spacer(1, 3 * mm), drawing]
    story.append(Spacer(1, 3 * mm))
    story.append(
        p.data_table(
            [
                _("Stage"),
                _("Decided"),
                _("On time"),
                _("Breached"),
                _("Attainment"),
                _("Breach rate"),
            ],
            sla_rows(a),
        )
    )
    for _key, title, rows in breakdowns(a):
        if rows:
            story += [
                Spacer(1, 2 * mm),
                p.para(title, "heading"),
                p.data_table(
                    [_("Item"), _("Count"), _("Share")],
                    [(r["name"], r["n"], f"{r['rate']}%") for r in rows],
                    widths=[0.6, 0.2, 0.2],
                ),
            ]
    if a.get("causes") or a.get("words"):
        story += [
            Spacer(1, 2 * mm),
            p.para(_("Top causes"), "heading"),
            p.data_table(
                [_("Cause or word"), _("Count")],
                [(c["cause"], c["n"]) for c in a.get("causes", [])]
                + [(w["word"], w["n"]) for w in a.get("words", [])],
                widths=[0.8, 0.2],
            ),
        ]
    for note in a.get("corrections", []):
        story.append(
            p.para(
                _(
                    "Correction to the previous quarter: %(figure)s was reported as %(old)s, the "
                    "corrected figure is %(new)s."
                )
                % {"figure": note["figure"], "old": note["reported"], "new": note["now"]}
            )
        )
    story += [Spacer(1, 3 * mm), p.para(_("Corrective and preventive actions"), "heading")]
    rows = [
        (
            c.get_kind_display(),
            c.problem,
            c.action,
            c.department.name,
            str(c.owner),
            c.due_date,
            c.get_state_display(),
        )
        for c in capas
    ]
    story.append(
        p.data_table(
            [
                _("Kind"),
                _("Problem"),
                _("Action"),
                _("Department"),
                pgettext("corrective action", "Owner"),
                _("Due"),
                _("State"),
            ],
            rows or [("—",) * 7],
            widths=[0.1, 0.22, 0.22, 0.12, 0.1, 0.11, 0.13],
        )
    )
    story.append(Spacer(1, 4 * mm))
    if report.state == AnalysisReport.State.APPROVED:
        who = str(report.decided_by)
        when = timezone.localtime(report.decided_at).strftime("%Y-%m-%d %H:%M")
        story.append(p.para(_("Approved by %(who)s on %(when)s") % {"who": who, "when": when}))
    else:
        story.append(p.para(_("Not approved yet (%(state)s).") % {"state": state}))
    if report.decision_comment:
        story.append(p.para(_("GM's comments: %(c)s") % {"c": report.decision_comment}))
    return doc.build(story).getvalue()
