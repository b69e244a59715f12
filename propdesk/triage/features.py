"""What the model reads of a request: the search app's jieba words and character bigrams.

The text is normalised (full-width → half-width, lower case) and cut to `MAX_CHARS` before
segmentation, so a pasted 10,000-character letter costs the same as a long call. Features are
binary: `w:电梯` (a jieba word, precise mode, through the search app's pruned dictionary) and
`b:困人` (a bigram of neighbouring Chinese characters, which survives typos and words jieba
cuts differently); single characters `c:漏` help short messages (马桶堵). A text without a
Chinese character (only emoji, only Latin letters) has no features: no suggestion.
"""

import re

from propdesk.search.segment import normalize, words_precise

MAX_CHARS = 300
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def bounded(text: str) -> str:
    return normalize((text or "")[: MAX_CHARS * 2])[:MAX_CHARS]


def has_chinese(text: str) -> bool:
    return bool(_CJK_RUN.search(text or ""))


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese runs of an already bounded text."""
    out = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def features(text: str) -> list[str]:
    """The feature names of `text` (empty when there is nothing Chinese to read)."""
    text = bounded(text)
    if not has_chinese(text):
        return []
    out = {f"w:{w}" for w in words_precise(text) if len(w) > 1 or _CJK_RUN.match(w)}
    out.update(f"b:{b}" for b in bigrams(text))
    out.update(f"c:{c}" for run in _CJK_RUN.findall(text) for c in run)
    return sorted(out)
