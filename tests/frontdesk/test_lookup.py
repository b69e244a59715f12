"""Visitor lookup, R-FS-5 (SECURITY P1): room numbers only, every lookup logged once."""

import json
import re

import pytest
from django.urls import reverse

from propdesk.core.exceptions import NotAllowed, NotFound
from propdesk.frontdesk import services
from propdesk.frontdesk.models import VisitorLookup

PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def site_only(client_for, agent_a):
    return client_for(agent_a)


def test_r_fs_5_page_shows_room_only_and_logs_one_row(site_only, resident_a, unit_a):
    """R-FS-5: the HTML answer holds the room number, never the name or a phone; one log row."""
    resp = site_only.post(
        reverse("frontdesk:lookup"),
        {"name": "张伟", "question": "张伟住这里吗？", "visitor": "快递员"},
    )
    html = resp.content.decode()
    assert resp.status_code == 200 and unit_a.code in html
    result = html.split('id="lookup-result"')[1].split("</div>")[0]
    assert "张伟" not in result and not PHONE.search(html)
    assert "138****5678" not in html and resident_a.id_number[-4:] not in result
    assert VisitorLookup.objects.count() == 1
    row = VisitorLookup.objects.get()
    assert row.rooms == [unit_a.code] and row.question == "张伟住这里吗？"


def test_r_fs_5_api_returns_rooms_only_and_logs_one_row(site_only, resident_a, unit_a, site_a):
    """R-FS-5: the JSON answer is {"rooms": [...]} and nothing else; one log row per call."""
    body = {"site_id": site_a.pk, "name": "张伟", "question": "找张伟"}
    for n in (1, 2):
        resp = site_only.post(
            "/api/v1/desk/visitor-lookups", json.dumps(body), content_type="application/json"
        )
        assert resp.status_code == 200
        assert resp.json() == {"rooms": [unit_a.code]}
        assert not PHONE.search(resp.content.decode()) and "张伟" not in resp.content.decode()
        assert VisitorLookup.objects.count() == n


def test_r_fs_5_fragments_do_not_match(agent_a, resident_a, site_a):
    """R-FS-5: a surname or a fragment finds nothing (no fishing for residents), but is logged."""
    assert (
        services.visitor_lookup(
            actor=agent_a, site_id=site_a.pk, name="张", question="姓张的住几楼"
        )
        == []
    )
    assert VisitorLookup.objects.count() == 1


def test_r_fs_5_only_desk_staff_of_the_site_look_up(agent_b, auditor, csm, site_a, resident_a):
    """R-FS-5: another site's agent gets 404; the auditor and the manager cannot look up."""
    with pytest.raises(NotFound):
        services.visitor_lookup(actor=agent_b, site_id=site_a.pk, name="张伟", question="?")
    for user in (auditor, csm):
        with pytest.raises(NotAllowed):
            services.visitor_lookup(actor=user, site_id=site_a.pk, name="张伟", question="?")
    assert VisitorLookup.objects.count() == 0


def test_r_fs_5_api_other_site_is_404_and_get_is_405(client_for, agent_b, site_a, resident_a):
    """R-FS-5: POST only (nothing personal in URLs); another site answers 404."""
    c = client_for(agent_b)
    body = json.dumps({"site_id": site_a.pk, "name": "张伟", "question": "?"})
    assert (
        c.post("/api/v1/desk/visitor-lookups", body, content_type="application/json").status_code
        == 404
    )
    assert c.get("/api/v1/desk/visitor-lookups", {"name": "张伟"}).status_code == 405
    assert c.get(reverse("frontdesk:lookup")).status_code == 200


def test_r_fs_5_lookup_log_readable_by_supervisor_not_agent(
    client_for, agent_a, lead_a, site_a, resident_a
):
    """R-FS-5: the supervisor reads the lookup log; agents do not."""
    services.visitor_lookup(actor=agent_a, site_id=site_a.pk, name="张伟", question="?")
    assert client_for(lead_a).get(reverse("frontdesk:lookup-log")).status_code == 200
    assert client_for(agent_a).get(reverse("frontdesk:lookup-log")).status_code == 403
