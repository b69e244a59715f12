"""Highlighted snippets built in Python from the original text: escaped first, then marked."""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SNIPPET_CHARS = 120
LEAD_CHARS = 30


def compile_patterns(patterns: list[str]) -> re.Pattern | None:
    """One case-insensitive regex of all highlight patterns, longest first."""
    unique = sorted(set(filter(None, patterns)), key=len, reverse=True)
    return re.compile("|".join(unique), re.IGNORECASE) if unique else None


def _marked(text: str, regex: re.Pattern | None) -> SafeString:
    """`text` escaped, with every match wrapped in <mark> (format_html escapes each piece)."""
    pieces: list = []
    pos = 0
    for match in regex.finditer(text) if regex else ():
        if match.end() == match.start():
            continue
        pieces.append(text[pos : match.start()])
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        pos = match.end()
    pieces.append(text[pos:])
    return format_html_join("", "{}", ((p,) for p in pieces))


def highlight(text: str, regex: re.Pattern | None) -> SafeString:
    """The whole (short) text with matches marked, e.g. a title."""
    return _marked(text or "", regex)


def snippet(text: str, regex: re.Pattern | None) -> SafeString:
    """About SNIPPET_CHARS characters of `text` around the first match, matches marked."""
    text = " ".join((text or "").split())
    first = regex.search(text) if regex else None
    start = max(0, first.start() - LEAD_CHARS) if first else 0
    end = min(len(text), start + SNIPPET_CHARS)
    body = _marked(text[start:end], regex)
    return format_html("{}{}{}", "…" if start > 0 else "", body, "…" if end < len(text) else "")
