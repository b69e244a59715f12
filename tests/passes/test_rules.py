"""R-FD-2 and R-FD-3 in the services: consent by every path, the second person on a phone
consent, passes within their renovation, the gate's verdicts, the deposit rule after expiry."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.models import Event
from propdesk.passes import services, tokens
from propdesk.passes.models import GoodsRelease, WorkerPass
from tests.factories import make_user

from .conftest import ITEMS, VALID_ID_2, issue_pass, photo, release_for, today

pytestmark = pytest.mark.django_db


def _code(rec):
    return tokens.qr_payload(number=rec.number, site_id=rec.site_id)


# --- R-FD-3: no approval without consent ------------------------------------------------------


def test_r_fd_3_no_approval_without_consent(agent_a, unit_a, owner_a):
    """R-FD-3: a slip awaiting consent cannot be approved, and nothing changes."""
    g = release_for(agent_a, unit_a)
    with pytest.raises(Conflict):
        services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    g.refresh_from_db()
    assert g.state == "awaiting_consent" and g.approved_by is None


def test_r_fd_3_owner_present_consent_needs_an_owner_of_the_unit(
    agent_a, unit_a, tenant_a, owner_a
):
    """R-FD-3: the tenant cannot stand in for the owner; the directory's owner can."""
    g = release_for(agent_a, unit_a, resident=tenant_a)
    with pytest.raises(InvalidInput):
        services.release_consent(actor=agent_a, release=g, method="owner_present", owner=tenant_a)
    services.release_consent(actor=agent_a, release=g, method="owner_present", owner=owner_a)
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    assert g.state == "approved" and g.consent_owner == owner_a


def test_r_fd_3_applicant_owner_counts_only_when_identified(agent_a, unit_a, owner_a):
    """R-FD-3: "I am the owner" alone is no consent; the owner picked from the directory is."""
    said = release_for(agent_a, unit_a, relation="owner", name="自称业主")
    assert said.state == "awaiting_consent"
    known = release_for(agent_a, unit_a, relation="owner", resident=owner_a, name=owner_a.name)
    assert known.state == "consented" and known.consent_method == "owner_present"


def test_r_fd_3_signed_authorisation_needs_the_upload(client_for, agent_a, unit_a, owner_a):
    """R-FD-3: a signed authorisation counts only with the document uploaded (checked by content)."""
    g = release_for(agent_a, unit_a)
    with pytest.raises(InvalidInput):
        services.release_consent(
            actor=agent_a, release=g, method="signed_authorisation", owner=owner_a
        )
    services.release_consent(
        actor=agent_a,
        release=g,
        method="signed_authorisation",
        owner=owner_a,
        document=photo("委托书.jpg"),
    )
    assert g.state == "consented" and g.consent_document_id
    page = client_for(agent_a).get(reverse("passes:release-detail", args=[g.pk])).content.decode()
    url = reverse("passes:release-document", args=[g.pk])
    assert url in page  # the desk opens the signed authorisation from the slip's page
    resp = client_for(agent_a).get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content)[:2] == b"\xff\xd8"


def test_r_fd_3_phone_consent_needs_the_owners_directory_number(agent_a, unit_a, owner_a):
    """R-FD-3: the number called must be an owner's number in the directory."""
    g = release_for(agent_a, unit_a)
    with pytest.raises(InvalidInput) as err:
        services.release_consent_phone(actor=agent_a, release=g, phone="13700001111")
    assert err.value.code == "not_owner_phone"
    services.release_consent_phone(actor=agent_a, release=g, phone="0571-88001234".replace("-", ""))
    assert g.state == "consent_check" and g.consent_owner == owner_a


def test_r_fd_3_phone_consent_needs_a_second_person(agent_a, lead_a, unit_a, owner_a):
    """R-FD-3: not approvable until confirmed; the caller can neither confirm nor approve it."""
    g = release_for(agent_a, unit_a)
    services.release_consent_phone(actor=lead_a, release=g, phone=owner_a.phone)
    with pytest.raises(Conflict):
        services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    with pytest.raises(NotAllowed):
        services.release_consent_confirm(actor=lead_a, release=g)
    other_lead = make_user("supervisor", unit_a.site)
    services.release_consent_confirm(actor=other_lead, release=g)
    with pytest.raises(NotAllowed) as err:
        services.release_approve(actor=lead_a, release=g, arrears_checked=True)
    assert err.value.code == "self_approve"
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    assert g.state == "approved"


def test_r_fd_3_agent_cannot_confirm_a_phone_consent(agent_a, unit_a, owner_a):
    """R-FD-3: the confirmation is the shift lead's or the CS manager's (SECURITY.md §c)."""
    g = release_for(agent_a, unit_a)
    services.release_consent_phone(actor=agent_a, release=g, phone=owner_a.phone)
    with pytest.raises(NotAllowed):
        services.release_consent_confirm(actor=make_user("agent", unit_a.site), release=g)


def test_r_fd_3_portal_consent_only_by_the_owner(agent_a, unit_a, owner_a, tenant_a):
    """R-FD-3: the owner's own confirmation (portal hook); a tenant's login is not the owner."""
    g = release_for(agent_a, unit_a)
    tenant_user = make_user("resident")
    tenant_a.user = tenant_user
    tenant_a.save()
    with pytest.raises(Exception):  # noqa: B017 - NotFound: not the owner's slip
        services.release_owner_respond(actor=tenant_user, release=g, consent=True)
    owner_a.user = make_user("resident")
    owner_a.save()
    services.release_owner_respond(actor=owner_a.user, release=g, consent=True)
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    assert g.consent_method == "portal" and g.state == "approved"


def test_r_fd_3_owner_declines_an_approved_slip(approved_release, owner_a, guard_a):
    """R-FD-3: the owner withdraws consent: the slip is void at the gate."""
    owner_a.user = make_user("resident")
    owner_a.save()
    services.release_owner_respond(actor=owner_a.user, release=approved_release, consent=False)
    v = services.gate_verify(actor=guard_a, code=_code(approved_release))
    assert not v.ok and v.code == "cancelled"


def test_r_fd_3_approval_needs_arrears_checked(agent_a, unit_a, owner_a):
    g = release_for(agent_a, unit_a, relation="owner", resident=owner_a)
    with pytest.raises(InvalidInput):
        services.release_approve(actor=agent_a, release=g, arrears_checked=False)
    assert GoodsRelease.objects.get(pk=g.pk).state == "consented"


def test_r_fd_3_database_refuses_an_approved_slip_without_consent(agent_a, unit_a):
    """R-FD-3: even a write that skips the services cannot store an approved slip without consent."""
    from django.db import IntegrityError, transaction

    g = release_for(agent_a, unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoodsRelease.objects.filter(pk=g.pk).update(state="approved")


# --- the gate: used once, not today, other site, forged ------------------------------------


def test_r_fd_3_slip_is_used_once(approved_release, guard_a):
    """R-FD-3: let out once; the second scan says when and by whom."""
    code = _code(approved_release)
    services.release_let_out(actor=guard_a, code=code, goods_match=True, carrier_id_last4="1234")
    with pytest.raises(Conflict) as err:
        services.release_let_out(
            actor=guard_a, code=code, goods_match=True, carrier_id_last4="1234"
        )
    assert err.value.code == "already_used"
    v = services.gate_verify(actor=guard_a, code=code)
    assert v.code == "already_used" and v.used_by == str(guard_a) and v.used_at


def test_r_fd_3_mismatch_cannot_be_let_out_and_refusal_needs_the_difference(
    approved_release, guard_a
):
    code = _code(approved_release)
    with pytest.raises(InvalidInput):
        services.release_let_out(
            actor=guard_a, code=code, goods_match=False, carrier_id_last4="1234"
        )
    with pytest.raises(InvalidInput):
        services.release_refuse(actor=guard_a, code=code, difference="")
    services.release_refuse(actor=guard_a, code=code, difference="多了一台冰箱")
    assert GoodsRelease.objects.get(pk=approved_release.pk).state == "gate_refused"


def test_r_fd_3_slip_is_valid_on_its_day_only(approved_release, guard_a):
    with time_machine.travel(timezone_now() + timedelta(days=1)):
        v = services.gate_verify(actor=guard_a, code=_code(approved_release))
    assert v.code == "not_today"


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def test_r_fd_3_other_sites_slip_is_not_valid_here_and_shows_nothing(approved_release, guard_b):
    """R-FD-3: a guard of site B gets "not valid here" and no record, by QR and by typed code."""
    for code in (
        _code(approved_release),
        tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id),
    ):
        v = services.gate_verify(actor=guard_b, code=code)
        assert (
            v.code == "wrong_site" and v.record is None and approved_release.number not in v.message
        )


def test_r_fd_2_r_fd_3_forged_codes_are_refused(approved_release, worker_pass, guard_a):
    """R-FD-2, R-FD-3: a changed number, site or signature, or a database id, is refused."""
    qr = _code(approved_release)
    other_number = qr.replace(approved_release.number, "FX-2026-999999")
    forged = [
        other_number,
        qr[:-1] + ("A" if qr[-1] != "A" else "B"),
        f"PD1:{approved_release.number}:{approved_release.site_id + 1}:{qr.split(':')[-1]}",
        str(approved_release.pk),
        f"{worker_pass.number}-ABCDEFGH",
    ]
    for code in forged:
        v = services.gate_verify(actor=guard_a, code=code)
        assert not v.ok and v.record is None, code
        assert v.code in ("forged", "wrong_site"), code


def test_only_guards_check_at_the_gate(approved_release, agent_a, dept_head_a):
    for user in (agent_a, dept_head_a):
        with pytest.raises(NotAllowed):
            services.gate_verify(actor=user, code=_code(approved_release))


# --- R-FD-2: passes ----------------------------------------------------------------------


def test_r_fd_2_pass_never_outlives_its_renovation(agent_a, renovation):
    """R-FD-2: neither at issue nor by extension beyond the renovation's end date."""
    with pytest.raises(InvalidInput) as err:
        services.pass_issue(
            actor=agent_a,
            renovation=renovation,
            photo=photo(),
            valid_from=today(),
            valid_until=renovation.end_date + timedelta(days=1),
            name="李师傅",
            phone="13500001234",
            id_number="11010519491231002X",
            company="美家",
            trade="水电工",
        )
    assert err.value.code == "beyond_renovation"
    p = issue_pass(agent_a, renovation, days=5)
    with pytest.raises(InvalidInput):
        services.pass_extend(
            actor=agent_a, worker_pass=p, valid_until=renovation.end_date + timedelta(days=1)
        )
    services.pass_extend(actor=agent_a, worker_pass=p, valid_until=renovation.end_date)
    assert WorkerPass.objects.get(pk=p.pk).valid_until == renovation.end_date


def test_r_fd_2_no_pass_for_a_renovation_not_approved(agent_a, unit_a, owner_a):
    from .conftest import renovation_for

    r = renovation_for(agent_a, unit_a, owner_a)
    with pytest.raises(Conflict):
        issue_pass(agent_a, r)


def test_r_fd_2_revoked_and_expired_passes_are_refused(worker_pass, lead_a, guard_a):
    """R-FD-2: expired after its last day; revoked at once."""
    code = _code(worker_pass)
    assert services.gate_verify(actor=guard_a, code=code).ok
    with time_machine.travel(timezone_now() + timedelta(days=11)):
        assert services.gate_verify(actor=guard_a, code=code).code == "expired"
    services.pass_revoke(actor=lead_a, worker_pass=worker_pass, reason="lent")
    v = services.gate_verify(actor=guard_a, code=code)
    assert v.code == "revoked" and not v.ok


def test_r_fd_2_suspended_renovation_stops_its_passes(
    worker_pass, renovation, lead_a, agent_a, guard_a
):
    services.renovation_start(actor=agent_a, renovation=renovation)
    services.renovation_suspend(actor=lead_a, renovation=renovation, reason="违规拆改承重墙")
    assert (
        services.gate_verify(actor=guard_a, code=_code(worker_pass)).code == "renovation_inactive"
    )


def test_r_fd_2_every_pass_scan_is_logged_with_direction(worker_pass, guard_a):
    services.gate_verify(actor=guard_a, code=_code(worker_pass), direction="entry")
    services.gate_verify(actor=guard_a, code=_code(worker_pass), direction="exit")
    assert list(worker_pass.scans.order_by("at", "id").values_list("direction", flat=True)) == [
        "entry",
        "exit",
    ]


@pytest.mark.parametrize(("late", "outcome"), [(0, "refunded"), (7, "refunded"), (8, "kept")])
def test_r_fd_2_deposit_kept_when_returned_more_than_7_days_after_expiry(
    worker_pass, agent_a, late, outcome
):
    """R-FD-2: returned within 7 days after expiry → refunded; later → kept, with the reason."""
    days = (worker_pass.valid_until - today()).days + late
    with time_machine.travel(timezone_now() + timedelta(days=days)):
        services.pass_return(actor=agent_a, worker_pass=worker_pass)
    worker_pass.refresh_from_db()
    assert worker_pass.deposit_state == outcome and (outcome == "refunded") == (
        not worker_pass.forfeit_reason
    )


def test_r_fd_2_deposit_rule_is_configurable_per_site(worker_pass, agent_a):
    from propdesk.passes.models import RenovationRules

    RenovationRules.objects.create(site_id=worker_pass.site_id, deposit_keep_after_days=14)
    days = (worker_pass.valid_until - today()).days + 10
    with time_machine.travel(timezone_now() + timedelta(days=days)):
        services.pass_return(actor=agent_a, worker_pass=worker_pass)
    assert WorkerPass.objects.get(pk=worker_pass.pk).deposit_state == "refunded"


def test_r_fd_2_revoke_keeps_the_deposit_unless_the_worker_left(agent_a, lead_a, renovation):
    lost = issue_pass(agent_a, renovation)
    left = issue_pass(agent_a, renovation, id_number=VALID_ID_2)
    services.pass_revoke(actor=lead_a, worker_pass=lost, reason="lost")
    services.pass_revoke(actor=lead_a, worker_pass=left, reason="left")
    assert (lost.deposit_state, left.deposit_state) == ("kept", "refunded")


# --- bad input changes nothing ---------------------------------------------------------------


def _no_new(model, before):
    assert model.objects.count() == before


def test_bad_id_number_is_refused(agent_a, renovation):
    before = WorkerPass.objects.count()
    with pytest.raises(InvalidInput) as err:
        issue_pass(agent_a, renovation, id_number="110105194912310021")
    assert err.value.code == "bad_id_number"
    _no_new(WorkerPass, before)


def test_photo_that_is_html_is_refused(agent_a, renovation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    with pytest.raises(InvalidInput) as err:
        services.pass_issue(
            actor=agent_a,
            renovation=renovation,
            photo=fake,
            valid_from=today(),
            valid_until=today(),
            name="李师傅",
            phone="13500001234",
            id_number="11010519491231002X",
            company="美家",
            trade="水电工",
        )
    assert err.value.code == "bad_type"
    assert not WorkerPass.objects.exists()


def test_zero_items_and_past_date_are_refused(agent_a, unit_a):
    with pytest.raises(InvalidInput) as err:
        release_for(agent_a, unit_a, items=[])
    assert err.value.code == "no_items"
    with pytest.raises(InvalidInput) as err:
        release_for(agent_a, unit_a, pass_date=today() - timedelta(days=1), items=ITEMS)
    assert err.value.code == "date_in_past"
    assert not GoodsRelease.objects.exists()


def test_r_fd_2_renovation_flow_writes_one_event_per_action(agent_a, lead_a, renovation, owner_a):
    """R-FD-2: every move of the renovation is one timeline event."""
    before = Event.objects.count()
    services.renovation_start(actor=agent_a, renovation=renovation)
    services.renovation_inspect(
        actor=agent_a, renovation=renovation, day=today(), inspector="工程部张强", result="ok"
    )
    services.renovation_request_acceptance(actor=agent_a, renovation=renovation)
    services.renovation_accept(actor=agent_a, renovation=renovation, note="验收合格")
    with pytest.raises(InvalidInput):
        services.renovation_refund(actor=lead_a, renovation=renovation, deducted="200")
    services.renovation_refund(
        actor=lead_a, renovation=renovation, deducted="200", reason="损坏公共走廊地砖"
    )
    assert renovation.state == "closed" and renovation.refunded_amount == 1800
    assert Event.objects.count() - before == 5


def test_r_fd_2_review_is_due_in_5_working_days(agent_a, unit_a, owner_a):
    from .conftest import renovation_for

    with time_machine.travel("2026-09-25 10:00 +0800"):  # Friday before the National Day holiday
        r = renovation_for(agent_a, unit_a, owner_a)
    assert r.review_due.isoformat() >= "2026-10-09"
