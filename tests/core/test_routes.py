"""A2 (part): every route is declared and none is open to an anonymous visitor by accident.

The resolver is walked; a route missing from PUBLIC and from the signed-in set fails the test, so
a new page cannot ship without someone deciding who may open it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages an anonymous visitor may open (everything else needs a session or an API token).
PUBLIC = {
    "login",
    "set_language",
    "password_change_done",
    "api:api-root",
    "portal:signin",  # a resident signs in with a mobile number and a one-time code
    "portal:signin-code",
    # a resident's one-time invitation link (the desk prints or sends it); it opens a page with
    # one button, and only pressing it uses the invitation and signs them in
    "portal:invite",
    # A resident answers a satisfaction survey on the one-time link of their unit (R-SS-3): the
    # 192-bit token is the authorisation, used once; an unknown token answers 404.
    "surveys:answer",
}


def _routes(patterns=None, prefix="", ns=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            inner_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _routes(p.url_patterns, prefix + str(p.pattern), inner_ns)
        elif isinstance(p, URLPattern):
            yield f"{ns}{p.name or ''}", prefix + str(p.pattern)


def _sample_path(pattern: str) -> str:
    path = re.sub(r"<int:\w+>", "999999", pattern)
    path = re.sub(r"<(?:slug|str):\w+>", "x", path)
    path = re.sub(r"<path:\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


ROUTES = sorted({(name, pat) for name, pat in _routes() if not name.startswith("admin:")})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[r[0] or r[1] for r in ROUTES])
def test_a2_anonymous_gets_no_page(client, name, pattern):
    resp = client.get(_sample_path(pattern))
    if name in PUBLIC or name.endswith(("login", "logout")) or "static" in pattern:
        return
    if pattern.startswith("api/v1/"):
        assert resp.status_code in (401, 405, 302), (name, resp.status_code)
    else:
        assert resp.status_code in (302, 405), (name, resp.status_code)
        if resp.status_code == 302:
            assert "/accounts/login/" in resp["Location"], (name, resp["Location"])


def test_a2_every_route_has_a_name():
    unnamed = [
        pat for name, pat in ROUTES if not name.split(":")[-1] and not pat.startswith("api/v1/")
    ]
    assert unnamed == []


POST_ONLY = [
    (name, pat)
    for name, pat in ROUTES
    if not pat.startswith("api/v1/") and name not in PUBLIC and not name.endswith("login")
]


@pytest.mark.django_db
def test_i3_posts_without_csrf_token_are_refused(agent_a):
    """I3: every state-changing web route refuses a POST without the CSRF token (403)."""
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(agent_a)
    refused = {name: c.post(_sample_path(pat), {}).status_code for name, pat in POST_ONLY}
    assert set(refused.values()) <= {403, 405}, {
        k: v for k, v in refused.items() if v not in (403, 405)
    }
    api = c.post("/api/v1/contacts/", {"channel": "phone"}, content_type="application/json")
    assert api.status_code == 403
