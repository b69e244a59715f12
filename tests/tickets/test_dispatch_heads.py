"""A dispatch must reach a person (R-FD-1, R-CP-2): a department without a head is refused with its
name, unless the site names a fallback (the CS manager or the centre manager) who then acts for it."""

import pytest
from django.urls import reverse

from propdesk.core.models import Event
from propdesk.notify.models import Notification
from propdesk.tickets.models import Ticket
from tests.factories import DepartmentFactory
from tests.tickets.test_api import Api


@pytest.fixture
def greening_a(site_a):
    """绿化组 of site A, with nobody at its head."""
    return DepartmentFactory(site=site_a, kind="landscaping", name="绿化组")


@pytest.fixture
def greening_complaint(open_ticket, greening_a):
    return open_ticket(kind="complaint", category_code="greening", content="草坪很久没修剪了")


def test_r_cp_2_api_dispatch_to_a_department_without_head_is_refused_naming_it(
    client, agent_a, greening_complaint
):
    """R-CP-2: the refusal names the department; the ticket stays registered, nothing recorded."""
    t = greening_complaint
    assert t.department.name == "绿化组"
    resp = Api(client, agent_a).post(f"tickets/{t.pk}/dispatch", {"version": t.version})
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "no_head" and "绿化组" in body["message"]
    assert "department" in body["fields"]
    t.refresh_from_db()
    assert (t.state, t.version) == ("registered", 0)
    assert not Event.objects.filter(object_id=t.pk, code="dispatch").exists()
    assert not Notification.objects.filter(code="ticket.dispatched").exists()


def test_r_cp_2_ticket_page_does_not_offer_a_department_without_head(
    client_for, agent_a, greening_complaint, eng_dept_a
):
    """R-CP-2: the dispatch choices leave out 绿化组 and say why; posting it anyway is refused."""
    c = client_for(agent_a)
    t = greening_complaint
    form = c.get(reverse("tickets:detail", args=[t.pk])).context["action_forms"][0]["form"]
    field = form.fields["department"]
    assert list(field.queryset) == [eng_dept_a] and field.initial is None
    assert "绿化组" in str(field.help_text)
    data = {"dispatch-version": t.version, "dispatch-department": t.department_id}
    resp = c.post(reverse("tickets:action", args=[t.pk, "dispatch"]), data)
    assert resp.status_code == 400
    assert Ticket.objects.get(pk=t.pk).state == "registered"


def test_r_fd_1_create_and_dispatch_at_intake_to_a_headless_department_saves_nothing(
    client_for, agent_a, resident_a, unit_a, greening_a
):
    """R-FD-1: the intake's "create and dispatch" is all or nothing: refused with the name."""
    from propdesk.tickets.models import Category, Contact

    data = {
        "site": unit_a.site_id, "resident": resident_a.pk, "unit": unit_a.pk, "channel": "phone",
        "kind": "complaint", "content": "草坪没人修剪", "action": "dispatch", "priority": "normal",
        "category": Category.objects.get(kind="complaint", code="greening").pk, "title": "草坪",
    }  # fmt: skip
    resp = client_for(agent_a).post(reverse("tickets:intake"), data)
    assert resp.status_code == 400 and "绿化组" in resp.content.decode()
    assert not Contact.objects.exists() and not Ticket.objects.exists()


def test_r_cp_2_site_fallback_routes_the_form_to_the_cs_manager_who_acts_for_it(
    client, agent_a, csm, greening_complaint, site_a
):
    """R-CP-2: with the site's fallback, the CS manager receives the form, says so on the ticket,
    and can accept it (assigning himself) and report the result."""
    site_a.dispatch_fallback = "cs_manager"
    site_a.save()
    t = greening_complaint
    data = Api(client, agent_a).act(t.pk, "dispatch")
    assert data["state"] == "dispatched" and data["acting_head_id"] == csm.pk
    event = next(e for e in data["events"] if e["code"] == "dispatch")
    assert event["data"]["head"] == csm.pk and event["data"]["via"] == "cs_manager"
    note = Notification.objects.get(recipient=csm, code="ticket.dispatched")
    assert "绿化组" in note.body
    manager = Api(client, csm)
    assert "accept" in manager.get(f"tickets/{t.pk}").json()["actions"]
    manager.act(t.pk, "accept", assignee=csm.pk)
    assert manager.act(t.pk, "handle", result="已安排修剪")["state"] == "handled"


def test_r_cp_2_fallback_is_said_on_the_ticket_page(client_for, agent_a, csm, greening_complaint):
    greening_complaint.site.dispatch_fallback = "cs_manager"
    greening_complaint.site.save()
    c = client_for(agent_a)
    t = greening_complaint
    c.post(
        reverse("tickets:action", args=[t.pk, "dispatch"]),
        {"dispatch-version": t.version, "dispatch-department": t.department_id},
    )
    html = c.get(reverse("tickets:detail", args=[t.pk])).content.decode()
    assert 'id="acting-head"' in html and "没有负责人" in html
    queue = client_for(csm).get(reverse("tickets:queue")).content.decode()
    assert t.number in queue


def test_admin_flags_departments_without_head(client_for, greening_a, eng_dept_a, dept_head_a):
    from tests.factories import make_user

    admin = make_user("sysadmin", is_superuser=True, is_staff=True)
    c = client_for(admin)
    url = reverse("admin:orgs_department_changelist")
    assert list(c.get(url + "?head__isempty=1").context["cl"].result_list) == [greening_a]
    html = c.get(url).content.decode()
    assert "field-has_head" in html and "icon-no.svg" in html
