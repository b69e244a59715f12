"""Survey pages (R-SS-3): the staff list, a survey's page (questions, actions, paper and phone
entry), its results with the Excel export and the printed report; and the resident's answer page
on a one-time link (no login: the token is the authorisation)."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.events import event_list_for
from propdesk.core.exceptions import DomainError, NotFound
from propdesk.core.paging import page_of
from propdesk.core.printing import pdf_response
from propdesk.core.sites import current_site_id
from propdesk.core.web import run_service
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User

from . import exports, selectors, services
from .models import Kind, SampleUnit, Survey, SurveyResponse
from .permissions import is_reader, may_author, may_enter, survey_get_for_user
from .printing import report_pdf
from .results import survey_results
from .workflow import PHONE_CONSENTERS


def survey_page(view):
    """Login required; readers and the desk staff who enter answers, others 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (is_reader(request.user) or may_enter(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _day(raw: str):
    try:
        return date.fromisoformat(raw.strip()[:10]) if raw else None
    except ValueError:
        return None


def _int(raw: str, default=None):
    return int(raw) if raw.isdigit() and len(raw) < 12 else default


@require_GET
@survey_page
def survey_list(request):
    state = request.GET.get("state", "")
    state = state if state in Survey.State.values else ""
    qs = selectors.survey_list_for_user(request.user, site_id=current_site_id(request), state=state)
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "states": Survey.State.choices,
        "can_create": may_author(request.user),
    }
    return render(request, "surveys/survey_list.html", ctx)


@require_http_methods(["GET", "POST"])
@survey_page
def survey_new(request):
    if not may_author(request.user):
        raise PermissionDenied
    sites = site_list_for_user(request.user)
    if request.method == "POST":
        p = request.POST
        made = []

        def create():
            site = sites.filter(pk=_int(p.get("site", ""), 0)).first()
            made.append(
                services.survey_create(
                    actor=request.user,
                    site=site,
                    name=p.get("name", ""),
                    period=p.get("period", ""),
                    opens_on=_day(p.get("opens_on", "")),
                    closes_on=_day(p.get("closes_on", "")),
                    sample_percent=_int(p.get("sample_percent", ""), 0),
                )
            )

        if run_service(request, create, success=_("Survey drafted."), show_fields=True):
            return redirect("surveys:survey-detail", made[0].pk)
    return render(request, "surveys/survey_form.html", {"sites": sites, "form": request.POST})


@require_GET
@survey_page
def survey_detail(request, pk: int):
    survey = survey_get_for_user(request.user, pk)
    ctx = {
        "survey": survey,
        "questions": list(survey.questions.all()),
        "kinds": Kind.choices,
        "actions": selectors.survey_actions(request.user, survey),
        "can_enter": may_enter(request.user) and survey.state == Survey.State.OPEN,
        "consenters": User.objects.filter(
            is_active=True, groups__name__in=PHONE_CONSENTERS, staff__sites=survey.site_id
        )
        .distinct()
        .order_by("name")[:50],
        "phone_taken": survey.responses.filter(channel=SurveyResponse.Channel.PHONE).count(),
        "responses": survey.responses.count(),
        "timeline": list(event_list_for(survey).order_by("-created_at", "-id")[:50]),
    }
    return render(request, "surveys/survey_detail.html", ctx)


@require_POST
@login_required
def survey_action(request, pk: int, action: str):
    survey = survey_get_for_user(request.user, pk)
    v, p = _version(request), request.POST
    calls = {
        "approve": (
            lambda: services.survey_approve(actor=request.user, survey=survey, version=v),
            _("Approved."),
        ),
        "return": (
            lambda: services.survey_return(
                actor=request.user, survey=survey, note=p.get("note", ""), version=v
            ),
            _("Returned to draft."),
        ),
        "open": (
            lambda: services.survey_open(actor=request.user, survey=survey, version=v),
            _("The survey is open; the sample is drawn."),
        ),
        "close": (
            lambda: services.survey_close(actor=request.user, survey=survey, version=v),
            _("The survey is closed."),
        ),
        "add": (
            lambda: services.question_add(
                actor=request.user,
                survey=survey,
                section=p.get("section", ""),
                text=p.get("text", ""),
                kind=p.get("kind", ""),
                choices=p.get("choices", ""),
                weight=p.get("weight", "1"),
                version=v,
            ),
            _("Question added."),
        ),
        "remove": (
            lambda: services.question_remove(
                actor=request.user,
                survey=survey,
                question_id=_int(p.get("question", "")),
                version=v,
            ),
            _("Question removed."),
        ),
    }
    if action not in calls:
        raise Http404
    fn, success = calls[action]
    run_service(request, fn, success=success, show_fields=True)
    return redirect("surveys:survey-detail", survey.pk)


def answers_from(post, survey: Survey) -> dict:
    """The posted answers of the survey's questions (`q<id>`), as the services take them."""
    answers = {}
    for q in survey.questions.all():
        key = f"q{q.pk}"
        answers[str(q.pk)] = post.getlist(key) if q.kind == Kind.MULTI else post.get(key, "")
    return answers


@require_POST
@login_required
def survey_enter(request, pk: int):
    """Staff type in a paper questionnaire or a phone answer (with the supervisor's consent)."""
    survey = survey_get_for_user(request.user, pk)
    p = request.POST
    unit = (
        survey.sample.filter(unit__code=p.get("unit", "").strip()[:50])
        .values_list("unit_id", flat=True)
        .first()
    )
    consent = User.objects.filter(pk=_int(p.get("consent_by", ""), 0)).first()
    run_service(
        request,
        lambda: services.response_enter(
            actor=request.user,
            survey=survey,
            unit_id=unit,
            channel=p.get("channel", ""),
            answers=answers_from(p, survey),
            respondent=p.get("respondent", ""),
            consent_by=consent,
        ),
        success=_("Answers recorded."),
        show_fields=True,
    )
    return redirect("surveys:survey-detail", survey.pk)


@require_GET
@survey_page
def survey_results_page(request, pk: int):
    survey = survey_get_for_user(request.user, pk)
    return render(
        request, "surveys/survey_results.html", {"survey": survey, "r": survey_results(survey)}
    )


@require_GET
@survey_page
def survey_export(request, pk: int):
    survey = survey_get_for_user(request.user, pk)
    return exports.results_xlsx(survey_results(survey))


@require_GET
@survey_page
def survey_links(request, pk: int):
    """The sample's answer links as Excel (to print or text to each unit); managers only."""
    survey = survey_get_for_user(request.user, pk)
    if not may_author(request.user) and "close" not in selectors.survey_actions(
        request.user, survey
    ):
        raise PermissionDenied
    return exports.links_xlsx(request, survey)


@require_GET
@survey_page
def survey_print(request, pk: int):
    survey = survey_get_for_user(request.user, pk)
    return pdf_response(report_pdf(survey_results(survey)), f"survey-{survey.pk}.pdf")


def _sample_of(token: str) -> SampleUnit:
    sample = (
        SampleUnit.objects.select_related("survey__site", "unit").filter(token=token[:64]).first()
        if token
        else None
    )
    if sample is None:
        raise Http404
    return sample


@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    """The resident's questionnaire on their phone: the one-time link is the authorisation."""
    sample = _sample_of(token)
    survey = sample.survey
    errors, done = {}, bool(sample.used_at)
    if request.method == "POST" and not done:
        try:
            services.response_submit_by_token(
                token=token, answers=answers_from(request.POST, survey)
            )
            done = True
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            errors = exc.fields
            messages.error(request, str(exc.message))
    ctx = {
        "sample": sample,
        "survey": survey,
        "questions": list(survey.questions.all()),
        "open": survey.state == Survey.State.OPEN,
        "done": done,
        "errors": {k: str(v) for k, v in errors.items()},
        "posted": request.POST,
    }
    return render(request, "surveys/answer.html", ctx, status=400 if errors else 200)
