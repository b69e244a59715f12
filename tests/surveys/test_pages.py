"""R-SS-3: the survey pages and API — staff list, detail, actions, entry, results, exports, the
resident's one-time answer page and the portal home; access (other site 404, auditor read-only);
bounded query counts."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from propdesk.surveys import services
from propdesk.surveys.models import Survey, SurveyResponse
from tests.factories import make_user

from .conftest import rated_answers

pytestmark = pytest.mark.django_db


def _c(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _answer_all(survey, value=5, n=4):
    for s in list(survey.sample.filter(used_at__isnull=True)[:n]):
        services.response_submit_by_token(token=s.token, answers=rated_answers(survey, value))


def test_r_ss_3_list_and_detail_with_bounded_queries(opened, csm, django_assert_max_num_queries):
    c = _c(csm)
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("surveys:survey-list"))
    assert resp.status_code == 200 and opened.name in resp.content.decode()
    with django_assert_max_num_queries(20):
        resp = c.get(reverse("surveys:survey-detail", args=[opened.pk]))
    assert 'id="survey-close"' in resp.content.decode()


def test_r_ss_3_other_sites_survey_is_404(opened, site_b):
    other = make_user("cs_manager", site_b)
    assert _c(other).get(reverse("surveys:survey-detail", args=[opened.pk])).status_code == 404
    assert _c(other).get(f"/api/v1/surveys/{opened.pk}").status_code == 404
    assert _c(other).get(reverse("surveys:survey-results", args=[opened.pk])).status_code == 404


def test_r_ss_3_approve_through_the_page_and_api(drafted, csm, author):
    """R-SS-3: the site head approves on the page; the author sees no approve button."""
    page = _c(author).get(reverse("surveys:survey-detail", args=[drafted.pk])).content.decode()
    assert 'id="survey-approve"' not in page and 'id="question-add"' in page
    api = _c(author).get(f"/api/v1/surveys/{drafted.pk}").json()
    assert "approve" not in api["actions"]
    resp = _c(csm).post(
        reverse("surveys:survey-action", args=[drafted.pk, "approve"]),
        {"version": drafted.version},
    )
    assert resp.status_code == 302
    assert Survey.objects.get(pk=drafted.pk).state == Survey.State.APPROVED
    body = _c(csm).post(
        f"/api/v1/surveys/{drafted.pk}/open", {"version": 99}, content_type="application/json"
    )
    assert body.status_code == 409
    body = _c(csm).post(
        f"/api/v1/surveys/{drafted.pk}/open",
        {"version": drafted.version + 1},
        content_type="application/json",
    )
    assert body.status_code == 200 and body.json()["sample_size"] == 20


def test_r_ss_3_create_through_the_api_and_bad_input(csm, site_a, units_a):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    data = {"site": site_a.pk, "name": "", "period": "2026", "opens_on": today, "closes_on": today}
    resp = _c(csm).post("/api/v1/surveys/", data, content_type="application/json")
    assert resp.status_code == 400 and "name" in resp.json()["fields"]
    assert resp.json()["message"] and not Survey.objects.exists()
    data["name"] = "<script>alert(1)</script>"
    resp = _c(csm).post("/api/v1/surveys/", data, content_type="application/json")
    assert resp.status_code == 201 and len(resp.json()["questions"]) == 13
    page = _c(csm).get(reverse("surveys:survey-list")).content.decode()
    assert "<script>alert(1)" not in page


def test_r_ss_3_create_through_the_page(author, site_a):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    resp = _c(author).post(
        reverse("surveys:survey-new"),
        {"site": site_a.pk, "name": "年度调查", "period": "2026", "opens_on": today,
         "closes_on": "bad", "sample_percent": "100"},
    )  # fmt: skip
    assert resp.status_code == 200 and not Survey.objects.exists()
    resp = _c(author).post(
        reverse("surveys:survey-new"),
        {"site": site_a.pk, "name": "年度调查", "period": "2026", "opens_on": today,
         "closes_on": today, "sample_percent": "100"},
    )  # fmt: skip
    assert resp.status_code == 302 and Survey.objects.get().created_by == author


def test_r_ss_3_resident_answers_on_the_one_time_link(opened):
    """R-SS-3: no login; the token answers once; a score of 7 is refused in Chinese."""
    sample = opened.sample.first()
    url = reverse("surveys:answer", args=[sample.token])
    c = _c()
    page = c.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and 'id="answer-form"' in page.content.decode()
    q = opened.questions.filter(kind="level").first()
    bad = c.post(url, {f"q{q.pk}": "7"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 400 and "请给出 1 至 5 分的评分" in bad.content.decode()
    empty = c.post(url, {}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert empty.status_code == 400 and not SurveyResponse.objects.exists()
    ok = c.post(url, {f"q{q.pk}": "5"})
    assert 'id="answer-done"' in ok.content.decode()
    again = c.post(url, {f"q{q.pk}": "1"})
    assert 'id="answer-done"' in again.content.decode()
    assert SurveyResponse.objects.get().answers.get().value == 5
    assert _c().get(reverse("surveys:answer", args=["x" * 32])).status_code == 404


def test_r_ss_3_portal_home_shows_the_open_survey(opened, units_a):
    """R-SS-3: a resident signed in to the portal sees the open survey of their unit."""
    from propdesk.people.models import Occupancy

    resident = Occupancy.objects.filter(unit=units_a[0]).get().resident
    user = make_user("resident")
    resident.user = user
    resident.save()
    page = _c(user).get(reverse("portal:home")).content.decode()
    token = opened.sample.get(unit=units_a[0]).token
    assert reverse("surveys:answer", args=[token]) in page
    services.response_submit_by_token(token=token, answers=rated_answers(opened, 4))
    assert token not in _c(user).get(reverse("portal:home")).content.decode()


def test_r_ss_3_paper_and_phone_entry_through_the_page(opened, lead_a, units_a):
    q = opened.questions.filter(kind="level").first()
    url = reverse("surveys:survey-enter", args=[opened.pk])
    resp = _c(lead_a).post(url, {"unit": units_a[0].code, "channel": "paper", f"q{q.pk}": "4"})
    assert resp.status_code == 302
    data = {"unit": units_a[1].code, "channel": "phone", f"q{q.pk}": "4", "consent_by": lead_a.pk}
    _c(lead_a).post(url, data)
    data["unit"] = units_a[2].code
    _c(lead_a).post(url, data)
    channels = sorted(SurveyResponse.objects.values_list("channel", flat=True))
    assert channels == ["paper", "phone"]  # the second phone answer is over 5 % of 20


def test_r_ss_3_phone_cap_through_the_api(opened, lead_a, units_a):
    q = opened.questions.filter(kind="level").first()
    url = f"/api/v1/surveys/{opened.pk}/responses"
    body = {"unit": units_a[0].pk, "channel": "phone", "answers": {str(q.pk): 5}}
    resp = _c(lead_a).post(url, {**body, "consent_by": lead_a.pk}, content_type="application/json")
    assert resp.status_code == 201
    body["unit"] = units_a[1].pk
    resp = _c(lead_a).post(url, {**body, "consent_by": lead_a.pk}, content_type="application/json")
    assert resp.status_code == 409 and resp.json()["code"] == "phone_cap"
    body["channel"], body["answers"] = "paper", {str(q.pk): 7}
    resp = _c(lead_a).post(url, body, content_type="application/json")
    assert resp.status_code == 400 and f"q{q.pk}" in resp.json()["fields"]
    assert SurveyResponse.objects.count() == 1


def test_r_ss_3_auditor_reads_and_changes_nothing(opened, auditor):
    assert _c(auditor).get(reverse("surveys:survey-detail", args=[opened.pk])).status_code == 200
    body = _c(auditor).get(f"/api/v1/surveys/{opened.pk}").json()
    assert body["actions"] == []
    resp = _c(auditor).post(
        f"/api/v1/surveys/{opened.pk}/close",
        {"version": opened.version},
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert Survey.objects.get(pk=opened.pk).state == Survey.State.OPEN


def test_r_ss_3_results_page_export_and_printed_report(opened, csm, django_assert_max_num_queries):
    """R-SS-3: results on the page, as Excel (openpyxl) and as a PDF report (pypdf)."""
    _answer_all(opened, 5, 3)
    _answer_all(opened, 2, 1)
    c = _c(csm)
    with django_assert_max_num_queries(20):
        page = c.get(reverse("surveys:survey-results", args=[opened.pk]))
    assert "75.0%" in page.content.decode()
    xlsx = _c(csm).get(reverse("surveys:survey-export", args=[opened.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "75.0%" in values
    pdf = _c(csm).get(reverse("surveys:survey-print", args=[opened.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert opened.name in text and "75.0%" in text
    links = _c(csm).get(reverse("surveys:survey-links", args=[opened.pk]))
    rows = list(load_workbook(io.BytesIO(links.content)).active.iter_rows(values_only=True))
    assert sum(1 for r in rows if r[1] and "/surveys/answer/" in str(r[1])) == 20
    api = _c(csm).get(f"/api/v1/surveys/{opened.pk}/results").json()
    assert api["overall"] == "75.0" and api["responses"] == 4


def test_r_ss_3_api_list_bounded_and_filtered(opened, csm, django_assert_max_num_queries):
    c = _c(csm)
    with django_assert_max_num_queries(8):
        resp = c.get("/api/v1/surveys/?state=open")
    assert resp.json()["count"] == 1
    assert _c(csm).get("/api/v1/surveys/?state=nonsense").status_code == 400


def test_r_ss_3_i6_hostile_comments_in_export_and_report(opened, csm):
    """I6: a comment starting with "=" stays text in Excel; reportlab markup prints as text."""
    free = opened.questions.get(kind="text")
    hostile = '=SUM(1+1) <img src="/etc/passwd"/><font size="40">电梯</font>'
    for s in list(opened.sample.all()[:2]):
        answers = {**rated_answers(opened, 4), str(free.pk): hostile}
        services.response_submit_by_token(token=s.token, answers=answers)
    c = _c(csm)
    wb = load_workbook(
        io.BytesIO(c.get(reverse("surveys:survey-export", args=[opened.pk])).content)
    )
    cells = [cell for row in wb.active.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert any(isinstance(cell.value, str) and "SUM(1+1)" in cell.value for cell in cells)
    pdf = c.get(reverse("surveys:survey-print", args=[opened.pk])).content
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert '<imgsrc="/etc/passwd"/>' in text
    page = c.get(reverse("surveys:survey-results", args=[opened.pk])).content.decode()
    assert "<img src" not in page and "&lt;img" in page


def test_r_ss_3_a3_question_of_another_survey_is_not_removed(drafted, author, site_b, units_a):
    """A3: a question is reached only through its own survey."""
    from django.utils import timezone

    other_author = make_user("cs_manager", site_b)
    today = timezone.localdate()
    other = services.survey_create(
        actor=other_author, site=site_b, name="B", period="2026", opens_on=today, closes_on=today
    )
    foreign = other.questions.first()
    resp = _c(author).post(
        f"/api/v1/surveys/{drafted.pk}/questions/remove",
        {"question": foreign.pk, "version": drafted.version},
        content_type="application/json",
    )
    assert resp.status_code == 404
    page = _c(author).post(
        reverse("surveys:survey-action", args=[drafted.pk, "remove"]),
        {"question": foreign.pk, "version": drafted.version},
    )
    assert page.status_code == 404 and other.questions.filter(pk=foreign.pk).exists()
    own = drafted.questions.first()
    resp = _c(author).post(
        f"/api/v1/surveys/{drafted.pk}/questions/remove",
        {"question": own.pk, "version": drafted.version},
        content_type="application/json",
    )
    assert resp.status_code == 200 and not drafted.questions.filter(pk=own.pk).exists()
