"""The results of a survey (R-SS-3), from database aggregates: response rate, satisfaction rate
(满意率 = answers in the top two levels / valid answers) per item and overall, the satisfaction
index and its band, the choices counted, free-text comments grouped by their words (jieba), and
the comparison with the site's previous survey.

Decisions (DOMAIN §1.11 leaves them open): the overall rate is the weight-averaged rate of the
rated items that have valid answers; the index maps the five levels to 100/80/60/40/20 and is
the weight-averaged mean of the items; its bands are ≥ 90 very satisfied, 70–90 fairly
satisfied, 60–70 fair, < 60 dissatisfied. Rates are percentages with one decimal.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import RATED_KINDS, Kind, Survey, SurveyAnswer, SurveyQuestion

TOP_TWO = 4  # levels 4 (satisfied) and 5 (very satisfied)
RESPONSE_TARGET = Decimal(80)  # ≥ 80 % of the sample returned (DOMAIN §1.11)
RATE_TARGET = Decimal(90)
BANDS = (
    (Decimal(90), "very", _("Very satisfied")),
    (Decimal(70), "fairly", _("Fairly satisfied")),
    (Decimal(60), "fair", _("Fair")),
    (Decimal(0), "dissatisfied", _("Dissatisfied")),
)
LEVEL_WORDS = {
    5: _("Very satisfied"),
    4: _("Satisfied"),
    3: _("Fair"),
    2: _("Poor"),
    1: _("Very poor"),
}
STOP_WORDS = frozenset(
    "我们 你们 他们 这个 那个 就是 还是 没有 可以 希望 一下 一些 非常 比较 有点 感觉 觉得 "
    "已经 现在 时候 问题 还有 以及 而且 但是 因为 所以 如果 能够 需要 进行 的话".split()
)
COMMENT_GROUPS = 10
COMMENTS_PER_GROUP = 5


def pct(part, whole) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def band_of(index: Decimal | None) -> tuple[str, str]:
    """(code, words) of the band the index falls in."""
    if index is None:
        return "", ""
    for floor, code, words in BANDS:
        if index >= floor:
            return code, str(words)
    return BANDS[-1][1], str(BANDS[-1][2])


@dataclass
class Item:
    question: SurveyQuestion
    counts: dict[int, int] = field(default_factory=dict)
    rate: Decimal | None = None
    mean: Decimal | None = None
    previous_rate: Decimal | None = None

    @property
    def valid(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(n for v, n in self.counts.items() if v >= TOP_TWO)

    @property
    def distribution(self) -> list[tuple[int, str, int]]:
        return [(v, str(LEVEL_WORDS[v]), self.counts.get(v, 0)) for v in (5, 4, 3, 2, 1)]

    @property
    def change(self) -> Decimal | None:
        if self.rate is None or self.previous_rate is None:
            return None
        return self.rate - self.previous_rate


@dataclass
class Results:
    survey: Survey
    responses: int
    response_rate: Decimal | None
    items: list[Item]
    overall: Decimal | None
    index: Decimal | None
    band: tuple[str, str]
    choices: list[tuple[SurveyQuestion, list[tuple[str, int]]]]
    comment_groups: list[tuple[str, int, list[str]]]
    comments: int
    previous: Survey | None = None
    previous_overall: Decimal | None = None
    previous_index: Decimal | None = None
    channels: dict[str, int] = field(default_factory=dict)

    @property
    def response_target_met(self) -> bool:
        return self.response_rate is not None and self.response_rate >= RESPONSE_TARGET

    @property
    def overall_change(self) -> Decimal | None:
        if self.overall is None or self.previous_overall is None:
            return None
        return self.overall - self.previous_overall


def _rated_items(survey: Survey) -> list[Item]:
    """One item per rated question with its answers counted per level: two queries."""
    items = [
        Item(question=q) for q in survey.questions.filter(kind__in=RATED_KINDS).order_by("position")
    ]
    by_id = {i.question.pk: i for i in items}
    rows = (
        SurveyAnswer.objects.filter(question__survey=survey, value__isnull=False)
        .values_list("question_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    for qid, value, n in rows:
        if qid in by_id:
            by_id[qid].counts[value] = n
    for item in items:
        item.rate = pct(item.satisfied, item.valid)
        if item.valid:
            total = sum(v * n for v, n in item.counts.items())
            item.mean = (Decimal(total) / item.valid).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return items


def _weighted(items: list[Item], value) -> Decimal | None:
    """The weight-averaged `value(item)` of the items that have one (and a positive weight)."""
    pairs = [(i.question.weight, value(i)) for i in items if value(i) is not None]
    weight = sum((w for w, _ in pairs), Decimal(0))
    if not weight:
        return None
    total = sum((w * v for w, v in pairs), Decimal(0))
    return (total / weight).quantize(Decimal("0.1"), ROUND_HALF_UP)


def overall_of(items: list[Item]) -> tuple[Decimal | None, Decimal | None]:
    """(overall satisfaction rate, satisfaction index) of rated items."""
    answered = [i for i in items if i.valid]
    rate = _weighted(answered, lambda i: Decimal(i.satisfied) * 100 / i.valid)
    index = _weighted(
        answered, lambda i: Decimal(sum(v * n for v, n in i.counts.items())) * 20 / i.valid
    )
    return rate, index


def _choices(survey: Survey) -> list[tuple[SurveyQuestion, list[tuple[str, int]]]]:
    questions = list(survey.questions.filter(kind__in=(Kind.SINGLE, Kind.MULTI)))
    if not questions:
        return []
    counted: dict[int, Counter] = defaultdict(Counter)
    picked = SurveyAnswer.objects.filter(question__in=questions).values_list(
        "question_id", "choices"
    )
    for qid, chosen in picked:
        counted[qid].update(chosen or [])
    return [(q, [(c, counted[q.pk][c]) for c in q.choices]) for q in questions]


def comment_groups(texts: list[str]) -> list[tuple[str, int, list[str]]]:
    """Comments grouped by the words they use (jieba, precise mode): the most used words first,
    each with how many comments use it and a few of them."""
    from propdesk.search.segment import words_precise

    by_word: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for word in dict.fromkeys(words_precise(text)):
            if len(word) >= 2 and word not in STOP_WORDS and not word.isdigit():
                by_word[word].append(text)
    ranked = sorted(by_word.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(w, len(t), t[:COMMENTS_PER_GROUP]) for w, t in ranked[:COMMENT_GROUPS]]


def previous_of(survey: Survey) -> Survey | None:
    """The site's closed survey before this one."""
    return (
        Survey.objects.filter(site_id=survey.site_id, state=Survey.State.CLOSED)
        .filter(opens_on__lt=survey.opens_on)
        .exclude(pk=survey.pk)
        .order_by("-opens_on", "-id")
        .first()
    )


def survey_results(survey: Survey, *, compare: bool = True) -> Results:
    """Everything the results page, the API, the export and the printed report show."""
    items = _rated_items(survey)
    overall, index = overall_of(items)
    responses = survey.responses.count()
    channels = dict(survey.responses.values_list("channel").annotate(n=Count("id")).order_by())
    texts = list(
        SurveyAnswer.objects.filter(question__survey=survey, question__kind=Kind.TEXT)
        .exclude(text="")
        .order_by("id")
        .values_list("text", flat=True)
    )
    results = Results(
        survey=survey,
        responses=responses,
        response_rate=pct(responses, survey.sample_size),
        items=items,
        overall=overall,
        index=index,
        band=band_of(index),
        choices=_choices(survey),
        comment_groups=comment_groups(texts),
        comments=len(texts),
        channels=channels,
    )
    previous = previous_of(survey) if compare else None
    if previous is not None:
        before = _rated_items(previous)
        results.previous = previous
        results.previous_overall, results.previous_index = overall_of(before)
        rates = {(i.question.section, i.question.text): i.rate for i in before}
        for item in items:
            item.previous_rate = rates.get((item.question.section, item.question.text))
    return results
