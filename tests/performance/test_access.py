"""Who opens which performance page (SECURITY.md §c "Performance …", issue item 8): scores and
assessments are the person's, their manager chain's, the GM's and the auditor's — never a
colleague's (a shift lead included); another site's record answers 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from propdesk.performance.models import (
    DailyReport,
    Score,
    ScoreWeights,
    TrainingAttendance,
    TrainingSession,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DESK = {"agent", "agent2", "lead"}
CHAIN = {"csm", "pcm", "gm", "auditor"}
EVERYONE = DESK | CHAIN | {"agent_b", "dept_head", "archivist", "resident", "sysadmin"}
# route → (method, who gets 2xx/3xx on agent A's records; everyone else 403 or 404)
MATRIX = {
    "report-mine": ("get", DESK | {"agent_b"}),
    "report-submit": ("post", DESK | {"agent_b"}),  # a redirect with the service's message
    "report-list": ("get", CHAIN),
    "report-detail": ("get", {"agent"} | CHAIN),
    "report-accept": ("post", {"csm"}),
    "score-list": ("get", DESK | CHAIN | {"agent_b", "dept_head", "archivist"}),
    "score-compute": ("post", {"csm", "pcm", "gm"}),
    "score-detail": ("get", {"agent"} | CHAIN),
    "score-confirm": ("post", {"csm", "pcm", "gm"}),
    "training-list": ("get", DESK | CHAIN | {"agent_b", "dept_head", "archivist"}),
    "training-new": ("get", {"lead", "csm", "pcm"}),
    "training-detail": ("get", DESK | CHAIN | {"dept_head", "archivist"}),
    "training-record": ("post", {"lead", "csm", "pcm"}),
    "person-training": ("get", {"agent"} | CHAIN),
}


POSTED = {"score-compute": {"period": "month", "year": 2026, "number": 3}}


def test_a2_every_performance_route_is_declared():
    assert {p.name for p in get_resolver("propdesk.performance.urls").url_patterns} == set(MATRIX)


@pytest.fixture
def world(
    agent_a,
    agent2_a,
    lead_a,
    csm,
    pcm_a,
    gm,
    auditor,
    agent_b,
    dept_head_a,
    archivist,
    resident_user,
    site_a,
):
    report = DailyReport.objects.create(
        site=site_a, author=agent_a, date=datetime.date(2026, 3, 3), state="submitted"
    )
    score = Score.objects.create(
        site=site_a, person=agent_a, period="month", year=2026, number=3, start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31), weights=ScoreWeights.objects.get(), inputs={}, score=Decimal("88.50"),
        computed_at="2026-04-01T01:00Z", suggested_bonus=Decimal("442.50"),
    )  # fmt: skip
    session = TrainingSession.objects.create(
        site=site_a, topic="communication", title="投诉沟通技巧", trainer=csm,
        date=datetime.date(2026, 3, 2), created_by=lead_a,
    )  # fmt: skip
    TrainingAttendance.objects.create(
        session=session, person=agent_a, attended=True, assessment=Decimal("92")
    )
    people = {
        "agent": agent_a, "agent2": agent2_a, "lead": lead_a, "csm": csm, "pcm": pcm_a, "gm": gm,
        "auditor": auditor, "agent_b": agent_b, "dept_head": dept_head_a, "archivist": archivist,
        "resident": resident_user, "sysadmin": make_user("sysadmin", is_staff=True),
    }  # fmt: skip
    args = {
        "report-detail": [report.pk], "report-accept": [report.pk], "score-detail": [score.pk],
        "score-confirm": [score.pk], "training-detail": [session.pk], "training-record": [session.pk],
        "person-training": [agent_a.pk],
    }  # fmt: skip
    POSTED["score-compute"]["site"] = site_a.pk
    return people, args


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_a2_r_st_8_who_opens_each_performance_page(client, world, route):
    """Item 8: every persona on every route; a colleague's score or record is 404, never shown."""
    people, args = world
    method, allowed = MATRIX[route]
    url = reverse(f"performance:{route}", args=args.get(route, []))
    got = {}
    for name, user in people.items():
        client.force_login(user)
        got[name] = getattr(client, method)(url, POSTED.get(route, {})).status_code
    assert {n for n, code in got.items() if code < 400} == allowed, got
    assert {code for n, code in got.items() if n not in allowed} <= {403, 404}, got


def test_r_st_8_a_colleague_never_sees_a_score_in_lists_or_the_api(client, world, agent2_a, lead_a):
    """Item 8: the shift lead and a fellow agent see no one's score but their own, in the list and the API."""
    people, args = world
    for user in (agent2_a, lead_a):
        client.force_login(user)
        assert "88.50" not in client.get(reverse("performance:score-list")).content.decode()
        assert (
            client.get(f"/api/v1/performance/scores/{args['score-detail'][0]}").status_code == 404
        )
        assert client.get("/api/v1/performance/scores").json()["count"] == 0
        assert (
            client.get(f"/api/v1/performance/training/{args['training-detail'][0]}").json()[
                "attendees"
            ]
            == []
        )
