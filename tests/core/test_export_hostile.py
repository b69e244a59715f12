"""Exports write any stored text safely (issue item 4, SECURITY I6): control characters stored
before the input rule no longer break the ticket, contact, mail and duty-log exports of a site
(openpyxl refused the whole file: a 500 for everyone), and formula-leading text stays text."""

from io import BytesIO

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from propdesk.frontdesk import services as desk_services
from propdesk.frontdesk.models import DutyLogEntry, MailItem
from propdesk.tickets import services
from propdesk.tickets.models import Category, Contact, Ticket
from tests.factories import DeskFactory
from tests.frontdesk.conftest import NIGHT_END, _with_shifts

STORED = "电梯\x01异响\x1b[0m，已报修\x7f\x0b"
SHOWN = "电梯异响[0m，已报修"
FORMULA = '=HYPERLINK("http://x.cn","点")'  # fits the carrier's 40 characters


def _cells(resp) -> list:
    assert resp.status_code == 200, resp.content[:300]
    ws = load_workbook(BytesIO(resp.content)).active
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_safe(cells) -> None:
    values = [c.value for c in cells]
    assert SHOWN in values and STORED not in values
    formula = next(c for c in cells if c.value == FORMULA)
    assert formula.data_type == "s" and formula.quotePrefix  # text, even when edited in Excel


def test_ticket_and_contact_exports_survive_stored_control_characters(
    client_for, agent_a, site_a, unit_a, resident_a
):
    for text in (STORED, FORMULA):
        contact = services.contact_register(
            actor=agent_a, site=site_a, channel="phone", kind="inquiry", content="咨询",
            resident=resident_a, unit=unit_a,
        )  # fmt: skip
        Contact.objects.filter(pk=contact.pk).update(content=text)
        t = services.ticket_open(
            actor=agent_a, contact=contact, kind="inquiry",
            category=Category.objects.get(kind="inquiry", code="general"), title="咨询",
        )  # fmt: skip
        Ticket.objects.filter(pk=t.pk).update(title=text)
    c = client_for(agent_a)
    _assert_safe(_cells(c.get(reverse("tickets:export"))))
    _assert_safe(_cells(c.get(reverse("tickets:contacts-export"))))


@time_machine.travel(NIGHT_END, tick=False)
def test_duty_log_and_mail_exports_survive_stored_control_characters(
    client_for, agent_a, site_a, unit_a
):
    desk_a = _with_shifts(DeskFactory(site=site_a))
    for text in (STORED, FORMULA):
        entry = desk_services.duty_entry_add(actor=agent_a, desk=desk_a, content="巡视")
        DutyLogEntry.objects.filter(pk=entry.pk).update(content=text)
        item = desk_services.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a)
        MailItem.objects.filter(pk=item.pk).update(carrier=text)
    c, day = client_for(agent_a), {"day": "2026-03-02"}
    _assert_safe(_cells(c.get(reverse("frontdesk:dutylog-export"), day)))
    _assert_safe(_cells(c.get(reverse("frontdesk:mail-export"), day)))
