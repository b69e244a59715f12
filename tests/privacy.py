"""P3: no personal data of the fixtures in logs, error pages or URLs, over the whole suite.

A pytest plugin (loaded by tests/conftest.py). Every resident, caller, contact person, promise
addressee, visitor lookup and staff phone the tests create is remembered; every request the suite
makes (test client, live server, browser) records its URL and redirect target, and the body of
each 403/404/500 page; a logging handler records every log line. When a test ends, what it
produced is searched for the remembered values: a hit fails that test, naming where the value
was found. A new app with personal fields adds them to WATCHED.

Kept cheap: values are matched by index (digit runs for numbers, two-character windows for
names), not by one search per value.
"""

import logging
import re
from urllib.parse import unquote

import pytest

# model label -> personal fields (numbers and names) whose values must never leave in a URL,
# a log line or an error page.
WATCHED = {
    "people.Resident": ("name", "phone", "phone2", "id_number"),
    "people.StaffProfile": ("phone",),
    "tickets.Contact": ("caller_name", "caller_phone"),
    "tickets.Ticket": ("contact_name", "contact_phone"),
    "service.Promise": ("to_name", "to_phone"),
    "frontdesk.VisitorLookup": ("looked_up",),
    "frontdesk.MailItem": ("picked_up_by_name",),
}
ERROR_STATUSES = {403, 404, 500}
_DIGITS = re.compile(r"\d{6,}[\dXx]?")


class _Watch:
    def __init__(self):
        self.numbers: set[str] = set()
        self.names: dict[str, set[str]] = {}  # first two characters -> names
        self.found: list[tuple[str, str]] = []  # (where, text) produced by the running test

    def remember(self, value: str) -> None:
        value = (value or "").strip()
        if len(value) < 2:
            return
        if value.isdigit() or (value[:-1].isdigit() and value[-1] in "Xx"):
            if len(value) >= 7:
                self.numbers.add(value)
        else:
            self.names.setdefault(value[:2], set()).add(value)

    def hits(self, text: str) -> list[str]:
        out = [n for n in _DIGITS.findall(text) if n in self.numbers]
        for i in range(len(text) - 1):
            for name in self.names.get(text[i : i + 2], ()):
                if text.startswith(name, i):
                    out.append(name)
        return out


WATCH = _Watch()


def _remember(instance) -> None:
    for field in WATCHED.get(instance._meta.label, ()):
        WATCH.remember(str(getattr(instance, field, "") or ""))


def _on_save(sender, instance, **kwargs):
    if sender._meta.label in WATCHED:
        _remember(instance)


class _LogCatcher(logging.Handler):
    def emit(self, record):
        try:
            text = record.getMessage()
        except Exception:  # a broken log call is not this plugin's business
            return
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        WATCH.found.append((f"log {record.name}", text))


def _record_request(request, response) -> None:
    status = getattr(response, "status_code", 200)
    if status != 405:  # a method refused (a lookup sent by GET): the product took nothing from it
        WATCH.found.append(("URL", unquote(request.get_full_path())))
    location = response.get("Location") if hasattr(response, "get") else None
    if location:
        WATCH.found.append(("redirect", unquote(location)))
    if status in ERROR_STATUSES and not getattr(response, "streaming", False):
        WATCH.found.append((f"{status} page", response.content.decode("utf-8", "replace")))


@pytest.fixture(scope="session", autouse=True)
def _p3_instrument(django_db_blocker):
    """Install the recorders once: a save hook, a request hook and a log handler."""
    from django.core.handlers.base import BaseHandler
    from django.db.models import QuerySet
    from django.db.models.signals import post_save

    post_save.connect(_on_save, weak=False, dispatch_uid="p3-watch")
    original_get_response = BaseHandler.get_response
    original_bulk_create = QuerySet.bulk_create

    def get_response(self, request):
        response = original_get_response(self, request)
        _record_request(request, response)
        return response

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self.model._meta.label in WATCHED:
            for obj in objs:
                _remember(obj)
        return original_bulk_create(self, objs, *args, **kwargs)

    BaseHandler.get_response = get_response
    QuerySet.bulk_create = bulk_create
    handler = _LogCatcher(level=logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    propdesk_logger = logging.getLogger("propdesk")
    old_level = propdesk_logger.level
    propdesk_logger.setLevel(logging.INFO)  # what production logs at LOG_LEVEL=INFO
    yield
    propdesk_logger.setLevel(old_level)
    root.removeHandler(handler)
    BaseHandler.get_response = original_get_response
    QuerySet.bulk_create = original_bulk_create
    post_save.disconnect(dispatch_uid="p3-watch")


@pytest.fixture(autouse=True)
def _p3_check(request):
    """P3: fail the test whose URLs, error pages or logs carry a fixture's personal data."""
    WATCH.found.clear()
    yield
    found, WATCH.found[:] = list(WATCH.found), []
    leaks = []
    for where, text in found:
        for value in WATCH.hits(text):
            leaks.append(f"{where}: {value!r} in {text[:160]!r}")
    if leaks:
        pytest.fail("P3: personal data left the product:\n" + "\n".join(sorted(set(leaks))[:10]))
