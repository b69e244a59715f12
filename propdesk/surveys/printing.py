"""The printed survey report (满意度调查报告): the survey, response rate, satisfaction rate per
item and overall, index band, comparison with the previous survey, and the comments by word;
the company's name and logo and the template version on every page (R-FM-2, R-FM-7). R-SS-3."""

from django.utils.translation import gettext as _

from propdesk.core import printing as p
from propdesk.records.printing import branding, form_title
from propdesk.records.selectors import template_version_for

from .results import Results

FORM_CODE = "survey_report"


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


def report_pdf(r: Results):
    survey = r.survey
    name = form_title(FORM_CODE, _("Satisfaction survey report"))
    doc = p.PrintDocument(
        company=branding(survey.site.company),
        form_name=name,
        record_number=f"{survey.site.code}-{survey.pk}",
        template_version=template_version_for(FORM_CODE, default="2026.1"),
    )
    rows = [
        (_("Survey"), survey.name),
        (_("Site"), survey.site.name),
        (_("Period"), survey.period),
        (_("Dates"), f"{survey.opens_on} — {survey.closes_on}"),
        (_("Units in the sample"), survey.sample_size),
        (_("Responses"), f"{r.responses}（{_rate(r.response_rate)}）"),
        (_("Overall satisfaction rate"), _rate(r.overall)),
        (_("Satisfaction index"), f"{r.index if r.index is not None else '—'} {r.band[1]}"),
    ]
    if r.previous is not None:
        rows.append((_("Previous survey"), f"{r.previous} · {_rate(r.previous_overall)}"))
    items = [
        (i.question.section, i.question.text, i.valid, _rate(i.rate),
         "" if i.change is None else f"{i.change:+}")
        for i in r.items
    ]  # fmt: skip
    story = [
        p.title(name),
        p.field_table(rows),
        p.data_table(
            [_("Section"), _("Item"), _("Valid answers"), _("Satisfaction rate"), _("Change")],
            items or [("—", "", "", "", "")],
            widths=[0.16, 0.44, 0.12, 0.14, 0.14],
        ),
    ]
    for question, counts in r.choices:
        story.append(p.data_table([question.text, _("Answers")], counts, widths=[0.8, 0.2]))
    groups = [(w, n, "；".join(t)) for w, n, t in r.comment_groups]
    story.append(
        p.data_table(
            [_("Word"), _("Comments"), _("What residents wrote")],
            groups or [("—", "", "")],
            widths=[0.14, 0.12, 0.74],
        )
    )
    return doc.build(story)
