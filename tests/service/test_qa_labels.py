"""Service wording found in the QA walkthrough: the promise's staff member is the "person
responsible" (负责人), never "Owner" (业主, the homeowner)."""

from django.urls import reverse

from propdesk.service.forms import PromiseForm, ReassignForm
from propdesk.service.models import Promise

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_promise_staff_member_is_the_person_responsible(site_a):
    assert str(Promise._meta.get_field("owner").verbose_name) == "person responsible"
    assert str(PromiseForm(site_id=site_a.pk).fields["owner"].label) == "Person responsible"
    assert str(ReassignForm(site_id=site_a.pk).fields["owner"].label) == "Person responsible"


def test_promise_pages_never_say_owner(client_for, make_promise, lead_a, csm):
    p = make_promise()
    for user, name, args in [
        (lead_a, "service:promise-detail", [p.pk]),
        (lead_a, "service:promise-list", []),
        (lead_a, "service:promise-report", []),
        (csm, "service:board-manager", []),
    ]:
        html = client_for(user).get(reverse(name, args=args), **EN).content.decode()
        assert "Owner" not in html and " owner" not in html, name
    html = client_for(lead_a).get(reverse("service:promise-detail", args=[p.pk]), **EN)
    assert "Person responsible" in html.content.decode()
