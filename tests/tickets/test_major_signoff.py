"""R-CP-4: the property-centre manager signs off a handled major complaint (ticket page, board, API),
then the desk closes it; only managers mark a complaint major."""

import pytest
from django.urls import reverse

from propdesk.core.signatures import signature_list_for
from propdesk.notify.models import Notification
from propdesk.tickets import services
from propdesk.tickets.models import Ticket
from tests.tickets.test_api import Api

CLOSE = {"cause": "施工不慎", "desired_outcome": "赔偿地板", "responsibility": "company"}


@pytest.fixture
def major_called_back(handled_ticket, agent_a):
    """A major complaint (报警), handled and called back satisfied: only the sign-off is missing."""
    t = handled_ticket(kind="complaint", content="维修工把业主家地板砸坏，业主说要报警")
    t.refresh_from_db()
    services.ticket_callback(actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=4)
    return Ticket.objects.get(pk=t.pk)


def test_r_cp_4_centre_manager_signs_off_through_the_api_then_the_desk_closes(
    client, major_called_back, agent_a, pcm_a
):
    """R-CP-4: `close` is not offered before the sign-off (it would answer 409); the centre
    manager is offered `major_signoff`, signs with a note, and the desk closes."""
    t = major_called_back
    agent, manager = Api(client, agent_a), Api(client, pcm_a)
    assert "close" not in agent.get(f"tickets/{t.pk}").json()["actions"]
    assert agent.act(t.pk, "close", expect=409, **CLOSE)["code"] == "major_signoff"
    assert "major_signoff" in manager.get(f"tickets/{t.pk}").json()["actions"]
    data = manager.act(t.pk, "major_signoff", note="已赔偿，同意结案")
    assert "major_signoff" not in data["actions"]
    assert [e["code"] for e in data["events"]][-1] == "signed.major_signoff"
    assert Notification.objects.filter(recipient=agent_a, code="ticket.major_signed_off").exists()
    assert "close" in agent.get(f"tickets/{t.pk}").json()["actions"]
    assert agent.act(t.pk, "close", **CLOSE)["state"] == "closed"


def test_r_cp_4_signoff_is_the_centre_managers_with_a_note_once_handled(
    client, open_ticket, major_called_back, csm, pcm_a, agent_a
):
    t = major_called_back
    assert Api(client, csm).act(t.pk, "major_signoff", expect=403, note="同意")["code"] == "role"
    manager = Api(client, pcm_a)
    assert manager.act(t.pk, "major_signoff", expect=400, note=" ")["fields"] == {"note": "必填。"}
    early = open_ticket(kind="complaint", content="业主说要找媒体曝光")
    assert "major_signoff" not in manager.get(f"tickets/{early.pk}").json()["actions"]
    manager.act(early.pk, "major_signoff", expect=409, note="同意")
    assert not signature_list_for(t).filter(signer__isnull=False).exists()


def test_r_cp_4_signoff_from_the_ticket_page(client_for, major_called_back, pcm_a, agent_a):
    """R-CP-4: the sign-off form heads the centre manager's actions; the agent has none of it."""
    t = major_called_back
    c = client_for(pcm_a)
    actions = [
        a["action"] for a in c.get(reverse("tickets:detail", args=[t.pk])).context["action_forms"]
    ]
    assert actions[0] == "major_signoff"
    data = {"major_signoff-version": t.version, "major_signoff-note": "同意结案"}
    resp = c.post(reverse("tickets:action", args=[t.pk, "major_signoff"]), data)
    assert resp.status_code == 302
    page = client_for(agent_a).get(reverse("tickets:detail", args=[t.pk]))
    assert "同意结案" in page.content.decode().split('id="major-signoff"')[1][:300]
    assert "major_signoff" not in [a["action"] for a in page.context["action_forms"]]


def test_r_cp_4_signoff_from_the_major_complaints_board(client_for, major_called_back, pcm_a, gm):
    """R-CP-4: the board lists handled major complaints waiting for the sign-off, with the form
    for the centre manager only (the GM reads the board but cannot sign)."""
    t = major_called_back
    board = reverse("service:board-centre")
    c = client_for(pcm_a)
    html = c.get(board).content.decode()
    assert f'id="signoff-{t.pk}"' in html and 'name="major_signoff-note"' in html
    data = {"major_signoff-version": t.version, "major_signoff-note": "同意", "next": board}
    resp = c.post(reverse("tickets:action", args=[t.pk, "major_signoff"]), data)
    assert resp.status_code == 302 and resp.url == board
    assert f'id="signoff-{t.pk}"' not in c.get(board).content.decode()
    assert signature_list_for(t).get(slot="major_signoff").signer == pcm_a


def test_gm_sees_waiting_signoffs_without_a_form(client_for, major_called_back, gm):
    html = client_for(gm).get(reverse("service:board-centre")).content.decode()
    assert f'id="signoff-{major_called_back.pk}"' in html
    assert 'name="major_signoff-note"' not in html


def test_r_cp_4_only_managers_are_offered_major_severity(client_for, agent_a, csm):
    """R-CP-4: the intake form offers 重大 to the CS manager, not to an agent."""

    def choices(user):
        form = client_for(user).get(reverse("tickets:intake")).context["form"]
        return [c for c, _label in form.fields["severity"].choices]

    assert "major" not in choices(agent_a)
    assert "major" in choices(csm)


def test_r_cp_4_manager_flags_a_complaint_major_through_the_api(
    client, open_ticket, agent_a, csm, pcm_a
):
    t = open_ticket(kind="complaint", content="物业费收费不合理")
    assert "flag_major" not in Api(client, agent_a).get(f"tickets/{t.pk}").json()["actions"]
    Api(client, agent_a).act(t.pk, "flag_major", expect=403, reason="业主要找媒体")
    manager = Api(client, csm)
    assert "flag_major" in manager.get(f"tickets/{t.pk}").json()["actions"]
    data = manager.act(t.pk, "flag_major", reason="业主要找媒体")
    assert "flag_major" not in data["actions"] and data["severity"] == "major"
    t.refresh_from_db()
    assert t.is_major and t.major_owner == pcm_a and t.major_reasons == ["manual"]


def test_r_cp_4_major_at_intake_by_a_manager_assigns_the_centre_manager(
    client, csm, pcm_a, unit_a, resident_a
):
    body = {
        "kind": "complaint", "category": "fees", "title": "收费争议", "content": "业主对收费不满",
        "unit": unit_a.pk, "resident": resident_a.pk, "severity": "major",
    }  # fmt: skip
    resp = Api(client, csm).post("tickets/", body)
    assert resp.status_code == 201, resp.content
    t = Ticket.objects.get(pk=resp.json()["id"])
    assert t.is_major and t.major_owner == pcm_a


def test_r_cp_4_correction_does_not_make_a_complaint_major(client_for, lead_a, open_ticket):
    t = open_ticket(kind="complaint", content="垃圾没清")
    data = {"field": "severity", "new_value": "major", "reason": "业主情绪激动"}
    client_for(lead_a).post(reverse("tickets:correct", args=[t.pk]), data)
    t.refresh_from_db()
    assert t.severity == "minor" and not t.is_major
