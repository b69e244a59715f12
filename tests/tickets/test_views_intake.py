"""Intake screen: find the resident, register the contact and act in one submit (R-CP-1, R-FD-1)."""

from django.urls import reverse
from django.utils.translation import gettext

from propdesk.tickets.models import Category, Contact, Ticket


def _post(c, **data):
    base = {"channel": "phone", "kind": "repair", "content": "厨房水管漏水", "priority": "normal"}
    return c.post(reverse("tickets:intake"), base | data)


def _plumbing():
    return Category.objects.get(kind="repair", code="plumbing").pk


def test_anonymous_is_sent_to_login(client):
    resp = client.get(reverse("tickets:intake"))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_wrong_method_is_405(client_for, agent_a):
    assert client_for(agent_a).put(reverse("tickets:intake")).status_code == 405
    assert client_for(agent_a).get(reverse("tickets:intake-search")).status_code == 405


def test_department_staff_may_not_use_intake(client_for, worker_a):
    assert client_for(worker_a).get(reverse("tickets:intake")).status_code == 403


def test_search_by_unit_finds_resident_and_pick_shows_recent_tickets(
    client_for, agent_a, resident_a, unit_a, open_ticket
):
    t = open_ticket()
    c = client_for(agent_a)
    resp = c.post(reverse("tickets:intake-search"), {"q": "3-1-502"}, HTTP_HX_REQUEST="true")
    assert "张伟" in resp.content.decode() and "138****5678" in resp.content.decode()
    resp = c.get(reverse("tickets:intake-pick"), {"resident": resident_a.pk, "unit": unit_a.pk})
    assert t.number in resp.content.decode()


def test_search_does_not_find_resident_of_other_site(client_for, agent_b, resident_a):
    resp = client_for(agent_b).post(reverse("tickets:intake-search"), {"q": "张伟"})
    assert "张伟" not in resp.content.decode()


def test_category_list_follows_the_kind(client_for, agent_a):
    resp = client_for(agent_a).get(reverse("tickets:intake-fields"), {"kind": "complaint"})
    html = resp.content.decode()
    assert "服务态度" in html and "给排水" not in html and "severity" in html


def test_r_fd_1_one_submit_registers_creates_and_dispatches(
    client_for, agent_a, resident_a, unit_a, eng_dept_a, dept_head_a
):
    """R-FD-1, R-CP-1: the contact is registered and the ticket dispatched in one action."""
    resp = _post(
        client_for(agent_a),
        resident=resident_a.pk,
        unit=unit_a.pk,
        category=_plumbing(),
        action="dispatch",
        title="厨房漏水",
        scope="unit",
    )
    ticket = Ticket.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "tickets:detail", args=[ticket.pk]
    )
    assert ticket.state == "dispatched" and ticket.department == eng_dept_a
    assert ticket.contacts.get().resident == resident_a


def test_answer_on_the_spot_closes_the_contact_without_ticket(client_for, agent_a, site_a):
    resp = _post(
        client_for(agent_a),
        site=site_a.pk,
        caller_name="访客王先生",
        kind="inquiry",
        action="answer",
        answer="物业费按季度缴纳",
    )
    assert resp.status_code == 302
    contact = Contact.objects.get()
    assert contact.disposition == "answered" and not Ticket.objects.exists()


def test_repeat_call_is_linked_to_the_open_ticket(client_for, agent_a, open_ticket, resident_a):
    t = open_ticket()
    resp = _post(client_for(agent_a), resident=resident_a.pk, action="link", link_ticket=t.number)
    assert resp["Location"] == reverse("tickets:detail", args=[t.pk])
    assert t.contacts.count() == 2 and Ticket.objects.count() == 1


def test_missing_category_is_refused_and_nothing_saved(client_for, agent_a, resident_a):
    resp = _post(client_for(agent_a), resident=resident_a.pk, action="ticket")
    assert resp.status_code == 400
    assert "选择类别" in resp.content.decode() or "category" in resp.content.decode()
    assert not Contact.objects.exists()


def test_refused_dispatch_rolls_back_the_whole_intake(client_for, agent_a, resident_a):
    """No security department in the site: the refusal is shown and no contact is left behind."""
    security = Category.objects.get(kind="complaint", code="noise").pk
    resp = _post(
        client_for(agent_a),
        resident=resident_a.pk,
        kind="complaint",
        category=security,
        action="dispatch",
    )
    assert resp.status_code == 400
    form = resp.context["form"]
    assert form.errors["department"] == [
        gettext("This site has no department for the category: choose one.")
    ]
    assert not Contact.objects.exists() and not Ticket.objects.exists()


def test_caller_without_resident_needs_a_name(client_for, agent_a, site_a):
    resp = _post(client_for(agent_a), site=site_a.pk, action="record")
    assert resp.status_code == 400 and not Contact.objects.exists()


def test_every_wrong_field_is_reported_at_once(client_for, agent_a, resident_a):
    """No category and a phone of letters: both errors on the first submit, nothing saved."""
    resp = _post(client_for(agent_a), resident=resident_a.pk, caller_phone="abc", action="dispatch")
    errors = resp.context["form"].errors
    assert resp.status_code == 400 and {"category", "caller_phone"} <= set(errors)
    assert not Contact.objects.exists()


def test_r_cp_2_dispatch_shows_the_category_department_preselected(
    client_for, agent_a, site_a, eng_dept_a
):
    """R-CP-2: choosing the category shows its department of the site, already chosen."""
    resp = client_for(agent_a).get(
        reverse("tickets:intake-department"),
        {"kind": "repair", "category": _plumbing(), "site": site_a.pk},
    )
    assert f'<option value="{eng_dept_a.pk}" selected>' in resp.content.decode()
    page = client_for(agent_a).get(reverse("tickets:intake")).content.decode()
    assert 'id="intake-department"' in page and 'name="department"' in page


def test_r_cp_2_dispatch_goes_to_the_department_chosen(
    client_for, agent_a, resident_a, eng_dept_a, env_head_a
):
    """R-CP-2: the agent may send the form to another department than the category's."""
    env = env_head_a.staff.department
    resp = _post(
        client_for(agent_a),
        resident=resident_a.pk,
        category=_plumbing(),
        department=env.pk,
        action="dispatch",
    )
    ticket = Ticket.objects.get()
    assert resp.status_code == 302 and ticket.department == env and ticket.state == "dispatched"
