"""Pure arithmetic of the pay rules, without queries (R-ST-4).

Rounding: every amount is rounded to the fen (0.01 yuan) by ROUND_HALF_UP — each late day's
deduction separately (base salary × rate), the month's deduction is the sum of those days.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def fen(value) -> Decimal:
    """`value` rounded to the fen, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RuleTerms:
    first_count: int = 2
    first_percent: Decimal = Decimal("2")
    later_percent: Decimal = Decimal("5")
    grace_minutes: int = 0


DEFAULT_TERMS = RuleTerms()


def lateness_lines(base_salary: Decimal, late_days: int, terms: RuleTerms = DEFAULT_TERMS):
    """[(n-th late day, percent, amount)]: the first `first_count` late days at the first rate,
    from the next one on (inclusive) at the later rate."""
    lines = []
    for n in range(1, late_days + 1):
        pct = terms.first_percent if n <= terms.first_count else terms.later_percent
        lines.append((n, pct, fen(Decimal(base_salary) * pct / 100)))
    return lines


def lateness_deduction(base_salary: Decimal, late_days: int, terms: RuleTerms = DEFAULT_TERMS):
    """The month's lateness deduction: 1, 2, 3, 5 late days on 3,000.00 → 60, 120, 270, 570."""
    return sum((amount for _, _, amount in lateness_lines(base_salary, late_days, terms)), FEN * 0)
