"""I5: mail header injection through the product's own flows.

A ticket title and a resident's name carrying `\\r\\nBcc: x@example.com` (and other header lines)
travel into notifications that are e-mailed (locmem backend): the mail goes to the intended
recipient only, the subject is one line, and no delivery task fails.
"""

import pytest
from django.core import mail

from propdesk.notify.delivery import delivery_send
from propdesk.notify.models import Delivery
from propdesk.people.models import Resident
from propdesk.tickets import services
from propdesk.tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

INJECT = "漏水\r\nBcc: x@example.com\r\nCc: y@example.com\nX-Evil: 1\r\n\r\nbody"
# Names are at most 50 characters (PostgreSQL enforces it; the forms and the API refuse more).
NAME_INJECT = "\r\nBcc: x@example.com\r\nX-Evil: 1"


def _send_all() -> list:
    statuses = [delivery_send(delivery_id=d.pk) for d in Delivery.objects.filter(channel="email")]
    assert statuses and all(s == Delivery.Status.SENT for s in statuses), statuses
    return mail.outbox


def _assert_clean(messages, expected_to):
    assert sorted(m.to[0] for m in messages) == sorted(expected_to)
    for m in messages:
        assert len(m.to) == 1 and m.cc == [] and m.bcc == [] and not m.extra_headers
        assert "\r" not in m.subject and "\n" not in m.subject
        raw = m.message().as_bytes()
        head = raw.split(b"\n\n", 1)[0]
        for bad in (b"\nBcc:", b"\nCc:", b"\nX-Evil", b"x@example.com", b"y@example.com"):
            assert bad not in head, (bad, head)
        recipients = m.recipients()
        assert recipients == m.to


def test_I5_ticket_title_and_resident_name_with_headers_mail_only_the_head(
    agent_a, site_a, unit_a, resident_a, eng_dept_a, dept_head_a, django_capture_on_commit_callbacks
):
    dept_head_a.email = "head@example.com"
    dept_head_a.save()
    Resident.objects.filter(pk=resident_a.pk).update(name="张伟" + NAME_INJECT)
    resident_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_register(
            actor=agent_a,
            site=site_a,
            channel="phone",
            kind="repair",
            content="厨房水管" + INJECT,
            resident=resident_a,
            unit=unit_a,
            caller_name="张伟" + NAME_INJECT,
        )
        ticket = services.ticket_open(
            actor=agent_a,
            contact=contact,
            kind="repair",
            category=Category.objects.get(kind="repair", code="plumbing"),
            title="厨房" + INJECT[:60],
        )
        # Whatever intake kept, the stored title also carries raw CR/LF (an older row, an import).
        Ticket.objects.filter(pk=ticket.pk).update(title="厨房" + INJECT)
        ticket.refresh_from_db()
        services.ticket_dispatch(actor=agent_a, ticket=ticket, department=eng_dept_a)
    _assert_clean(_send_all(), ["head@example.com"])


def test_I5_major_complaint_mail_goes_to_the_managers_only(
    agent_a, site_a, unit_a, resident_a, pcm_a, django_capture_on_commit_callbacks
):
    pcm_a.email = "pcm@example.com"
    pcm_a.save()
    Resident.objects.filter(pk=resident_a.pk).update(name="李" + NAME_INJECT)
    resident_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_register(
            actor=agent_a,
            site=site_a,
            channel="phone",
            kind="complaint",
            content="电梯门夹人，老人受伤了" + INJECT,
            resident=resident_a,
            unit=unit_a,
        )
        services.ticket_open(
            actor=agent_a,
            contact=contact,
            kind="complaint",
            category=Category.objects.get(kind="complaint", code="repair"),
            title="受伤" + INJECT[:60],
        )
    _assert_clean(_send_all(), ["pcm@example.com"])
