"""Issue item 8: no portal page over 150 KB of HTML, CSS and JS after compression (gzip -6),
the page and every stylesheet and script it loads counted."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from propdesk.tickets.models import Ticket

from .conftest import jpeg

pytestmark = pytest.mark.django_db
LIMIT = 150 * 1024


def _weight(html: str) -> int:
    total = len(gzip.compress(html.encode(), 6))
    for ref in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(ref)
        assert path, ref
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read(), 6))
    return total


def test_every_portal_page_weighs_under_150_kb_compressed(client_of, owner_a, submit):
    for i in range(12):
        submit(owner_a, content=f"第{i}个问题" * 40, photo=jpeg())
    t = Ticket.objects.first()
    c = client_of(owner_a)
    for url in (
        reverse("portal:home"),
        reverse("portal:request-list"),
        reverse("portal:request-new"),
        reverse("portal:request-detail", args=[t.pk]),
        reverse("portal:release-list"),
        reverse("portal:parcel-list"),
        reverse("portal:my-data"),
        reverse("portal:household"),
        reverse("portal:announcement-list"),
    ):
        weight = _weight(c.get(url).content.decode())
        assert weight < LIMIT, (url, weight)


def test_the_invitation_page_weighs_under_150_kb_compressed(client, agent_a, resident_a):
    from propdesk.portal.invitations import invitation_create

    _inv, raw = invitation_create(actor=agent_a, resident=resident_a)
    weight = _weight(client.get(reverse("portal:invite", args=[raw])).content.decode())
    assert weight < LIMIT, weight
