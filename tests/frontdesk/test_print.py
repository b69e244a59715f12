"""Duty log and mail log print as PDF with a cover page (R-FS-9, R-FM-4); Chinese text is searchable."""

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from propdesk.frontdesk import services
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
