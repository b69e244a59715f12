"""Every print rendered to PNG (poppler's pdftoppm) and checked as a reader sees it (issue item
13, R-FM-2): the logo or the default mark on every page, the handling form's column headings and
callback signature, and no character the font has no glyph for.

Set PROPDESK_PRINT_PREVIEWS=<dir> to keep the PNGs for a look.
"""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from propdesk.core.print_glyphs import COVERED, covered
from propdesk.frontdesk import services as desk_services
from propdesk.tickets import services
from tests.factories import DeskFactory
from tests.frontdesk.conftest import NIGHT_END, _with_shifts

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
MARK = (13, 110, 253)  # the default mark's blue
RED = (200, 30, 30)
CMAP = Path("/usr/share/poppler/cMap/Adobe-GB1/UniGB-UCS2-H")


@pytest.fixture
def png(tmp_path):
    """png(pdf, name) -> the pages as images (kept, sharper, in PROPDESK_PRINT_PREVIEWS if set)."""
    keep = os.environ.get("PROPDESK_PRINT_PREVIEWS")
    out = Path(keep) if keep else tmp_path

    def render(pdf: bytes, name: str) -> list[Image.Image]:
        out.mkdir(parents=True, exist_ok=True)
        dpi = "80" if keep else "40"
        subprocess.run(["pdftoppm", "-r", dpi, "-png", "-", str(out / name)], input=pdf, check=True)
        files = sorted(out.glob(f"{name}-*.png"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
        return [Image.open(f).convert("RGB") for f in files]

    return render


def _header_has(page: Image.Image, colour, *, at_least: int = 20) -> bool:
    """Whether the header band (top 30 mm, left 60 mm) has `colour` in it."""
    w, h = page.size
    band = page.crop((0, 0, int(w * 60 / 210), int(h * 30 / 297)))
    near = sum(
        1
        for px in band.get_flattened_data()
        if all(abs(a - b) < 40 for a, b in zip(px, colour, strict=True))
    )
    return near >= at_least


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _get(client, url, **params) -> bytes:
    resp = client.get(url, params)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    return resp.content


@pytest.fixture
def called_back(handled_ticket, agent_a):
    """A complaint handled, then called back by agent A (reached, satisfied)."""
    t = handled_ticket(kind="complaint", description="三楼·电梯异响😀，业主很着急")
    services.ticket_callback(
        actor=agent_a, ticket=t, outcome="reached", satisfied=True, score=5, comment="满意"
    )
    return t


@pytest.fixture
def every_print(client_for, agent_a, site_a, unit_a, called_back):
    """The four prints of site A as PDF bytes: handling form, contact register, duty and mail logs."""
    c = client_for(agent_a)
    with time_machine.travel(NIGHT_END, tick=False):
        desk_services.duty_entry_add(
            actor=agent_a, desk=_with_shifts(DeskFactory(site=site_a)), content="巡视·大堂✓"
        )
        desk_services.mail_register(actor=agent_a, site_id=site_a.pk, unit=unit_a, carrier="顺丰®")
    day = {"day": "2026-03-02"}
    return {
        "handling-form": _get(c, reverse("tickets:print", args=[called_back.pk])),
        "contact-register": _get(c, reverse("tickets:contacts-print")),
        "duty-log": _get(c, reverse("frontdesk:dutylog-print"), **day),
        "mail-log": _get(c, reverse("frontdesk:mail-print"), **day),
    }


def test_r_fm_2_every_page_of_every_print_shows_the_default_mark_without_a_logo(every_print, png):
    """R-FM-2: until a logo is uploaded, a mark stands in for it (once: only the name printed)."""
    for name, pdf in every_print.items():
        pages = png(pdf, name)
        assert pages and all(_header_has(page, MARK) for page in pages), name


def test_r_fm_2_an_uploaded_logo_prints_on_every_page(
    client_for, agent_a, site_a, called_back, png
):
    image = io.BytesIO()
    Image.new("RGB", (120, 60), RED).save(image, "PNG")
    site_a.company.logo.save("logo.png", ContentFile(image.getvalue()))
    pdf = _get(client_for(agent_a), reverse("tickets:print", args=[called_back.pk]))
    pages = png(pdf, "logo")
    assert all(_header_has(p, RED) and not _header_has(p, MARK) for p in pages)


def test_handling_form_tables_are_headed_by_who_called_back_and_who_acted(every_print):
    """Item 13: both tables were headed "更正人" (corrected by)."""
    text = _text(every_print["handling-form"])
    assert "更正人" not in text
    assert re.search(r"时间\s*回访人\s*回访结果", text) and re.search(r"时间\s*操作人\s*事件", text)


def test_the_callback_signature_line_names_who_called_back_and_when(every_print, called_back):
    """Item 13: the 回访人 line stayed blank although the callback was done."""
    text = _text(every_print["handling-form"])
    callback = called_back.callbacks.get()
    when = callback.at.astimezone().strftime("%Y-%m-%d")
    assert re.search(rf"回访人\s*{re.escape(str(callback.by))}\s*日期\s*{when}", text), text[-300:]


def test_every_printed_character_has_a_glyph_in_the_print_font(every_print):
    """Item 13: the footer's "·" printed as "�"; user emoji and symbols are mapped too."""
    for name, pdf in every_print.items():
        missing = {ch for ch in _text(pdf) if not ch.isspace() and not covered(ch)}
        assert missing == set(), (name, missing)
    assert "三楼・电梯异响□" in _text(every_print["handling-form"]).replace("\n", "")


@pytest.mark.skipif(not CMAP.exists(), reason="needs poppler-data's Adobe-GB1 CMap")
def test_the_glyph_table_is_the_cmap_the_viewer_uses():
    data = CMAP.read_text("latin-1")
    codes: set[int] = set()
    for block in re.findall(r"begincidrange(.*?)endcidrange", data, re.S):
        for a, b in re.findall(r"<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\d+", block):
            codes.update(range(int(a, 16), int(b, 16) + 1))
    for block in re.findall(r"begincidchar(.*?)endcidchar", data, re.S):
        codes.update(int(a, 16) for a in re.findall(r"<([0-9a-f]+)>\s*\d+", block))
    assert codes == {c for a, b in COVERED for c in range(a, b + 1)}
