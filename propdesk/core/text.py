"""Text hygiene, decided once: what user text may contain, and how a length refusal is worded.

Every form field (`core.forms.StyledForm`), every API body and query string (`core.api`) and every
web query string (`core.middleware.QueryTextMiddleware`) goes through `text_clean`:

- line breaks are normalised to LF (browsers send a textarea's lines as CRLF; counted as one
  character, as the page's counter counts them);
- NUL, the other C0 controls except tab and newline, DEL, the C1 controls, lone surrogates and the
  non-characters U+FFFE/U+FFFF are refused with a message in the user's language. PostgreSQL
  cannot store NUL, and the others break every Excel export (openpyxl refuses them) and print as
  garbage; nobody types them on purpose, they come from pasted terminal output or broken files.

What is already stored (imported before this rule, written by the admin) is made safe where it
leaves: `printable` for PDFs, `core.exports` for Excel.
"""

import re

from django.utils.translation import gettext as _

from .exceptions import InvalidInput

# Refused in input, dropped on output. Tab (\x09), LF (\x0a) and CR (\x0d, normalised) are text.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class BadText(ValueError):
    """User text holds characters that are refused (`text_clean`)."""


def text_normalise(value: str) -> str:
    """CRLF and lone CR become LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def text_problem(value: str) -> str | None:
    """Why `value` is refused, in the user's language; None when it is fine."""
    if FORBIDDEN.search(value) is None:
        return None
    return _(
        "The text contains invisible control characters (often from copying out of another "
        "program). Remove them and try again."
    )


def text_clean(value: str) -> str:
    """`value` with normalised line breaks; raises BadText when it holds refused characters."""
    problem = text_problem(value)
    if problem is not None:
        raise BadText(problem)
    return text_normalise(value)


def text_strip_unprintable(value: str) -> str:
    """Stored text made safe to write out: refused characters dropped, line breaks normalised."""
    return FORBIDDEN.sub("", text_normalise(value))


def too_long_message(*, limit: int, length: int, label=None) -> str:
    """The length refusal in user words: the limit and what was written ("内容最多 4000 字，您输入了 5000 字")."""
    if label:
        return _("%(label)s: at most %(limit)d characters, you entered %(length)d.") % {
            "label": label,
            "limit": limit,
            "length": length,
        }
    return _("At most %(limit)d characters, you entered %(length)d.") % {
        "limit": limit,
        "length": length,
    }


def too_short_message(*, limit: int, length: int) -> str:
    """The minimum-length refusal in user words."""
    if length == 0:
        return _("This field is required.")
    return _("At least %(limit)d characters, you entered %(length)d.") % {
        "limit": limit,
        "length": length,
    }


def _within(value: str, field: str, max_len: int, label) -> str:
    if len(value) > max_len:
        msg = too_long_message(limit=max_len, length=len(value), label=label)
        raise InvalidInput(msg, code="too_long", fields={field: msg})
    return value


def require_text(value, field: str, message, max_len: int, *, label=None) -> str:
    """Required text of a service write, stripped: empty is refused with `message`, more than
    `max_len` characters with the limit and the length (never cut: nothing typed is lost)."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, fields={field: message})
    return _within(value, field, max_len, label)


def optional_text(value, field: str, max_len: int, *, label=None) -> str:
    """Optional text of a service write, stripped; more than `max_len` characters is refused."""
    return _within((value or "").strip(), field, max_len, label)
