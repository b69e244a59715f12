"""A3: a child object is reached only through its own parent, for every child kind.

Each row of CHILDREN addresses a child of site B through a parent of site A — as a user who may
see both parents (the CS manager of both sites) where the route only reads, as the user entitled
to act on parent A where it writes — and expects 404 and nothing changed. A route whose path names
two records (`<parent>/<child>`) must have a row: `test_a3_every_child_route_has_a_row` walks the
URL resolver and the OpenAPI document. A new app adds its child kinds here (borrowing lines, pass
photos …) and the records they need in tests/business_records.py.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from propdesk.core.models import Signature
from propdesk.notify.models import Notification
from tests.business_records import records_at
from tests.core.test_routes import ROUTES


@dataclass
class Child:
    name: str
    route: str  # URL name or API path template
    method: str
    url: Callable  # (world) -> url of parent A with the child of B
    actor: Callable  # (world, csm) -> the user calling
    intact: Callable = lambda world: True  # (world) -> True when the child of B is unchanged
    data: Callable = lambda world: {}


def _q_unanswered(w):
    w["B"]["question"].refresh_from_db()
    return w["B"]["question"].answered_at is None


def _countersign_b(w):
    return Signature.objects.filter(site_id=w["B"].site.pk, slot="countersign").first()


def _portal_resident_a(w, csm):
    """The resident of site A's records, signed up for the portal (the ticket's own resident)."""
    from tests.factories import make_user

    resident = w["A"].resident
    if resident.user is None:
        resident.user = make_user("resident")
        resident.save()
    return resident.user


def _invitation_b(w):
    """An open portal invitation of site B's resident (made by B's agent once)."""
    items = w["B"].items
    if "invitation" not in items:
        from propdesk.portal.invitations import invitation_create

        items["invitation"] = invitation_create(actor=w["B"].agent, resident=w["B"].resident)[0]
    return items["invitation"]


def _invitation_b_open(w):
    from propdesk.portal.models import Invitation

    return Invitation.objects.get(pk=_invitation_b(w).pk).revoked_at is None


CHILDREN = [
    Child(
        "portal invitation of another site's resident, revoke through the API",
        "/api/v1/residents/{resident_id}/invitations/{invitation_id}/revoke",
        "post",
        lambda w: (
            f"/api/v1/residents/{w['A'].resident.pk}/invitations/{_invitation_b(w).pk}/revoke"
        ),
        lambda w, csm: csm,
        _invitation_b_open,
    ),
    Child(
        "portal invitation of another site's resident, revoke",
        "people:resident-invite-revoke",
        "post",
        lambda w: reverse(
            "people:resident-invite-revoke", args=[w["A"].resident.pk, _invitation_b(w).pk]
        ),
        lambda w, csm: csm,
        _invitation_b_open,
    ),
    Child(
        "portal: the resident's request photo, download",
        "portal:request-photo",
        "get",
        lambda w: reverse(
            "portal:request-photo", args=[w["A"]["ticket"].pk, w["B"]["ticket_attachment"].key]
        ),
        _portal_resident_a,
    ),
    Child(
        "ticket attachment, download",
        "tickets:attachment",
        "get",
        lambda w: reverse(
            "tickets:attachment", args=[w["A"]["ticket"].pk, w["B"]["ticket_attachment"].key]
        ),
        lambda w, csm: csm,
    ),
    Child(
        "parcel photo, download",
        "frontdesk:mail-photo",
        "get",
        lambda w: reverse(
            "frontdesk:mail-photo", args=[w["A"]["mail"].pk, w["B"]["mail_photo"].key]
        ),
        lambda w, csm: csm,
    ),
    Child(
        "handover question, answer on the page",
        "frontdesk:handover-answer",
        "post",
        lambda w: reverse(
            "frontdesk:handover-answer", args=[w["A"]["handover"].pk, w["B"]["question"].pk]
        ),
        lambda w, csm: w["A"].agent,
        _q_unanswered,
        lambda w: {"text": "在抽屉里"},
    ),
    Child(
        "handover question, answer through the API",
        "/api/v1/desk/handovers/{handover_id}/questions/{question_id}/answer",
        "post",
        lambda w: (
            f"/api/v1/desk/handovers/{w['A']['handover'].pk}/questions/{w['B']['question'].pk}/answer"
        ),
        lambda w, csm: w["A"].agent,
        _q_unanswered,
        lambda w: {"text": "在抽屉里"},
    ),
    Child(
        "review signature line of a record of another kind or site",
        "frontdesk:sign",
        "post",
        lambda w: reverse("frontdesk:sign", args=["handover", w["B"]["handover"].pk]),
        lambda w, csm: w["A"].lead,
        lambda w: not Signature.objects.filter(signer=w["A"].lead).exists(),
        lambda w: {"slot": "supervisor"},
    ),
    Child(
        "countersign line of another site's entry",
        "tickets:countersign-sign",
        "post",
        lambda w: reverse("tickets:countersign-sign", args=[_countersign_b(w).pk]),
        lambda w, csm: w["A"].lead,
        lambda w: _countersign_b(w).signer_id is None,
    ),
    Child(
        "renovation patrol photo, download",
        "passes:inspection-photo",
        "get",
        lambda w: reverse(
            "passes:inspection-photo",
            args=[w["A"]["renovation"].pk, w["B"]["inspection"].pk, w["B"]["inspection_photo"].key],
        ),
        lambda w, csm: csm,
    ),
    Child(
        "renovation patrol photo of another patrol, download",
        "passes:inspection-photo",
        "get",
        lambda w: reverse(
            "passes:inspection-photo",
            args=[w["A"]["renovation"].pk, w["A"]["inspection"].pk, w["B"]["inspection_photo"].key],
        ),
        lambda w, csm: csm,
    ),
    Child(
        "document file, download",
        "records:document-file",
        "get",
        lambda w: reverse(
            "records:document-file", args=[w["A"]["document"].pk, w["B"]["document_file"].key]
        ),
        lambda w, csm: csm,
    ),
    Child(
        "archive record file, download",
        "archives:record-file",
        "get",
        lambda w: reverse(
            "archives:record-file", args=[w["A"]["archive_record"].pk, w["B"]["archive_file"].key]
        ),
        lambda w, csm: csm,
    ),
    Child(
        "another user's notification, mark read",
        "notify:read",
        "post",
        lambda w: reverse(
            "notify:read", args=[Notification.objects.filter(recipient=w["B"].lead).first().pk]
        ),
        lambda w, csm: w["A"].lead,
        lambda w: Notification.objects.filter(recipient=w["B"].lead, read_at__isnull=True).exists(),
    ),
]
# References: an action on a record of A that names a record of B (the user sees both).
REFERENCES = [
    (
        "link a contact to another site's ticket",
        lambda w: f"/api/v1/contacts/{w['A']['contact'].pk}/link",
        lambda w: {"ticket": w["B"]["ticket"].pk, "version": w["A"]["contact"].version},
        lambda w: type(w["A"]["contact"]).objects.get(pk=w["A"]["contact"].pk).ticket_id is None,
    ),
    (
        "merge a ticket into another site's ticket",
        lambda w: f"/api/v1/tickets/{w['A']['ticket'].pk}/merge",
        lambda w: {"into": w["B"]["ticket"].pk, "version": w["A"]["ticket"].version},
        lambda w: type(w["A"]["ticket"]).objects.get(pk=w["A"]["ticket"].pk).merged_into_id is None,
    ),
]


@pytest.fixture
def world(site_a, site_b, unit_a, unit_b, resident_a, resident_b):
    return {
        "A": records_at(site_a, unit_a, resident_a),
        "B": records_at(site_b, unit_b, resident_b),
    }


def _call(user, method, url, data):
    c = Client()
    c.force_login(user)
    if url.startswith("/api/"):
        return getattr(c, method)(url, data, content_type="application/json")
    return getattr(c, method)(url, data)


@pytest.mark.parametrize("child", CHILDREN, ids=[c.name for c in CHILDREN])
def test_a3_a_child_through_the_wrong_parent_is_not_found(world, csm, child):
    """A3: (parent A, child of B) → 404; the child is untouched."""
    resp = _call(child.actor(world, csm), child.method, child.url(world), child.data(world))
    assert resp.status_code == 404, resp.status_code
    assert child.intact(world)


@pytest.mark.parametrize("ref", REFERENCES, ids=[r[0] for r in REFERENCES])
def test_a3_an_action_naming_another_sites_record_changes_nothing(world, csm, ref):
    """A3: the manager of both sites cannot tie a record of A to one of B."""
    _name, url, data, intact = ref
    resp = _call(csm, "post", url(world), data(world))
    assert resp.status_code in (400, 404, 409), resp.status_code
    assert intact(world)


def test_a3_each_child_is_reachable_through_its_own_parent(world, csm):
    """The same routes work for the right pair (so the 404s above are about the pairing)."""
    a = world["A"]
    ok = [
        reverse("tickets:attachment", args=[a["ticket"].pk, a["ticket_attachment"].key]),
        reverse("frontdesk:mail-photo", args=[a["mail"].pk, a["mail_photo"].key]),
        reverse(
            "passes:inspection-photo",
            args=[a["renovation"].pk, a["inspection"].pk, a["inspection_photo"].key],
        ),
        reverse("records:document-file", args=[a["document"].pk, a["document_file"].key]),
        reverse("archives:record-file", args=[a["archive_record"].pk, a["archive_file"].key]),
    ]
    for url in ok:
        assert _call(csm, "get", url, {}).status_code == 200, url
    resp = _call(
        a.agent,
        "post",
        f"/api/v1/desk/handovers/{a['handover'].pk}/questions/{a['question'].pk}/answer",
        {"text": "在抽屉里"},
    )
    assert resp.status_code == 200


ID = re.compile(r"<(?:int|str|uuid):(\w+)>|\{(\w+)\}")
NOT_RECORDS = {"action", "kind"}


def _record_params(pattern: str) -> list[str]:
    return [a or b for a, b in ID.findall(pattern) if (a or b) not in NOT_RECORDS]


def test_a3_every_child_route_has_a_row():
    """A route naming two records (parent and child) must be in CHILDREN, or the test fails."""
    from propdesk.config.api import api

    declared = {c.route for c in CHILDREN}
    web = {name for name, pattern in ROUTES if len(_record_params(pattern)) >= 2}
    paths = api.get_openapi_schema()["paths"]
    rest = {p for p in paths if len(_record_params(p)) >= 2}
    assert (web | rest) - declared == set()
    # "kind + id" routes address a record of a kind named in the path: one row covers them
    assert "frontdesk:sign" in declared
