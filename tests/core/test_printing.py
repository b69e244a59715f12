"""The PDF toolkit: Chinese text, logo and numbers on every page, hostile text, files opened, QR."""

import io
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest
import reportlab
import segno
from django.core.files.base import ContentFile
from PIL import Image

from propdesk.core import printing as p
from tests.factories import CompanyFactory

HOSTILE = '<img src="/etc/passwd"/> <a href="http://evil.example/">点我</a> <font color="red">红</font> &amp;'
URL = "https://desk.example.com/tickets/42/"
_opened: list | None = None


def _audit(event, args):
    if event == "open" and _opened is not None and args and isinstance(args[0], str | bytes):
        _opened.append(str(Path(args[0] if isinstance(args[0], str) else args[0].decode())))


sys.addaudithook(_audit)


@pytest.fixture
def company(db):
    company = CompanyFactory(name="华庭物业服务有限公司")
    png = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 80, 160)).save(png, "PNG")
    company.logo.save("logo.png", ContentFile(png.getvalue()))
    return company


def _handling_form(company, *, description="厨房水管漏水了") -> io.BytesIO:
    doc = p.PrintDocument(
        company=company,
        form_name="用户投诉处理单",
        record_number="TS-CUIHU-2026-00042",
        template_version="KF-04/A1",
    )
    story = [
        p.title("用户投诉处理单"),
        p.field_table([("房号", "3栋1单元502"), ("来电人", "张伟"), ("投诉内容", description)]),
        p.QRCode(URL),
        p.timeline_table(
            [(date(2026, 3, 1), "客服A", "登记"), (date(2026, 3, 2), "工程部", description)]
        ),
        p.data_table(
            ["序号", "事项"], [(str(i), f"第{i}项巡查记录") for i in range(80)], widths=[1, 4]
        ),
        p.signature_lines([("部门负责人签字", "", None), ("客服主管", "李娜", date(2026, 3, 3))]),
    ]
    return doc.build(story)


def _pages(buffer) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(buffer).pages]


def test_r_fm_2_r_fm_7_every_page_has_company_form_number_and_version(company):
    """R-FM-2, R-FM-7: company name in the header; form, number, version and page x/y in the footer."""
    pages = _pages(_handling_form(company))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert (
            "华庭物业服务有限公司" in text and "TS-CUIHU-2026-00042" in text and "KF-04/A1" in text
        )
        assert "序号" in text or number == 1  # the register header repeats on every page
    assert "3栋1单元502" in pages[0] and "部门负责人签字" in "".join(pages)


def test_r_fm_2_logo_is_drawn_on_every_page(company):
    reader = pypdf.PdfReader(_handling_form(company))
    assert all(page["/Resources"].get("/XObject") for page in reader.pages)
    company.logo = ""
    reader = pypdf.PdfReader(_handling_form(company))
    assert not reader.pages[0]["/Resources"].get("/XObject")
    assert "华庭物业服务有限公司" in reader.pages[0].extract_text()


def test_r_fm_4_cover_page(company):
    """R-FM-4: the register's cover names the form, department, site and period of use."""
    doc = p.PrintDocument(company=company, form_name="来人来电来访登记表", template_version="A1")
    story = p.cover_page(
        form_name="来人来电来访登记表",
        department="客服部",
        site="翠湖花园",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
    )
    cover = _pages(doc.build([*story, p.para("正文")]))[0]
    for text in ("来人来电来访登记表", "客服部", "翠湖花园", "2026-01-01", "2026-03-31"):
        assert text in cover


def test_i6_hostile_text_prints_literally(company):
    """I6: markup in user text is printed as text, never interpreted."""
    text = "".join(_pages(_handling_form(company, description=HOSTILE)))
    assert '<img src="/etc/passwd"/>' in text.replace("\n", "")
    assert '<a href="http://evil.example/">' in text and '<font color="red">' in text
    assert "&amp;" in text


def test_i6_build_opens_no_file_but_the_logo(company):
    """I6: while building, nothing outside reportlab's own files and the logo is opened."""
    global _opened
    _handling_form(company)  # warm-up: lazy imports and translation catalogues
    _opened = []
    try:
        _handling_form(company, description=HOSTILE)
        opened, _opened = _opened, None
    finally:
        _opened = None
    allowed = (str(Path(reportlab.__file__).parent), str(Path(company.logo.path)))
    assert str(Path(company.logo.path)) in opened
    assert [path for path in opened if not path.startswith(allowed)] == []


def test_audit_hook_would_catch_markup_that_loads_a_file(tmp_path):
    """Control: unescaped reportlab markup does open files, and the hook sees it."""
    global _opened
    image = tmp_path / "x.png"
    Image.new("RGB", (4, 4)).save(image)
    _opened = []
    try:
        p.PrintDocument(form_name="x").build(
            [p.Paragraph(f'<img src="{image}"/>', p.styles()["body"])]
        )
        opened = _opened
    finally:
        _opened = None
    assert str(image) in opened


def test_qr_code_encodes_the_url(company):
    """The QR payload is the record's URL (checked against segno's own encoding) and it links there."""
    qr = p.QRCode(URL)
    expected = segno.make(URL, error="m", micro=False)
    assert qr.qr.matrix == expected.matrix and qr.qr.designator == expected.designator
    reader = pypdf.PdfReader(_handling_form(company))
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert URL in links


def test_pdf_response_is_a_download_with_a_chinese_name():
    resp = p.pdf_response(io.BytesIO(b"%PDF-1.4"), "用户投诉处理单-TS-2026-00042.pdf")
    assert resp["Content-Type"] == "application/pdf"
    assert resp["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in resp["Content-Disposition"].lower()
