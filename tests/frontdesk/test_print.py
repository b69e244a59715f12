"""Duty log and mail log print as PDF with a cover page (R-FS-9, R-FM-4); Chinese text is searchable."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from pypdf import PdfReader

from propdesk.frontdesk import services
from propdesk.records.selectors import template_version_for
from tests.frontdesk.conftest import read_all


def _text(resp) -> str:
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(resp.content)).pages)


def test_r_fs_9_duty_log_prints_with_cover_and_signatures(
    client_for, submitted, agent_a, agent2_a, lead_a
):
    """R-FS-9, R-FM-4: the day's duty log prints with its cover page, entries and signatures."""
    services.duty_entry_add(actor=agent_a, desk=submitted.desk, content="三栋电梯困人已解救")
    services.handover_accept(actor=agent2_a, handover=read_all(submitted, agent2_a))
    services.record_sign(actor=lead_a, target=submitted.duty_log, slot="countersign")
    resp = client_for(lead_a).get(reverse("frontdesk:dutylog-print"), {"day": "2026-03-02"})
    text = _text(resp)
    assert "翠湖花园" in text and "三栋电梯困人已解救" in text
    first = PdfReader(BytesIO(resp.content)).pages[0].extract_text()
    assert "翠湖花园" in first and "三栋电梯困人" not in first  # the cover page
    assert str(lead_a) in text


def test_r_fs_9_mail_log_prints_with_cover(client_for, frozen, agent_a, site_a, unit_a):
    """R-FS-9, R-FM-4: the day's mail log prints with a cover page and the items."""
    services.mail_register(
        actor=agent_a, site_id=site_a.pk, unit=unit_a, carrier="顺丰速运", tracking_no="SF998877"
    )
    text = _text(client_for(agent_a).get(reverse("frontdesk:mail-print"), {"day": "2026-03-02"}))
    assert "翠湖花园" in text and "顺丰速运" in text and "SF998877" in text


def test_print_other_site_agent_gets_nothing_of_site_a(
    client_for, frozen, agent_a, agent_b, site_a, unit_a
):
    services.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, carrier="顺丰速运")
    text = _text(client_for(agent_b).get(reverse("frontdesk:mail-print"), {"day": "2026-03-02"}))
    assert "顺丰速运" not in text and "翠湖花园" not in text


def test_duty_log_pdf_prints_entry_times_in_local_time(client_for, desk_a, agent_a, lead_a):
    """An entry made at 11:01 Asia/Shanghai (03:01 UTC) prints as 11:01, not 03:01."""
    with time_machine.travel("2026-03-02 11:05 +0800", tick=False):
        at = datetime(2026, 3, 2, 11, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
        services.duty_entry_add(actor=agent_a, desk=desk_a, content="访客登记", occurred_at=at)
        text = _text(
            client_for(lead_a).get(reverse("frontdesk:dutylog-print"), {"day": "2026-03-02"})
        )
    assert "11:01" in text and "03:01" not in text


def test_r_fm_7_duty_log_pdf_footer_has_template_version_and_log_number(
    client_for, frozen, desk_a, agent_a, lead_a
):
    """R-FM-7: the footer names the template version and the log's own number, never a date."""
    entry = services.duty_entry_add(actor=agent_a, desk=desk_a, content="巡视大堂")
    text = _text(client_for(lead_a).get(reverse("frontdesk:dutylog-print"), {"day": "2026-03-02"}))
    assert template_version_for("duty_log") in text
    assert entry.log.number in text
    assert "编号：2026-03-02" not in text


def test_r_fm_7_mail_log_pdf_footer_has_template_version_and_no_date_number(
    client_for, frozen, agent_a, site_a, unit_a
):
    services.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, carrier="顺丰速运")
    resp = client_for(agent_a).get(reverse("frontdesk:mail-print"), {"day": "2026-03-02"})
    text = _text(resp)
    assert template_version_for("mail_log") in text
    assert "编号：" not in text
