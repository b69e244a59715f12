"""Users read words, not codes: every page each demo role reaches, in Chinese and in English, is
scanned for raw state keys, event codes and Django's stock form messages.

The demo data (tickets in every state, handovers, parcels, promises, incidents) is loaded once for
the module; each persona starts at the home page and follows the links it is shown (a few pages
per URL shape), then submits the forms it finds once with nothing or nonsense in them.
"""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from propdesk.core import eventlabels
from propdesk.core.models import Event

PERSONAS = [
    "agent",
    "lead",
    "csm",
    "eng",
    "worker",
    "pcm",
    "gm",
    "archivist",
    "auditor",
    "resident",
    "resident_b",
]
SKIP = ("/admin/", "/static/", "/api/", "/i18n/", "/accounts/logout", "/export", "/print")
PER_SHAPE, MAX_PAGES = 1, 60
TOKEN = re.compile(r"(?<![A-Za-z0-9_.])[a-z][a-z0-9_.]*[a-z0-9](?![A-Za-z0-9_])")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


class _Page(HTMLParser):
    """Visible text (and the attributes a user reads), links and forms of one page."""

    def __init__(self):
        super().__init__()
        self.texts, self.links, self.forms, self._skip, self._form = [], [], [], 0, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if a.get(name):
                self.texts.append(a[name])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "fields": {}}  # fmt: skip
            self.forms.append(self._form)
        if self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            kind = a.get("type", tag)
            keep = kind == "hidden" or a["name"] == "csrfmiddlewaretoken"
            self._form["fields"][a["name"]] = (a.get("value", "") if keep else None, kind)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "form":
            self._form = None

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _codes() -> tuple[set[str], set[str]]:
    states = {
        str(value)
        for model in apps.get_models()
        if model.__module__.startswith("propdesk.")
        for field in model._meta.get_fields()
        for value, _label in (getattr(field, "flatchoices", None) or [])
        if isinstance(value, str) and value
    }
    events = set(Event.objects.values_list("code", flat=True)) | set(eventlabels.COMMON)
    for table in eventlabels._TABLES.values():
        events |= set(table)
    return states, events


def _stock_messages() -> list[str]:
    """Django's own refusals of form fields and validators, as the active language words them."""
    from django import forms
    from django.contrib.auth import forms as auth_forms
    from django.core import validators

    found = set()
    for cls in vars(forms).values():
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            found |= {str(m) for m in getattr(cls, "default_error_messages", {}).values()}
    for v in vars(validators).values():
        if isinstance(v, type) and hasattr(v, "message"):
            found.add(str(v.message))
    found |= {str(m) for m in auth_forms.AuthenticationForm.error_messages.values()}
    # Compare what comes before the first placeholder; short stems would match real words.
    stems = {re.split(r"%\(|%s|%d|\{", m)[0].strip() for m in found}
    return sorted(s for s in stems if len(s) >= 6)


def _problems(html: str, lang: str, states: set, events: set, stock: list) -> list[str]:
    page = _Page()
    page.feed(html)
    out = []
    for text in page.texts:
        tokens = TOKEN.findall(text)
        for tok in tokens:
            raw = tok in states or tok in events
            if raw and (lang == "zh-hans" or "_" in tok or "." in tok or text == tok):
                out.append(f"code {tok!r} in {text[:60]!r}")
    body = " ".join(page.texts)
    out += [f"stock message {m!r}" for m in stock if m in body]
    return out


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(sorted(
        k.split("=")[0] for k in parts.query.split("&") if k)) if parts.query else "")  # fmt: skip


def _crawl(client, lang, start_urls):
    """Yield (url, html, page) for the pages reached from `start_urls`, a few per URL shape."""
    seen, shapes, queue = set(), Counter(), deque(start_urls)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or any(s in url for s in SKIP) or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        resp = client.get(url)
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        html = resp.content.decode()
        page = _Page()
        page.feed(html)
        yield url, html, page
        for href in page.links:
            full = urljoin(url, href)
            if full.startswith("/") and not full.startswith("//"):
                queue.append(full.split("#")[0])


def _probe_forms(client, url, page):
    """Each form once, empty or with nonsense: what comes back must be words too."""
    for form in page.forms:
        action = urljoin(url, form["action"] or url)
        if any(s in action for s in SKIP):
            continue
        data = {k: (v if v is not None else "zz-9") for k, (v, _kind) in form["fields"].items()}
        if form["method"] == "get":
            yield client.get(action, data)
        else:
            blank = {k: v for k, (v, _kind) in form["fields"].items() if v is not None}
            yield client.post(action, blank, follow=True)


PROBED: set[str] = set()  # form shapes already submitted (by any persona): each once


def _scan(client, user, lang, *, probe: bool) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    with translation.override(lang):
        states, events = _codes()
        stock = _stock_messages()
    extra = [f"/tickets/{pk}/" for pk in _tickets_of_every_event(user)]
    found, pages = [], 0
    for url, html, page in _crawl(client, lang, ["/", *extra]):
        pages += 1
        found += [f"{lang} {url}: {p}" for p in _problems(html, lang, states, events, stock)]
        if probe and _shape(url) not in PROBED:
            PROBED.add(_shape(url))
            for resp in _probe_forms(client, url, page):
                text = resp.content.decode() if "text/html" in resp.get("Content-Type", "") else ""
                found += [
                    f"{lang} {url} (form): {p}"
                    for p in _problems(text, lang, states, events, stock)
                ]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_pages_show_words_not_codes_or_stock_messages(demo, client, username):
    """Chinese pages with their forms submitted empty or with nonsense, then the English pages."""
    from propdesk.people.models import User

    user = User.objects.get(username=username)
    client.force_login(user)
    found = _scan(client, user, "zh-hans", probe=True) + _scan(client, user, "en", probe=False)
    assert found == []


def test_the_scan_sees_a_raw_code_and_a_stock_message():
    """The detector itself: a bare event code, a state key inside Chinese text, Django's wording."""
    states, events = {"dispatched"}, {"major"}
    with translation.override("zh-hans"):
        stock = _stock_messages()
        from django.core import validators

        django_words = str(validators.EmailValidator.message)  # Django's own, in Chinese
        assert django_words in stock
        html = f"<p><strong>major</strong> · 系统</p><p>记录处于“dispatched”状态</p><p>{django_words}</p>"
        assert len(_problems(html, "zh-hans", states, events, stock)) == 3
    assert _problems("<p>Dispatched to the department</p>", "en", states, events, stock) == []


def _tickets_of_every_event(user) -> list[int]:
    """One ticket per event code of the tickets this user may see (the crawl samples only a few)."""
    from django.contrib.contenttypes.models import ContentType

    from propdesk.tickets.models import Ticket
    from propdesk.tickets.permissions import ticket_scope

    ct = ContentType.objects.get_for_model(Ticket)
    visible = ticket_scope(user).values("pk")
    rows = Event.objects.filter(content_type=ct, object_id__in=visible)
    firsts = {}
    for code, pk in rows.values_list("code", "object_id").order_by("id"):
        firsts.setdefault(code, pk)
    return sorted(set(firsts.values()))
