"""Every print lays out any text the forms accept (issue item 2): long text splits across pages,
tables break inside a row, unbroken Latin strings wrap, emoji print. Opened with pypdf."""

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from propdesk.core.models import Event
from propdesk.frontdesk import printing as desk_prints
from propdesk.frontdesk import services as desk_services
from propdesk.frontdesk.models import DutyLogEntry, MailItem
from propdesk.tickets import services
from propdesk.tickets.models import CallbackAttempt, Contact, Ticket
from propdesk.tickets.prints import contact_register_pdf, contacts_for_register, handling_form_pdf
from tests.factories import DeskFactory
from tests.frontdesk.conftest import NIGHT_END, _with_shifts

DAY = date(2026, 3, 2)
PIECES = st.sampled_from(
    ["漏水", "x", "Supercalifragilistic", "😀", "👨‍👩‍👧", "<b>&amp;", " ", "\n", "1234567890", "é"]
)
PROPERTY = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def texts(limit: int):
    """Text up to `limit` characters: a random pattern (unbroken Latin, emoji, Chinese) repeated."""
    pattern = st.lists(PIECES, min_size=1, max_size=6).map("".join)
    return st.builds(lambda p, n: (p * (n // len(p) + 1))[:n], pattern, st.integers(0, limit))


def _pages(pdf) -> list[str]:
    data = pdf.getvalue() if hasattr(pdf, "getvalue") else pdf
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def handled(handled_ticket, agent_a):
    t = handled_ticket(kind="complaint")
    services.ticket_callback(actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=5)
    return t


@pytest.mark.parametrize("length", [2500, 4000])
def test_handling_form_prints_a_long_description_from_the_ticket_page(
    client_for, agent_a, open_ticket, length
):
    """Item 2: 2,500–4,000 characters used to raise reportlab's LayoutError (a 500)."""
    t = open_ticket(kind="repair", description=("厨房水管漏水，" * 600)[: length - 4] + "尾部文字")
    resp = client_for(agent_a).get(reverse("tickets:print", args=[t.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pages = _pages(resp.content)
    assert len(pages) >= 2 and "尾部文字" in "".join(pages).replace("\n", "")


def test_the_contact_register_prints_while_a_long_entry_is_in_its_range(
    client_for, agent_a, site_a, resident_a
):
    """Item 2: one 4,000-character entry made the whole site's printed register answer 500."""
    services.contact_register(
        actor=agent_a, site=site_a, channel="phone", kind="inquiry", content="咨询" * 2000,
        resident=resident_a,
    )  # fmt: skip
    resp = client_for(agent_a).get(reverse("tickets:contacts-print"))
    assert resp.status_code == 200 and len(_pages(resp.content)) >= 3


@PROPERTY
@given(
    description=texts(_limit(Ticket, "description")),
    result=texts(_limit(Ticket, "result")),
    cause=texts(_limit(Ticket, "cause")),
    desired=texts(_limit(Ticket, "desired_outcome")),
    title=texts(_limit(Ticket, "title")),
    location=texts(_limit(Ticket, "location")),
    comment=texts(_limit(CallbackAttempt, "comment")),
    note=texts(2000),
)
@example(*["W" * n for n in (4000, 4000, 2000, 1000, 100, 100, 2000, 2000)])
def test_property_handling_form_lays_out_any_accepted_text(
    handled, description, result, cause, desired, title, location, comment, note
):
    Ticket.objects.filter(pk=handled.pk).update(
        description=description, result=result, cause=cause, desired_outcome=desired,
        title=title, location=location, contact_name=title[:50],
    )  # fmt: skip
    CallbackAttempt.objects.filter(ticket=handled).update(comment=comment)
    Event.objects.filter(object_id=handled.pk).update(note=note)
    pages = _pages(handling_form_pdf(Ticket.objects.get(pk=handled.pk), url="https://x.cn/t/1"))
    assert handled.number in pages[0] and pages[-1]


@PROPERTY
@given(
    content=texts(_limit(Contact, "content")),
    caller=texts(_limit(Contact, "caller_name")),
    location=texts(_limit(Contact, "location")),
)
@example("漏" * 4000, "W" * 50, "L" * 100)
def test_property_contact_register_lays_out_any_accepted_text(
    agent_a, site_a, content, caller, location
):
    contact = services.contact_register(
        actor=agent_a, site=site_a, channel="visit", kind="inquiry", content="咨询",
        caller_name="王", location="大堂",
    )  # fmt: skip
    Contact.objects.filter(pk=contact.pk).update(
        content=content, caller_name=caller, location=location
    )
    today = timezone.localdate(contact.received_at)
    rows = contacts_for_register(agent_a, site=site_a, date_from=today, date_to=today)
    pages = _pages(contact_register_pdf(rows, site=site_a, date_from=today, date_to=today))
    assert len(pages) >= 2 and contact.number in "".join(pages)


@pytest.fixture
def desk_day(site_a, agent_a, unit_a):
    """A desk of site A with one duty-log entry and one parcel on DAY."""
    with time_machine.travel(NIGHT_END, tick=False):
        desk = _with_shifts(DeskFactory(site=site_a))
        entry = desk_services.duty_entry_add(actor=agent_a, desk=desk, content="巡视")
        item = desk_services.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a)
    return entry, item


@PROPERTY
@given(
    content=texts(_limit(DutyLogEntry, "content")),
    action=texts(_limit(DutyLogEntry, "action")),
    carrier=texts(_limit(MailItem, "carrier")),
    tracking=texts(_limit(MailItem, "tracking_no")),
    shelf=texts(_limit(MailItem, "shelf")),
    picker=texts(_limit(MailItem, "picked_up_by_name")),
)
@example("W" * 2000, "A" * 300, "C" * 40, "T" * 60, "S" * 20, "P" * 50)
def test_property_duty_and_mail_logs_lay_out_any_accepted_text(
    desk_day, agent_a, site_a, content, action, carrier, tracking, shelf, picker
):
    entry, item = desk_day
    DutyLogEntry.objects.filter(pk=entry.pk).update(content=content, action=action)
    MailItem.objects.filter(pk=item.pk).update(
        carrier=carrier, tracking_no=tracking, shelf=shelf, picked_up_by_name=picker
    )
    duty = _pages(desk_prints.duty_log_pdf(agent_a, site=site_a, day=DAY))
    mail = _pages(desk_prints.mail_log_pdf(agent_a, site=site_a, day=DAY))
    assert entry.log.number in "".join(duty) and item.number in "".join(mail).replace("\n", "")
