"""Printed forms opened with pypdf: Chinese labels, record numbers, cover page, hostile text (R-FM-2/3/4, I6)."""

import datetime as dt
import io

from pypdf import PdfReader

from propdesk.tickets import services
from propdesk.tickets.prints import contact_register_pdf, contacts_for_register, handling_form_pdf


def _text(buffer) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_r_cp_2_handling_form_prints_number_labels_and_company(handled_ticket, site_a):
    """R-CP-2, R-FM-2, R-FM-3: the handling form carries its number, Chinese labels and the company name."""
    t = handled_ticket(kind="complaint")
    text = _text(handling_form_pdf(t, url=f"https://desk.example/tickets/{t.pk}/"))
    assert t.number in text and "用户投诉处理单" in text
    assert site_a.company.name in text and "已更换水管接头" in text
    assert "13812345678" not in text  # the phone is masked on paper too


def test_i6_markup_in_user_text_prints_literally(open_ticket):
    """SECURITY I6: <img>, <a> and <font> in a description appear as text, never as markup."""
    t = open_ticket(
        kind="repair",
        content='<img src="/etc/passwd"/><a href="javascript:x">点</a><font size=40>大</font>',
    )
    text = _text(handling_form_pdf(t, url="https://desk.example/"))
    assert '<img src="/etc/passwd"/>' in text and "<font size=40>" in text


def test_r_fm_4_contact_register_has_a_cover_page(agent_a, site_a, resident_a):
    """R-FM-4: the printed register starts with a cover: form name, department, site, period of use."""
    c = services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="phone",
        kind="inquiry",
        content="咨询停车收费",
        resident=resident_a,
    )
    today = dt.date.today()
    rows = contacts_for_register(agent_a, site=site_a, date_from=today, date_to=today)
    pdf = contact_register_pdf(rows, site=site_a, date_from=today, date_to=today)
    pages = PdfReader(io.BytesIO(pdf.getvalue())).pages
    cover = pages[0].extract_text()
    assert "来人来电来访登记表" in cover and site_a.name in cover and "客服部" in cover
    assert c.number in pages[1].extract_text()


def test_print_views_answer_pdf_and_respect_scope(client_for, agent_a, agent_b, handled_ticket):
    """The handling form prints from the ticket page; another site's ticket is 404; the register prints."""
    from django.urls import reverse

    t = handled_ticket(kind="repair")
    resp = client_for(agent_a).get(reverse("tickets:print", args=[t.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert t.number in "".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.content)).pages)
    assert client_for(agent_b).get(reverse("tickets:print", args=[t.pk])).status_code == 404
    reg = client_for(agent_a).get(reverse("tickets:contacts-print"))
    assert (
        reg.status_code == 200
        and "来人来电来访登记表" in PdfReader(io.BytesIO(reg.content)).pages[0].extract_text()
    )
    bad = client_for(agent_a).get(reverse("tickets:contacts-print"), {"date_from": "2026-13-45"})
    assert bad.status_code == 400
