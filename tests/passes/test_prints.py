"""PDFs (pass card, release slip, registers) read back with pypdf; Excel registers with openpyxl."""

import io

import openpyxl
import pypdf
import pytest
import segno
from django.core.files.base import ContentFile
from PIL import Image

from propdesk.passes import services, tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def logo(site_a):
    png = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 80, 160)).save(png, "PNG")
    site_a.company.logo.save("logo.png", ContentFile(png.getvalue()))
    return site_a.company


def _pdf(resp):
    assert resp["Content-Type"] == "application/pdf", resp.status_code
    return pypdf.PdfReader(
        io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content)
    )


def _images(page) -> int:
    xobjects = page["/Resources"].get("/XObject") or {}
    return len(xobjects)


def _uris(page) -> list[str]:
    return [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) or []]


def test_r_fd_2_pass_card_has_number_qr_token_photo_and_logo(
    client_for, agent_a, worker_pass, logo
):
    """R-FD-2: a card-sized PDF with the number, the gate code, the signed QR payload, photo and logo."""
    reader = _pdf(client_for(agent_a).get(f"/passes/worker-passes/{worker_pass.pk}/card/"))
    page = reader.pages[0]
    text = page.extract_text()
    payload = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    assert (
        worker_pass.number in text
        and tokens.typed_code(number=worker_pass.number, site_id=worker_pass.site_id) in text
    )
    assert payload in _uris(page) and str(worker_pass.pk) != payload.split(":")[-1]
    assert _images(page) == 2  # the logo and the photo
    assert round(float(page.mediabox.width)) == 243  # 85.6 mm: a card, not A4
    assert "李师傅" in text and "110***********002X" in text


def test_pass_card_qr_matrix_is_segnos_encoding_of_the_payload(worker_pass):
    from propdesk.core.printing import QRCode

    payload = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    assert QRCode(payload).qr.matrix == segno.make(payload, error="m", micro=False).matrix
    assert tokens.parse(payload).number == worker_pass.number


def test_r_fd_3_release_slip_has_number_items_qr_and_logo(
    client_for, agent_a, approved_release, logo
):
    reader = _pdf(client_for(agent_a).get(f"/passes/releases/{approved_release.pk}/slip/"))
    page = reader.pages[0]
    text = page.extract_text()
    assert approved_release.number in text and "沙发" in text and "业主亲临" in text
    assert tokens.qr_payload(
        number=approved_release.number, site_id=approved_release.site_id
    ) in _uris(page)
    assert _images(page) >= 1


def test_slip_is_not_printed_before_approval(client_for, agent_a, unit_a):
    from .conftest import release_for

    g = release_for(agent_a, unit_a)
    assert client_for(agent_a).get(f"/passes/releases/{g.pk}/slip/").status_code == 404


@pytest.mark.parametrize(
    ("url", "title", "expect"),
    [
        ("/passes/renovations/print/", "装修登记表", "美家装饰有限公司"),
        ("/passes/worker-passes/print/", "临时出入证办理登记表", "李师傅"),
        ("/passes/releases/print/", "物品放行登记表", "沙发"),
    ],
)
def test_r_fm_4_registers_print_with_cover_and_logo(
    client_for, lead_a, worker_pass, approved_release, logo, url, title, expect
):
    """R-FM-4, R-FS-9: each register prints with its cover page and the records."""
    reader = _pdf(client_for(lead_a).get(url))
    cover, body = (
        reader.pages[0].extract_text(),
        "".join(p.extract_text() for p in reader.pages[1:]),
    )
    assert title in cover and "翠湖花园" in cover and expect in body
    assert all(_images(p) >= 1 for p in reader.pages)


def _xlsx(c, url):
    resp = c.get(url, follow=True)
    data = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize(
    ("url", "title", "expect"),
    [
        ("/passes/renovations/export/", "装修登记表", "美家装饰有限公司"),
        (
            "/passes/worker-passes/export/?status=valid",
            "临时出入证办理登记表",
            "110***********002X",
        ),
        ("/passes/releases/export/", "物品放行登记表", "已开具，未使用"),
    ],
)
def test_r_fs_9_registers_export_to_excel_masked(
    client_for, lead_a, worker_pass, approved_release, url, title, expect
):
    ws = _xlsx(client_for(lead_a), url)
    rows = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == title
    flat = [str(c) for r in rows for c in r]
    assert expect in flat
    assert "11010519491231002X" not in flat and "13500001234" not in flat


def test_r_fm_7_prints_carry_the_form_version_in_use_when_the_record_was_made(
    client_for, agent_a, approved_release, worker_pass, pcm_a, gm
):
    """R-FM-7: a slip and a card made before a new version of their form keep the old label; a
    slip made after it carries the new one."""
    from propdesk.records import services as records
    from propdesk.records.models import FormTemplate

    for code in ("goods_release", "worker_pass"):
        v = records.template_version_draft(
            actor=pcm_a,
            template=FormTemplate.objects.get(code=code),
            label="2027.1",
            change_note="改版",
        )
        records.template_version_approve(actor=gm, version=v)
    c = client_for(agent_a)
    old_slip = _pdf(c.get(f"/passes/releases/{approved_release.pk}/slip/")).pages[0].extract_text()
    card = _pdf(c.get(f"/passes/worker-passes/{worker_pass.pk}/card/")).pages[0].extract_text()
    assert "2026.1" in old_slip and "2027.1" not in old_slip
    assert "2026.1" in card
    from tests.passes.conftest import release_for

    g = release_for(agent_a, approved_release.unit)
    services.release_consent(
        actor=agent_a, release=g, method="owner_present", owner=approved_release.consent_owner
    )
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    new_slip = _pdf(c.get(f"/passes/releases/{g.pk}/slip/")).pages[0].extract_text()
    assert "2027.1" in new_slip
