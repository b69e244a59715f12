"""Performance scores (R-ST-8): the weighted formula, its inputs from the records, the ranking,
and the bonus line a manager confirms (never the person scored)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from propdesk.core.exceptions import InvalidInput, NotAllowed
from propdesk.performance import selectors, services
from propdesk.performance.models import Score, ScoreWeights
from propdesk.performance.scoring import COMPONENTS, rates_of, suggested_bonus, weighted_score

counts = st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda t: (min(t), max(t)))


def _independent(inputs: dict, weights: dict, ppc: int) -> Decimal:
    """The formula of docs/performance.md, written again: Decimal with 50 digits, half up."""
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        parts = {}
        for c in ("satisfaction", "sla", "callbacks", "promises", "conduct"):
            n, d = inputs[c]["num"], inputs[c]["den"]
            if d:
                parts[c] = Decimal(n) / Decimal(d)
        parts["complaints"] = max(
            Decimal(0), Decimal(100 - ppc * inputs["complaints"]["count"]) / 100
        )
        pts = [Decimal(p) for p in inputs["training"]["points"]]
        if pts:
            parts["training"] = sum(pts) / len(pts) / 100
        total = sum(weights[c] for c in parts if weights[c])
        if not total:
            return Decimal("0.00")
        raw = sum(weights[c] * parts[c] for c in parts if weights[c]) * 100 / total
        return raw.quantize(Decimal("0.01"), ROUND_HALF_UP)


@settings(max_examples=300, deadline=None)
@given(
    nd=st.lists(counts, min_size=5, max_size=5),
    complaints=st.integers(0, 6),
    training=st.lists(st.integers(0, 100), max_size=4),
    weights=st.lists(st.integers(0, 40), min_size=7, max_size=7),
    ppc=st.integers(0, 50),
)
def test_r_st_8_score_equals_the_weighted_formula_recomputed(
    nd, complaints, training, weights, ppc
):
    """R-ST-8 (property): for random inputs and weights the score is the formula, recomputed here."""
    inputs = {c: {"num": n, "den": d} for c, (n, d) in zip(COMPONENTS[:5], nd, strict=True)}
    inputs["complaints"] = {"count": complaints}
    inputs["training"] = {"points": [str(p) for p in training]}
    w = dict(zip(COMPONENTS, weights, strict=True))
    got = weighted_score(rates_of(inputs, points_per_complaint=ppc), w)
    assert got == _independent(inputs, w, ppc)
    assert Decimal(0) <= got <= Decimal(100)


def test_r_st_8_an_input_without_data_leaves_its_weight_out():
    inputs = {c: {"num": 0, "den": 0} for c in COMPONENTS[:5]}
    inputs["satisfaction"] = {"num": 3, "den": 4}
    inputs["complaints"] = {"count": 1}
    inputs["training"] = {"points": []}
    w = {
        "satisfaction": 30,
        "sla": 20,
        "callbacks": 15,
        "promises": 10,
        "conduct": 10,
        "complaints": 10,
        "training": 5,
    }
    # (30 × 0.75 + 10 × 0.75) / 40 = 75.00
    assert weighted_score(rates_of(inputs, points_per_complaint=25), w) == Decimal("75.00")


def test_r_st_8_suggested_bonus_rule():
    assert suggested_bonus(
        Decimal("80.00"), full=Decimal("500.00"), threshold=Decimal("60")
    ) == Decimal("400.00")
    assert suggested_bonus(
        Decimal("59.99"), full=Decimal("500.00"), threshold=Decimal("60")
    ) == Decimal("0.00")
    assert suggested_bonus(
        Decimal("66.67"), full=Decimal("333.00"), threshold=Decimal("60")
    ) == Decimal("222.01")


@pytest.mark.django_db
def test_r_st_8_score_from_the_records_shows_its_inputs_and_tickets(
    day_of_work, agent_a, agent2_a, site_a, csm
):
    """R-ST-8: agent A's satisfied callback, kept promise and callbacks count for A, not for A2."""
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        scores = services.scores_compute(
            actor=csm, site=site_a, period="month", year=2026, number=3
        )
    mine = next(s for s in scores if s.person_id == agent_a.pk)
    theirs = next(s for s in scores if s.person_id == agent2_a.pk)
    assert mine.inputs["satisfaction"]["num"] == 1 == mine.inputs["satisfaction"]["den"]
    assert [t for t, _ in mine.inputs["satisfaction"]["items"]] == [day_of_work.pk]
    assert mine.inputs["callbacks"]["den"] == 2 and theirs.inputs["callbacks"]["den"] == 0
    assert theirs.inputs["satisfaction"]["den"] == 0
    assert mine.inputs["promises"]["num"] == 1 and theirs.inputs["promises"]["num"] == 1
    w = ScoreWeights.objects.get()
    rates = rates_of(mine.inputs, points_per_complaint=w.points_per_complaint)
    assert mine.score == weighted_score(rates, w.as_dict())
    assert mine.suggested_bonus == suggested_bonus(
        mine.score, full=w.bonus_full, threshold=w.bonus_threshold
    )
    assert selectors.rank_of(mine) in (1, 2)


@pytest.mark.django_db
def test_r_st_8_complaints_naming_the_person_lower_the_score(
    open_ticket, agent_a, agent2_a, site_a, csm
):
    with time_machine.travel("2026-03-05 09:00 +0800", tick=False):
        open_ticket(kind="complaint", actor=agent2_a, target_staff=agent_a, content="前台态度差")
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        scores = services.scores_compute(
            actor=csm, site=site_a, period="quarter", year=2026, number=1
        )
    by = {s.person_id: s for s in scores}
    assert by[agent_a.pk].inputs["complaints"]["count"] == 1
    assert by[agent2_a.pk].inputs["complaints"]["count"] == 0
    assert by[agent_a.pk].score < by[agent2_a.pk].score


@pytest.mark.django_db
def test_r_st_8_bad_period_is_refused_and_nothing_is_computed(site_a, csm, agent_a):
    for kw in (
        {"period": "week", "number": 1},
        {"period": "month", "number": 13},
        {"period": "quarter", "number": 5},
    ):
        with pytest.raises(InvalidInput):
            services.scores_compute(actor=csm, site=site_a, year=2026, **kw)
    with pytest.raises(NotAllowed):
        services.scores_compute(actor=agent_a, site=site_a, period="month", year=2026, number=1)
    assert Score.objects.count() == 0


@pytest.mark.django_db
def test_r_st_8_nobody_confirms_their_own_bonus_line(site_a, csm, agent_a, pcm_a, gm, auditor):
    """R-ST-8, A7: the person scored, a colleague and the auditor cannot confirm; a manager can."""
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        services.scores_compute(actor=gm, site=site_a, period="month", year=2026, number=3)
    s = Score.objects.get(person=agent_a)
    for who in (agent_a, auditor):
        with pytest.raises(NotAllowed):
            services.score_confirm(actor=who, score=s)
    with pytest.raises(InvalidInput):
        services.score_confirm(actor=csm, score=s, amount="-5")
    s.refresh_from_db()
    assert s.state == Score.BonusState.SUGGESTED and s.confirmed_by is None
    services.score_confirm(actor=csm, score=s, amount="450.00", version=s.version)
    s.refresh_from_db()
    assert (s.state, s.confirmed_by, s.confirmed_bonus) == ("confirmed", csm, Decimal("450.00"))
    # R-ST-7: the confirmed bonus is a granted bonus line of March in the staff ledger
    from propdesk.staff.models import LedgerEntry

    line = LedgerEntry.objects.get(person=agent_a, source=f"performance.score:{s.pk}")
    assert (line.kind, line.amount, line.granted_by, line.month) == (
        "bonus",
        Decimal("450.00"),
        csm,
        datetime.date(2026, 3, 1),
    )


@pytest.mark.django_db
def test_r_st_8_a_manager_cannot_confirm_their_own_score(site_a, csm, gm):
    s = Score.objects.create(
        site=site_a, person=csm, period="month", year=2026, number=3, start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31), weights=ScoreWeights.objects.get(), inputs={}, score=Decimal("90"),
        computed_at="2026-04-01T01:00Z", suggested_bonus=Decimal("450.00"),
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.score_confirm(actor=csm, score=s)
    services.score_confirm(actor=gm, score=s)
