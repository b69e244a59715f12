"""A site with occupied units and a survey in each state, built through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from propdesk.surveys import services
from tests.factories import UnitFactory, make_user, resident_in


def occupied(site, n: int, prefix: str = "1栋"):
    units = []
    for i in range(n):
        unit = UnitFactory(building__site=site, code=f"{prefix}{i + 101}")
        resident_in(unit, name=f"住户{i}", phone=f"1380000{i:04d}")
        units.append(unit)
    return units


@pytest.fixture
def units_a(site_a):
    return occupied(site_a, 20)


@pytest.fixture
def author(site_a):
    return make_user("supervisor", site_a)


@pytest.fixture
def drafted(author, site_a, units_a):
    today = timezone.localdate()
    return services.survey_create(
        actor=author,
        site=site_a,
        name="2026年下半年满意度调查",
        period="2026 H2",
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )


@pytest.fixture
def opened(drafted, csm):
    services.survey_approve(actor=csm, survey=drafted)
    services.survey_open(actor=csm, survey=drafted)
    return drafted


def rated_answers(survey, value: int) -> dict:
    return {str(q.pk): value for q in survey.questions.filter(kind__in=("level", "scale"))}
