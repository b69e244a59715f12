"""Every list and the ticket page run a fixed number of SQL queries, whatever the data volume."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from propdesk.tickets import services


def _count(c, url, **params) -> int:
    c.get(url, params)  # warm caches that are not per page (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def _grows(c, url, add, **params):
    add(1)
    small = _count(c, url, size=50, **params)
    add(6)
    assert _count(c, url, size=50, **params) == small
    return small


def test_ticket_list_query_count_is_fixed(client_for, agent_a, open_ticket):
    def add(n):
        for _ in range(n):
            open_ticket(kind="complaint")

    assert _grows(client_for(agent_a), reverse("tickets:list"), add) <= 20


def test_ticket_list_with_words_runs_the_same_queries_as_without(client_for, agent_a, open_ticket):
    """The words filter is a subquery of the list's own query: no query per match."""

    def add(n):
        for _ in range(n):
            open_ticket(kind="complaint", content="楼上漏水没人管")

    c = client_for(agent_a)
    with_words = _grows(c, reverse("tickets:list"), add, q="漏水")
    assert with_words == _count(c, reverse("tickets:list"), size=50)


def test_ticket_page_query_count_is_fixed_with_many_events(
    client_for, lead_a, agent_a, open_ticket
):
    from propdesk.core.corrections import correction_apply

    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    url = reverse("tickets:detail", args=[t.pk])
    c = client_for(lead_a)
    small = _count(c, url)
    for i in range(8):
        services.ticket_escalate(actor=agent_a, ticket=t, note=f"第{i}次")
        services.ticket_clear_escalation(actor=lead_a, ticket=t)
        correction_apply(target=t, field="title", new_value=f"标题{i}", reason="更正", actor=lead_a)
    assert _count(c, url) == small


def test_department_queue_query_count_is_fixed(client_for, agent_a, dept_head_a, open_ticket):
    def add(n):
        for _ in range(n):
            services.ticket_dispatch(actor=agent_a, ticket=open_ticket())

    _grows(client_for(dept_head_a), reverse("tickets:queue"), add)


def test_callback_queue_query_count_is_fixed(client_for, agent_a, handled_ticket):
    def add(n):
        for _ in range(n):
            handled_ticket()

    _grows(client_for(agent_a), reverse("tickets:callbacks"), add)


def test_escalation_board_query_count_is_fixed(client_for, agent_a, lead_a, open_ticket):
    def add(n):
        for _ in range(n):
            services.ticket_escalate(actor=agent_a, ticket=open_ticket(), note="急")

    _grows(client_for(lead_a), reverse("tickets:escalations"), add)


def test_countersign_and_contact_register_query_counts_are_fixed(
    client_for, lead_a, agent_a, open_ticket
):
    c = client_for(lead_a)

    def add(n):
        for _ in range(n):
            open_ticket()

    _grows(c, reverse("tickets:countersign"), add)
    _grows(c, reverse("tickets:contacts"), add)


def test_task_list_query_count_is_fixed(client_for, lead_a, agent_a, site_a):
    def add(n):
        for i in range(n):
            services.task_assign(
                actor=lead_a,
                site=site_a,
                assigned_to=agent_a,
                title=f"任务{i}",
                due_at=timezone.now(),
            )

    _grows(client_for(lead_a), reverse("tickets:tasks"), add)
    _grows(client_for(agent_a), reverse("tickets:tasks"), add)
