"""Duty log (客服前台值班记录表): R-FS-9 register, R-FM-6 corrections, R-FM-5 countersign."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.models import Correction
from propdesk.frontdesk import services
from tests.frontdesk.conftest import read_all


def test_r_fs_9_entries_go_into_the_running_shift_log(frozen, desk_a, agent_a, unit_a):
    """R-FS-9: every entry is timestamped and lands in the log of the desk's running shift."""
    e = services.duty_entry_add(
        actor=agent_a,
        desk=desk_a,
        content="3栋电梯困人，已通知工程部",
        kind="incident",
        unit=unit_a,
        status="open",
    )
    assert e.log.shift.name == "夜班" and e.log.number.startswith("ZB-") and e.created_by == agent_a
    with pytest.raises(InvalidInput):
        services.duty_entry_add(actor=agent_a, desk=desk_a, content="  ")


def test_r_fm_6_entries_are_only_corrected_after_handover(submitted, agent_a, agent2_a):
    """R-FM-6: once the shift is handed over an entry cannot be edited, only corrected with a reason."""
    e = services.duty_entry_add(actor=agent_a, desk=submitted.desk, content="夜间巡查正常")
    services.duty_entry_update(actor=agent_a, entry=e, content="夜间巡查正常，无异常")
    h = read_all(submitted, agent2_a)
    services.handover_accept(actor=agent2_a, handover=h)
    e.refresh_from_db()
    with pytest.raises(Conflict):
        services.duty_entry_update(actor=agent_a, entry=e, content="改")
    with pytest.raises(Conflict):
        services.duty_entry_add(
            actor=agent_a, desk=submitted.desk, content="补记", occurred_at=e.occurred_at
        )
    services.duty_entry_correct(
        actor=agent_a, entry=e, field="content", new_value="夜间巡查正常（更正）", reason="笔误"
    )
    c = Correction.objects.get(object_id=e.pk)
    assert (c.old_value, c.new_value, c.reason) == (
        "夜间巡查正常，无异常",
        "夜间巡查正常（更正）",
        "笔误",
    )


def test_r_fm_5_duty_log_countersign_listed_until_signed(submitted, agent_a, agent2_a, lead_a):
    """R-FM-5: a handed-over duty log waits for the supervisor's countersignature; the writer cannot sign."""
    h = read_all(submitted, agent2_a)
    services.handover_accept(actor=agent2_a, handover=h)
    log = h.duty_log
    with pytest.raises(NotAllowed):
        services.record_sign(actor=agent_a, target=log, slot="countersign")
    sig = services.record_sign(actor=lead_a, target=log, slot="countersign")
    assert sig.signer == lead_a and sig.signed_at


def test_r_fs_9_duty_log_exports_to_excel(client_for, frozen, desk_a, agent_a):
    """R-FS-9: the day's duty log exports to a real .xlsx."""
    services.duty_entry_add(actor=agent_a, desk=desk_a, content='=HYPERLINK("x")')
    resp = client_for(agent_a).get(reverse("frontdesk:dutylog-export"), {"day": "2026-03-02"})
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(resp.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("x")' in values
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_r_fs_9_writer_edits_a_running_entry_from_the_log_page(
    client_for, frozen, desk_a, agent_a, agent2_a, unit_a
):
    """R-FS-9: the writer edits an entry of the running shift on the log page; the unit and the
    type, which the form does not send, are kept; another agent sees no edit form."""
    e = services.duty_entry_add(
        actor=agent_a, desk=desk_a, content="电梯困人", kind="incident", unit=unit_a, status="open"
    )
    url = reverse("frontdesk:dutylog-detail", args=[e.log_id])
    assert "entry-edit" not in client_for(agent2_a).get(url).content.decode()
    c = client_for(agent_a)
    assert "entry-edit" in c.get(url).content.decode()
    form = {"content": "电梯困人，已解救", "action": "工程部到场", "status": "closed"}
    assert c.post(reverse("frontdesk:entry-edit", args=[e.pk]), form).status_code == 302
    e.refresh_from_db()
    assert (e.content, e.status, e.kind, e.unit_id) == (
        "电梯困人，已解救",
        "closed",
        "incident",
        unit_a.pk,
    )
    other = client_for(agent2_a).post(reverse("frontdesk:entry-edit", args=[e.pk]), form)
    assert other.status_code == 403
    e.refresh_from_db()
    assert e.version == 1
