"""The boards (issue 4 part 9): what each role sees, today's numbers, fixed query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.service import reports
from propdesk.tickets import services as ticket_services

SH = ZoneInfo("Asia/Shanghai")
MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH)


def _board(client, user, name: str) -> str:
    client.force_login(
        user
    )  # fresh session inside frozen time (sessions end after 30 idle minutes)
    resp = client.get(reverse(name))
    assert resp.status_code == 200
    return resp.content.decode()


def test_r_fs_4_escalated_and_breaching_tickets_on_the_shift_leads_board(
    client, open_ticket, agent_a, lead_a
):
    """R-FS-4, R-SS-1: escalated tickets and tickets past their SLA warning are on the lead's board."""
    with time_machine.travel(MONDAY_9, tick=False) as clock:
        late = open_ticket(kind="complaint", content="垃圾两天没清运")
        escalated = open_ticket(kind="repair", content="门禁坏了")
        ticket_services.ticket_escalate(actor=agent_a, ticket=escalated, note="业主情绪激动")
        clock.move_to(MONDAY_9 + dt.timedelta(minutes=25))
        html = _board(client, lead_a, "service:board-lead")
    breaching = html.split('id="breaching"')[1].split("</section>")[0]
    escalations = html.split('id="escalated"')[1].split("</section>")[0]
    assert late.number in breaching and escalated.number in escalations


def test_r_cp_4_major_complaint_on_the_centre_managers_board(client, open_ticket, pcm_a, agent_a):
    """R-CP-4: a complaint with 受伤 in it is on the property-centre manager's board."""
    t = open_ticket(kind="complaint", content="大堂地面湿滑，老人摔倒受伤")
    html = _board(client, pcm_a, "service:board-centre")
    assert t.number in html.split('id="major"')[1]
    client.force_login(agent_a)
    assert client.get(reverse("service:board-centre")).status_code == 403


def test_todays_numbers_on_the_manager_board(client, open_ticket, handled_ticket, agent_a, csm):
    """R-SS-1, R-SS-3: new, dispatched, handled, called back and satisfaction of today."""
    with time_machine.travel(MONDAY_9, tick=False):
        open_ticket(kind="repair")
        t = handled_ticket(kind="repair")
        ticket_services.ticket_callback(
            actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=4
        )
        numbers = reports.today_numbers(csm)
        html = _board(client, csm, "service:board-manager")
    assert numbers == {
        "new": 2,
        "dispatched": 1,
        "handled": 1,
        "called_back": 1,
        "satisfaction": 100.0,
        "score": 4.0,
    }
    assert 'id="today"' in html and 'id="kept-rate"' in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_boards_query_count_does_not_grow_with_tickets(client, open_ticket, agent_a, csm):
    with time_machine.travel(MONDAY_9, tick=False) as clock:
        client.force_login(csm)

        def more(n):
            for _ in range(n):
                t = open_ticket(kind="complaint", content="楼道脏")
                ticket_services.ticket_escalate(actor=agent_a, ticket=t, note="请领班处理")

        more(1)
        clock.move_to(MONDAY_9 + dt.timedelta(minutes=25))
        client.get(reverse("home"))  # the session's once-a-minute renewal happens here, not below
        counts = [
            _count(client, reverse(n)) for n in ("service:board-lead", "service:board-manager")
        ]
        more(4)
        assert [
            _count(client, reverse(n)) for n in ("service:board-lead", "service:board-manager")
        ] == counts
