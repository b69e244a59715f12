"""P4: personal data past its retention period is anonymised; records, totals and numbers stay."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from propdesk.core import periodic
from propdesk.core.retention import retention_sweep, rules
from propdesk.frontdesk import services as desk
from propdesk.frontdesk.models import MailItem, VisitorLookup
from propdesk.people.models import Occupancy, Resident
from propdesk.search.selectors import search
from propdesk.service import services as service
from propdesk.service.models import Promise
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Category, Contact, Ticket
from tests.business_records import desk_with_shifts
from tests.factories import resident_in

OLD, NOW = "2023-03-01 10:00 +0800", "2026-12-01 10:00 +0800"
MOVED_OUT = "13811112222"


@pytest.fixture
def old_records(site_a, unit_a, agent_a, csm):
    """2023: a resident who moved out that year, their contact, closed ticket, kept promise,
    a visitor lookup and a picked-up parcel."""
    with time_machine.travel(OLD, tick=False):
        gone = resident_in(unit_a, name="王旧住", phone=MOVED_OUT, id_number="110101198001011234")
        Occupancy.objects.filter(resident=gone).update(move_out=date(2023, 6, 1))
        contact = tickets.contact_register(
            actor=agent_a,
            site=site_a,
            channel="phone",
            kind="inquiry",
            content="询问物业费",
            resident=gone,
            unit=unit_a,
        )
        category = Category.objects.filter(kind="inquiry").first()
        ticket = tickets.ticket_open(
            actor=agent_a, contact=contact, kind="inquiry", category=category, title="物业费"
        )
        tickets.ticket_answer(actor=agent_a, ticket=ticket, answer="已告知")
        promise = service.promise_make(
            actor=agent_a,
            subject="回电",
            due_at=timezone.now() + timedelta(hours=2),
            owner=agent_a,
            contact=contact,
            to_name="王旧住",
            to_phone=MOVED_OUT,
        )
        service.promise_keep(actor=agent_a, promise=promise, channel="phone", text="已回电")
        desk_with_shifts(site_a)
        desk.visitor_lookup(actor=agent_a, site_id=site_a.pk, name="王旧住", question="找王旧住")
        item = desk.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, resident=gone)
        desk.mail_hand_over(
            actor=agent_a, item=item, picked_up_by_name="王旧住", code=item.pickup_code
        )
    return {
        "resident": gone,
        "contact": contact,
        "ticket": ticket,
        "promise": promise,
        "item": item,
    }


def _totals():
    """What reports count: tickets by kind, category and state; contacts by kind and channel."""
    return (
        list(
            Ticket.objects.values("site", "kind", "category", "state")
            .annotate(n=Count("id"))
            .order_by("kind")
        ),
        list(
            Contact.objects.values("site", "kind", "channel")
            .annotate(n=Count("id"))
            .order_by("kind")
        ),
        sorted(Ticket.objects.values_list("number", flat=True)),
        sorted(Contact.objects.values_list("number", flat=True)),
        Promise.objects.count(),
        MailItem.objects.count(),
        VisitorLookup.objects.count(),
    )


def test_p4_expired_personal_data_is_anonymised_totals_and_numbers_unchanged(
    old_records, agent_a, site_a, resident_a
):
    """P4: 0 personal data left on expired rows; totals and numbering unchanged."""
    before = _totals()
    with time_machine.travel(NOW, tick=False):
        recent = tickets.contact_register(
            actor=agent_a,
            site=site_a,
            channel="phone",
            kind="inquiry",
            content="今天的来电",
            resident=resident_a,
        )
        out = io.StringIO()
        call_command("anonymise", stdout=out)
    o = {k: type(v).objects.get(pk=v.pk) for k, v in old_records.items()}
    assert (o["resident"].name, o["resident"].phone, o["resident"].id_number) == ("", "", "")
    assert (o["contact"].caller_name, o["contact"].caller_phone, o["contact"].resident_id) == (
        "",
        "",
        None,
    )
    assert (o["ticket"].contact_name, o["ticket"].contact_phone, o["ticket"].resident_id) == (
        "",
        "",
        None,
    )
    assert (o["promise"].to_name, o["promise"].to_phone, o["promise"].resident_id) == ("", "", None)
    assert (o["item"].picked_up_by_name, o["item"].resident_id) == ("", None)
    assert VisitorLookup.objects.get().looked_up == ""
    after = _totals()
    assert after[0] == before[0] and after[2] == before[2]  # ticket totals and numbers
    assert [n for n in after[3] if n != recent.number] == before[3]
    recent.refresh_from_db()
    assert recent.caller_phone == resident_a.phone  # within its period: untouched
    assert Resident.objects.get(pk=resident_a.pk).name == "张伟"
    assert "contacts: 1 anonymised" in out.getvalue()


def test_p4_numbering_goes_on_after_anonymisation(old_records, agent_a, site_a):
    """P4: the year's numbers stay gap-free: the next entry of 2023 follows the anonymised one."""
    first = old_records["contact"].number
    with time_machine.travel(NOW, tick=False):
        retention_sweep()
    with time_machine.travel("2023-03-02 10:00 +0800", tick=False):
        nxt = tickets.contact_register(
            actor=agent_a,
            site=site_a,
            channel="visit",
            kind="inquiry",
            content="再来",
            caller_name="某",
        )
    assert int(nxt.number.rsplit("-", 1)[1]) == int(first.rsplit("-", 1)[1]) + 1


def test_p4_anonymised_records_are_no_longer_found_by_their_old_phone(old_records, csm):
    with time_machine.travel(NOW, tick=False):
        assert search(csm, MOVED_OUT).total >= 1
        retention_sweep()
        assert search(csm, MOVED_OUT).total == 0


def test_p4_sweep_is_idempotent_and_dry_run_changes_nothing(old_records):
    with time_machine.travel(NOW, tick=False):
        due = retention_sweep(dry_run=True)
        assert due["contacts"] == 1 and due["residents"] == 1
        assert Contact.objects.get(pk=old_records["contact"].pk).caller_phone == MOVED_OUT
        assert retention_sweep()["contacts"] == 1
        assert set(retention_sweep().values()) == {0}


def test_p4_periods_come_from_settings(old_records, settings):
    settings.PROPDESK = {**settings.PROPDESK, "RETENTION_DAYS": {"contacts": 10 * 365}}
    with time_machine.travel(NOW, tick=False):
        done = retention_sweep()
    assert done["contacts"] == 0 and done["tickets"] == 1
    assert {r.name: r.days() for r in rules()}["contacts"] == 3650


def test_p4_the_sweep_runs_daily_from_the_scheduler():
    sweep = {s.name: s for s in periodic.registered()}["core.retention"]
    assert sweep.every == timedelta(days=1)


def test_p4_a_resident_still_living_in_one_unit_keeps_their_data(old_records, unit_b):
    gone = old_records["resident"]
    Occupancy(resident=gone, unit=unit_b, relation="tenant").save()  # moved within the company
    with time_machine.travel(NOW, tick=False):
        retention_sweep()
    assert Resident.objects.get(pk=gone.pk).phone == MOVED_OUT
