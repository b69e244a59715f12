"""R-HO-5: a refused handover is on the shift lead's (and the CS manager's) board until settled."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.frontdesk import services
from tests.factories import make_user
from tests.frontdesk.conftest import read_all


def _section(client, name: str) -> str:
    resp = client.get(reverse(name))
    assert resp.status_code == 200
    return resp.content.decode().split('id="refused-handovers"')[1].split("</section>")[0]


def test_r_ho_5_refused_handover_is_on_the_leads_board_until_resolved(
    client_for, submitted, agent2_a, lead_a, csm
):
    """R-HO-5: the lead who is notified of the refusal finds it on the board, with the reason."""
    h = read_all(submitted, agent2_a)
    assert submitted.number not in _section(client_for(lead_a), "service:board-lead")
    services.handover_refuse(actor=agent2_a, handover=h, reason="对讲机坏了没有说明")
    board = _section(client_for(lead_a), "service:board-lead")
    assert submitted.number in board and "对讲机坏了没有说明" in board
    assert submitted.number in _section(client_for(csm), "service:board-manager")
    services.handover_resolve(actor=lead_a, handover=h, resolution="outgoing_finished", note="已换")
    assert submitted.number not in _section(client_for(lead_a), "service:board-lead")


def test_r_ho_5_other_sites_lead_does_not_see_the_refusal(client_for, submitted, agent2_a, site_b):
    """R-HO-5: the board is scoped to the lead's sites."""
    services.handover_refuse(actor=agent2_a, handover=read_all(submitted, agent2_a), reason="不清")
    lead_b = make_user("supervisor", site_b)
    assert submitted.number not in _section(client_for(lead_b), "service:board-lead")


def test_r_ho_5_board_query_count_does_not_grow_with_refusals(
    client_for, submitted, agent2_a, lead_a
):
    c = client_for(lead_a)
    c.get(reverse("service:board-lead"))
    with CaptureQueriesContext(connection) as before:
        c.get(reverse("service:board-lead"))
    services.handover_refuse(actor=agent2_a, handover=read_all(submitted, agent2_a), reason="不清")
    with CaptureQueriesContext(connection) as after:
        c.get(reverse("service:board-lead"))
    assert len(after.captured_queries) == len(before.captured_queries)
