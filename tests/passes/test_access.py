"""A2 for the passes routes (SECURITY.md §c rows "Renovation & worker passes", "Goods release"):
every route is declared here with who may open it; each is called as every persona."""

import pytest
from django.urls import get_resolver

from propdesk.passes import tokens
from tests.factories import make_user

pytestmark = pytest.mark.django_db

READ = {"agent", "lead", "csm", "eng_head", "pcm", "gm", "archivist", "auditor", "guard", "agent_b"}
# A printed register is of one site: people of several sites choose it in the switcher first.
ONE_SITE = READ - {"csm", "gm", "archivist", "auditor"}
EXPORT = {"agent", "lead", "csm", "pcm", "gm", "auditor", "agent_b"}
# route name → (method, who gets a 2xx/3xx; everyone else 403, or 404 for a record of another site)
MATRIX = {
    "renovation-list": ("get", READ),
    "renovation-new": ("get", READ),
    "renovation-export": ("get", EXPORT),
    "renovation-print": ("get", ONE_SITE),
    "renovation-detail": ("get", READ - {"agent_b"}),
    "renovation-inspect": ("post", {"agent", "lead", "csm"}),
    "inspection-photo": ("get", set()),  # 404 for all: the inspection has no photo
    "pass-new": ("get", READ - {"agent_b"}),
    "renovation-action": ("post", {"agent", "lead", "csm"}),
    "renovation-correct": ("post", {"agent", "lead", "csm"}),  # R-FM-6: the desk
    "pass-list": ("get", READ),
    "pass-export": ("get", EXPORT),
    "pass-print": ("get", ONE_SITE),
    "pass-detail": ("get", READ - {"agent_b"}),
    "pass-photo": ("get", READ - {"agent_b"}),
    "pass-card": ("get", READ - {"agent_b"}),
    "pass-action": ("post", {"agent", "lead", "csm"}),
    "pass-correct": ("post", {"agent", "lead", "csm"}),
    "release-list": ("get", READ),
    "release-new": ("get", READ),
    "release-export": ("get", EXPORT),
    "release-print": ("get", ONE_SITE),
    "release-detail": ("get", READ - {"agent_b"}),
    "release-slip": ("get", READ - {"agent_b"}),
    "release-document": ("get", set()),  # 404 for all: consent was given in person
    "release-action": ("post", {"agent", "lead", "csm"}),
    "gate": ("get", {"guard"}),
    "gate-check": ("post", {"guard"}),
    "gate-let-out": ("post", {"guard"}),
}


def test_a2_every_passes_route_is_declared():
    assert {p.name for p in get_resolver("propdesk.passes.urls").url_patterns} == set(MATRIX)


@pytest.fixture
def personas(
    agent_a,
    lead_a,
    csm,
    dept_head_a,
    pcm_a,
    gm,
    archivist,
    auditor,
    guard_a,
    agent_b,
    resident_user,
):
    return {
        "agent": agent_a,
        "lead": lead_a,
        "csm": csm,
        "eng_head": dept_head_a,
        "pcm": pcm_a,
        "gm": gm,
        "archivist": archivist,
        "auditor": auditor,
        "guard": guard_a,
        "agent_b": agent_b,
        "resident": resident_user,
    }


def _urls(r, p, g):
    from propdesk.passes import services

    insp = services.renovation_inspect(
        actor=make_user("agent", r.site),
        renovation=r,
        day=r.start_date,
        inspector="张强",
        result="ok",
    )
    return {
        "renovation-list": "/passes/",
        "renovation-new": "/passes/renovations/new/",
        "renovation-export": "/passes/renovations/export/",
        "renovation-print": "/passes/renovations/print/",
        "renovation-detail": f"/passes/renovations/{r.pk}/",
        "renovation-inspect": f"/passes/renovations/{r.pk}/inspect/",
        "inspection-photo": f"/passes/renovations/{r.pk}/inspections/{insp.pk}/photos/k/",
        "pass-new": f"/passes/renovations/{r.pk}/passes/new/",
        "renovation-action": f"/passes/renovations/{r.pk}/extend/",
        "renovation-correct": f"/passes/renovations/{r.pk}/correct/",
        "pass-list": "/passes/worker-passes/",
        "pass-export": "/passes/worker-passes/export/",
        "pass-print": "/passes/worker-passes/print/",
        "pass-detail": f"/passes/worker-passes/{p.pk}/",
        "pass-photo": f"/passes/worker-passes/{p.pk}/photo/",
        "pass-card": f"/passes/worker-passes/{p.pk}/card/",
        "pass-action": f"/passes/worker-passes/{p.pk}/extend/",
        "pass-correct": f"/passes/worker-passes/{p.pk}/correct/",
        "release-list": "/passes/releases/",
        "release-new": "/passes/releases/new/",
        "release-export": "/passes/releases/export/",
        "release-print": "/passes/releases/print/",
        "release-detail": f"/passes/releases/{g.pk}/",
        "release-slip": f"/passes/releases/{g.pk}/slip/",
        "release-document": f"/passes/releases/{g.pk}/authorisation/",
        "release-action": f"/passes/releases/{g.pk}/cancel/",
        "gate": "/passes/gate/",
        "gate-check": "/passes/gate/check/",
        "gate-let-out": "/passes/gate/let-out/",
    }


def test_a2_a6_matrix_holds_for_every_route_and_persona(
    client_for, personas, renovation, worker_pass, approved_release
):
    """A2, A6: allowed personas get through; the others get 403 (or 404 for another site's record)."""
    urls = _urls(renovation, worker_pass, approved_release)
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    bodies = {"gate-check": {"code": code, "direction": "entry"}, "gate-let-out": {"code": code}}
    wrong = []
    for name, (method, allowed) in MATRIX.items():
        for persona, user in personas.items():
            c = client_for(user)
            resp = getattr(c, method)(urls[name], bodies.get(name, {}))
            status = resp.status_code
            ok = status in (200, 302)
            if ok != (persona in allowed) or (not ok and status not in (403, 404)):
                wrong.append((name, persona, resp.status_code))
    assert wrong == []


def test_a2_api_scope_and_roles(
    client_for, auditor, agent_b, resident_user, guard_a, renovation, worker_pass, approved_release
):
    """A2, A5: the auditor reads and never writes; another site's records answer 404; a resident
    reads only the slips of units he owns and no renovation; a guard reads, masked."""
    details = [
        f"/api/v1/renovations/{renovation.pk}",
        f"/api/v1/worker-passes/{worker_pass.pk}",
        f"/api/v1/releases/{approved_release.pk}",
    ]
    audit = client_for(auditor)
    assert all(audit.get(u).status_code == 200 for u in details)
    write = audit.post(
        f"/api/v1/releases/{approved_release.pk}/cancel",
        {"reason": "x", "version": 0},
        content_type="application/json",
    )
    assert write.status_code == 403
    other = client_for(agent_b)
    assert [other.get(u).status_code for u in details] == [404, 404, 404]
    assert other.get("/api/v1/releases/").json()["count"] == 0
    res = client_for(resident_user)
    assert res.get("/api/v1/renovations/").status_code == 403
    mine = res.get("/api/v1/releases/").json()  # the resident owns unit_a: his slip only
    assert [g["id"] for g in mine["items"]] == [approved_release.pk]
    body = client_for(guard_a).get(f"/api/v1/worker-passes/{worker_pass.pk}").json()
    assert body["id_number"] == "110***********002X" and body["phone"] == "135****1234"
