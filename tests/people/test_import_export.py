"""Excel import (all rows valid or nothing saved) and export of the directory."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from propdesk.orgs.models import Unit
from propdesk.people.models import Resident

HEADER = [
    "项目编码",
    "楼栋",
    "房号",
    "楼层",
    "姓名",
    "手机",
    "备用电话",
    "身份证号",
    "关系",
    "入住日期",
]


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("住户.xlsx", buf.getvalue())


def test_import_with_one_bad_row_saves_nothing_and_names_the_row(client_for, lead_a, site_a):
    f = xlsx(
        [
            [
                "cuihu",
                "5栋",
                "5栋1单元101",
                1,
                "王小明",
                "13800001111",
                None,
                None,
                "业主",
                "2024-01-01",
            ],
            ["cuihu", "5栋", "5栋1单元102", 1, "赵小红", "12345", None, None, "业主", None],
        ]
    )
    resp = client_for(lead_a).post(reverse("people:directory-import"), {"file": f})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "3" in html and "12345" in html  # row number 3 and the bad value
    assert not Unit.objects.exists() and not Resident.objects.exists()


def test_import_of_valid_file_creates_units_and_residents(client_for, lead_a, site_a):
    f = xlsx(
        [
            [
                "cuihu",
                "5栋",
                "5栋1单元101",
                1,
                "王小明",
                "13800001111",
                None,
                None,
                "业主",
                "2024-01-01",
            ],
            ["cuihu", "5栋", "5栋1单元101", 1, "王小军", "13800002222", None, None, "家属", None],
            ["cuihu", "5栋", "5栋1单元102", 1, None, None, None, None, None, None],
        ]
    )
    resp = client_for(lead_a).post(reverse("people:directory-import"), {"file": f})
    assert resp.status_code == 302
    assert Unit.objects.filter(site=site_a).count() == 2
    unit = Unit.objects.get(code="5栋1单元101")
    assert sorted(unit.occupancies.values_list("relation", flat=True)) == ["family", "owner"]


def test_import_refuses_a_site_the_user_does_not_have(client_for, lead_a, site_a, site_b):
    f = xlsx([["gmzx", "A座", "A座301", 3, None, None, None, None, None, None]])
    resp = client_for(lead_a).post(reverse("people:directory-import"), {"file": f})
    assert resp.status_code == 400 and not Unit.objects.exists()


def test_import_rejects_a_non_xlsx_file_by_content(client_for, lead_a):
    f = SimpleUploadedFile("evil.xlsx", b"<html><script>alert(1)</script></html>")
    resp = client_for(lead_a).post(reverse("people:directory-import"), {"file": f})
    assert resp.status_code == 400 and "xlsx" in resp.content.decode()


def test_agent_and_auditor_cannot_import(client_for, agent_a, auditor):
    for user in (agent_a, auditor):
        assert (
            client_for(user)
            .post(reverse("people:directory-import"), {"file": xlsx([])})
            .status_code
            == 403
        )


def test_export_contains_only_filtered_visible_rows_masked(client_for, csm, resident_a, resident_b):
    resp = client_for(csm).get(reverse("people:directory-export"), {"q": "张"})
    ws = load_workbook(BytesIO(resp.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "张伟" in values and "李娜" not in values
    assert "138****5678" in values and "13812345678" not in values


def test_export_never_writes_user_text_as_formula(client_for, csm, unit_a):
    from tests.factories import resident_in

    resident_in(unit_a, name='=HYPERLINK("http://x")')
    resp = client_for(csm).get(reverse("people:directory-export"))
    ws = load_workbook(BytesIO(resp.content)).active
    cells = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)
