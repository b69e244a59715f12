"""The performance score as one formula, kept apart from the database so it can be read, shown
and tested on its own. R-ST-8.

Each input is a rate between 0 and 1 (satisfied callbacks / callbacks with an answer, SLA stages
met / finished, callbacks on time / made, promises kept on time / due, conduct standards met /
observed, training results); complaints give 1 − points lost per complaint × count / 100, at
least 0. An input without any data in the period is left out and the weights of the others
count in full (nobody is rewarded or punished for work they had none of):

    score = 100 × Σ (weightᵢ × rateᵢ) / Σ weightᵢ     over the inputs that have data

rounded half up to two decimals; no input with data at all gives 0. The suggested bonus is
bonus at 100 × score / 100, rounded half up to the fen, and 0 below the threshold score.
Exact fractions are used throughout, so the rounding happens once, at the end.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

COMPONENTS = ("satisfaction", "sla", "callbacks", "promises", "conduct", "complaints", "training")
CENT = Decimal("0.01")


def rate(num, den) -> Fraction | None:
    """num / den as an exact fraction; None when there is nothing to count."""
    if not den:
        return None
    return Fraction(num) / Fraction(den)


def complaints_rate(count: int, points_per_complaint: int) -> Fraction:
    return max(Fraction(0), 1 - Fraction(points_per_complaint * count, 100))


def _exact_half_up(value: Fraction) -> Decimal:
    # Decimal division is rounded at 28 digits; scale first so the quantize sees the exact value.
    cents = value * 100
    whole, rest = divmod(cents.numerator, cents.denominator)
    if 2 * rest >= cents.denominator:
        whole += 1
    return Decimal(whole) / 100


def weighted_score(rates: dict[str, Fraction | None], weights: dict[str, int]) -> Decimal:
    """The score 0–100 (two decimals) from the rates and the weights, by the formula above."""
    used = {c: w for c, w in weights.items() if w and rates.get(c) is not None}
    total = sum(used.values())
    if not total:
        return Decimal("0.00")
    exact = Fraction(100) * sum(Fraction(w) * rates[c] for c, w in used.items()) / total
    return _exact_half_up(exact)


def suggested_bonus(score: Decimal, *, full: Decimal, threshold: Decimal) -> Decimal:
    """The bonus line the score suggests (yuan, to the fen)."""
    if score < threshold:
        return Decimal("0.00")
    return (full * score / 100).quantize(CENT, ROUND_HALF_UP)


def rates_of(inputs: dict, *, points_per_complaint: int) -> dict[str, Fraction | None]:
    """Each input's rate from the counts `inputs.score_inputs` read."""
    out: dict[str, Fraction | None] = {}
    for c in ("satisfaction", "sla", "callbacks", "promises", "conduct"):
        out[c] = rate(inputs[c]["num"], inputs[c]["den"])
    out["complaints"] = complaints_rate(inputs["complaints"]["count"], points_per_complaint)
    points = [Fraction(Decimal(p)) for p in inputs["training"]["points"]]
    out["training"] = sum(points) / (100 * len(points)) if points else None
    return out


def period_bounds(period: str, year: int, number: int):
    """First and last day of a month (1–12) or a quarter (1–4)."""
    import calendar
    import datetime

    first_month = number if period == "month" else 3 * (number - 1) + 1
    last_month = number if period == "month" else first_month + 2
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)
