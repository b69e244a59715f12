"""Excel exports of a survey (R-SS-3): its results, and the sample's one-time answer links."""

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.exports import Column, xlsx_response

from .results import Results

LINKS_MAX = 5000


def _rate(value) -> str:
    return "" if value is None else f"{value}%"


def results_rows(r: Results):
    yield (_("Units in the sample"), "", r.survey.sample_size, "", "")
    yield (_("Responses"), "", r.responses, _rate(r.response_rate), "")
    for item in r.items:
        yield (
            item.question.section,
            item.question.text,
            item.valid,
            _rate(item.rate),
            "" if item.change is None else f"{item.change:+}",
        )
    yield (_("Overall satisfaction rate"), "", "", _rate(r.overall), "")
    yield (_("Satisfaction index"), r.band[1], "", "" if r.index is None else str(r.index), "")
    for question, counts in r.choices:
        for choice, n in counts:
            yield (question.text, choice, n, "", "")
    for word, n, texts in r.comment_groups:
        yield (_("Comments about “%(word)s”") % {"word": word}, "；".join(texts), n, "", "")


def results_xlsx(r: Results):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"survey-{r.survey.pk}-{stamp}.xlsx",
        title=_("Survey results"),
        filters={_("Survey"): str(r.survey), _("Site"): r.survey.site.name},
        columns=[
            Column(_("Section"), 20),
            Column(_("Item"), 40),
            Column(_("Valid answers"), 12),
            Column(_("Satisfaction rate"), 14),
            Column(_("Change since the previous survey"), 16),
        ],
        rows=results_rows(r),
    )


def links_xlsx(request, survey):
    from django.urls import reverse

    rows = (
        (s.unit.code, request.build_absolute_uri(reverse("surveys:answer", args=[s.token])),
         _("Answered") if s.used_at else "")
        for s in survey.sample.select_related("unit").order_by("unit__code")[:LINKS_MAX]
    )  # fmt: skip
    return xlsx_response(
        filename=f"survey-{survey.pk}-links.xlsx",
        title=_("Answer links"),
        filters={_("Survey"): str(survey), _("Site"): survey.site.name},
        columns=[Column(_("Unit"), 16), Column(_("Answer link"), 70), Column(_("State"), 10)],
        rows=rows,
    )
