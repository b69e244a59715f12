"""Service wording found in the QA walkthrough: the promise's staff member is the "person
responsible" (负责人), never "Owner" (业主, the homeowner)."""

from django.conf import settings
from django.urls import reverse

from propdesk.service.forms import PromiseForm, ReassignForm
from propdesk.service.models import Promise


def en(client):
    """Pages in English: the language cookie (the product answers in Chinese by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_promise_staff_member_is_the_person_responsible(site_a):
    from django.utils import translation

    with translation.override("en"):
        assert str(Promise._meta.get_field("owner").verbose_name) == "person responsible"
        assert str(PromiseForm(site_id=site_a.pk).fields["owner"].label) == "Person responsible"
        assert str(ReassignForm(site_id=site_a.pk).fields["owner"].label) == "Person responsible"
    with translation.override("zh-hans"):  # not 业主 (homeowner)
        assert str(PromiseForm(site_id=site_a.pk).fields["owner"].label) == "负责人"


def test_promise_pages_never_say_owner(client_for, make_promise, lead_a, csm):
    p = make_promise()
    for user, name, args in [
        (lead_a, "service:promise-detail", [p.pk]),
        (lead_a, "service:promise-list", []),
        (lead_a, "service:promise-report", []),
        (csm, "service:board-manager", []),
    ]:
        html = en(client_for(user)).get(reverse(name, args=args)).content.decode()
        assert "Owner" not in html and " owner" not in html, name
    html = en(client_for(lead_a)).get(reverse("service:promise-detail", args=[p.pk]))
    assert "Person responsible" in html.content.decode()


def test_timelines_show_translated_event_labels_not_codes(
    client_for, make_promise, incident_a, lead_a
):
    """/service/promises/<id>/ and /service/incidents/<id>/ label every event (no `made`,
    `overdue`, `reported`)."""
    from datetime import timedelta

    from django.utils import timezone

    from propdesk.service import services

    p = make_promise(hours=0.25)
    services.promise_sweep(now=timezone.now() + timedelta(hours=1))
    c = client_for(lead_a)
    html = en(c).get(reverse("service:promise-detail", args=[p.pk])).content.decode()
    assert "Promise made" in html and "Flagged as overdue" in html
    assert ">made<" not in html and "<code>" not in html and "overdue ·" not in html
    html = en(c).get(reverse("service:incident-detail", args=[incident_a.pk])).content.decode()
    assert "Incident reported" in html and "<code>reported</code>" not in html


def test_every_service_event_code_has_a_label():
    from propdesk.service.templatetags.service_tags import EVENT_LABELS
    from propdesk.service.workflow import INCIDENT_FLOW, PROMISE_FLOW

    codes = {"made", "reminded", "overdue", "reported"}
    codes |= set(PROMISE_FLOW.transitions) | set(INCIDENT_FLOW.transitions)
    assert codes <= set(EVENT_LABELS)


def test_manager_board_names_the_site_of_each_row(
    client_for, csm, agent_a, agent_b, site_a, site_b, lead_a
):
    """A CS manager of two sites sees CN-…-000001 of each site: the site column tells them apart."""
    from datetime import timedelta

    from django.utils import timezone

    from propdesk.service import services

    due = timezone.now() + timedelta(hours=1)
    made = [
        services.promise_make(
            actor=a, site=s, subject="回电", due_at=due, owner=a, to_name="王先生"
        )
        for a, s in ((agent_a, site_a), (agent_b, site_b))
    ]
    for s, a in ((site_a, agent_a), (site_b, agent_b)):
        services.incident_report(actor=a, site=s, title="漏水", location="大堂", severity="minor")
    assert made[0].number == made[1].number
    Promise.objects.filter(pk__in=[p.pk for p in made]).update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    html = en(client_for(csm)).get(reverse("service:board-manager")).content.decode()
    for section in ("overdue-promises", "incidents"):
        part = html.split(f'id="{section}"')[1].split("</section>")[0]
        assert site_a.name in part and site_b.name in part, section
