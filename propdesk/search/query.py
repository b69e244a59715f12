"""Query parsing: a user's text becomes an AND of groups, rendered for FTS5 or a tsquery.

- A unit or record code (`3-1-502`, `3栋1单元502`, `3栋`, `TS-2026-00042`) matches its normalised
  key token, its compact number token, or its words.
- A run of 3+ digits matches a word prefix, a phone fragment or a record-number fragment.
- Everything else is segmented with jieba (precise mode); a long word also matches its parts.
- Time and kind words narrow instead of matching (上个月3栋漏水那个投诉: registered last month, a
  complaint, with 3栋 and 漏水), as long as other words remain to search for.
Tokens only ever contain letters, digits and CJK characters, so nothing typed can change the
structure of the full-text query.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from . import segment

_SEP = r"\s*(?:-|/|#|栋|座|幢|号楼|单元|楼|室|号)\s*"
_PART = r"(?:[a-z]+|\d+[a-z]?)"
_CODE = re.compile(rf"{_PART}(?:{_SEP}{_PART})+(?:栋|座|幢|号楼|单元|室|号)?|\d+(?:栋|座|幢|号楼)")
_DIGIT_RUN = re.compile(r"\d{3,}")
_HIGHLIGHT_SEP = r"\s*(?:-|/|#|栋|座|幢|号楼|单元|楼|室|号)?\s*"
STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 在 是 和 与 或 及 那个 这个 一个 有 我 你 他 她 请 把 被 就 也 都 还 啦".split()
)
MAX_GROUPS = 12
# Record kinds shared by tickets and contacts (their `kind` filter).
KIND_WORDS = {
    "投诉": "complaint",
    "报修": "repair",
    "维修": "repair",
    "求助": "help",
    "咨询": "inquiry",
    "建议": "suggestion",
    "表扬": "praise",
}
TIME_WORDS = (
    "今天",
    "昨天",
    "前天",
    "本周",
    "这周",
    "上周",
    "本月",
    "这个月",
    "上个月",
    "上月",
    "今年",
    "去年",
)
_HINT = re.compile("|".join(sorted([*KIND_WORDS, *TIME_WORDS], key=len, reverse=True)))


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Any:
    items: tuple


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Chars(All):
    """Every character of a word, anywhere: finds a differently segmented text, never ranks it."""


@dataclass
class ParsedQuery:
    """The parsed query: `expr` (None when nothing searchable was typed) and highlight patterns."""

    expr: object = None
    highlights: list[str] = field(default_factory=list)
    kind: str = ""  # a kind word narrowed the search (KIND_WORDS)
    period: tuple[datetime.date, datetime.date] | None = None  # [first day, day after last)
    hints: list[str] = field(default_factory=list)  # the words that narrowed, as typed

    def fts5(self, *, strict: bool = False) -> str:
        """The FTS5 query; `strict` leaves out the character fallbacks (the one to rank by)."""
        return _render(self.expr, fts5=True, strict=strict)

    def tsquery(self, *, strict: bool = False) -> str:
        return _render(self.expr, fts5=False, strict=strict)


def _render(node, *, fts5: bool, strict: bool = False) -> str:
    if isinstance(node, Term):
        if fts5:
            return f'"{node.text}"' + ("*" if node.prefix else "")
        return f"'{node.text}'" + (":*" if node.prefix else "")
    items = [i for i in node.items if not (strict and isinstance(i, Chars))]
    joiner = (" AND " if fts5 else " & ") if isinstance(node, All) else (" OR " if fts5 else " | ")
    inner = joiner.join(_render(item, fts5=fts5, strict=strict) for item in items)
    return f"({inner})" if len(items) > 1 else inner


def _words_node(words: list[str]):
    # Latin words and numbers match as prefixes from 3 characters on: a prefix of 1–2 characters
    # (the 3 of 3栋) matches a large part of the index (~130 ms per search at a million tickets).
    terms = tuple(Term(w, prefix=w.isascii() and len(w) >= 3) for w in words)
    return terms[0] if len(terms) == 1 else All(terms)


def _code_group(text: str):
    """Alternatives for a unit or record code; None if it has no digit (plain words then)."""
    if not any(ch.isdigit() for ch in text):
        return None, None
    # `3栋` (ends with a separator) is a building: `unit3x` so it does not match `unit30x…`.
    partial = not text[-1].isalnum() or text[-1] in "栋座幢楼单元室号"
    alternatives = [Term(segment.unit_token(text) + ("x" if partial else ""), prefix=True)]
    compact = "".join(segment.pieces(text))
    if compact.isascii():
        alternatives.append(Term(f"no{compact}", prefix=True))
    words = segment.words_for_search(text)
    if words:
        alternatives.append(_words_node(words))
    if partial:
        return Any(tuple(alternatives)), re.escape(text)
    pattern = _HIGHLIGHT_SEP.join(re.escape(p) for p in segment.unit_parts(text))
    return Any(tuple(alternatives)), pattern


def _digits_group(digits: str):
    return Any((Term(digits, True), Term(f"tel{digits}", True), Term(f"num{digits}", True)))


def _word_group(word: str):
    if word.isascii():
        return Term(word, prefix=True)
    parts = [w for w in segment.words_for_search(word) if w != word and len(w) > 1]
    # A long word also matches its parts (segmentation can differ in context), but only
    # when the parts cover every character: 卫生间 must not match plain 卫生.
    covered: set[int] = set()
    for part in parts:
        start = word.find(part)
        covered.update(range(start, start + len(part)))
    chars = segment.cjk_chars(word)
    # Last resort: every character of the word (indexed one by one in the body). Ranking keeps
    # whole-word matches first; this only lets a differently segmented document be found.
    by_char = [Chars(tuple(Term(c) for c in chars))] if 1 < len(chars) == len(word) else []
    if not parts or len(covered) < len(word):
        return Any((Term(word), *by_char)) if by_char else Term(word)
    return Any((Term(word), _words_node(parts), *by_char))


def period_of(word: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[first day, day after the last) of a time word, in local dates."""
    day = datetime.timedelta(days=1)
    monday = today - datetime.timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month = (first - day).replace(day=1)
    return {
        "今天": (today, today + day),
        "昨天": (today - day, today),
        "前天": (today - 2 * day, today - day),
        "本周": (monday, today + day),
        "这周": (monday, today + day),
        "上周": (monday - 7 * day, monday),
        "本月": (first, today + day),
        "这个月": (first, today + day),
        "上个月": (last_month, first),
        "上月": (last_month, first),
        "今年": (today.replace(month=1, day=1), today + day),
        "去年": (today.replace(year=today.year - 1, month=1, day=1), today.replace(month=1, day=1)),
    }[word]


def parse(q: str) -> ParsedQuery:
    """Parse the search box text; time and kind words narrow when other words remain."""
    text = segment.normalize(q)[:100]
    hints = _HINT.findall(text)
    if hints:
        narrowed = _parse(_HINT.sub(" ", text))
        if narrowed.expr is not None:
            times = [h for h in hints if h in TIME_WORDS]
            kind_words = list(dict.fromkeys(h for h in hints if h in KIND_WORDS))
            kinds = {KIND_WORDS[h] for h in kind_words}
            narrowed.kind = kinds.pop() if len(kinds) == 1 else ""  # 投诉 and 报修: neither
            narrowed.period = period_of(times[0], timezone.localdate()) if times else None
            narrowed.hints = times[:1] + (kind_words if narrowed.kind else [])
            return narrowed
    return _parse(text)


def _parse(text: str) -> ParsedQuery:
    groups, highlights = [], []

    def take_code(match):
        group, pattern = _code_group(match.group())
        if group is None:
            return match.group()
        groups.append(group)
        highlights.append(pattern)
        return " "

    def take_digits(match):
        groups.append(_digits_group(match.group()))
        highlights.append(re.escape(match.group()))
        return " "

    text = _DIGIT_RUN.sub(take_digits, _CODE.sub(take_code, text))
    for word in segment.words_precise(text):
        if word not in STOPWORDS:
            groups.append(_word_group(word))
            highlights.append(re.escape(word))
    unique = list(dict.fromkeys(groups))[:MAX_GROUPS]
    if not unique:
        return ParsedQuery()
    return ParsedQuery(
        expr=unique[0] if len(unique) == 1 else All(tuple(unique)), highlights=highlights
    )
