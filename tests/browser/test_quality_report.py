"""The quarterly complaint analysis report in a real browser, in Chinese (R-CP-5, R-CP-6): the CS
manager picks a site, drafts the last complete quarter's report from its tickets, writes the
summary and the analysis, adds a corrective action and submits; the GM approves; the PDF
downloads and carries the title, the quarter, the action and the approval with the GM's name."""

import datetime
import io
import os
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from propdesk.quality.models import AnalysisReport, CorrectiveAction
from propdesk.quality.quarters import last_complete_quarter
from tests.browser.conftest import signed_in_page
from tests.quality.conftest import add_callback, add_clock, at, make_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")
QUARTER = last_complete_quarter()  # 2026Q3 in December 2026


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _in_quarter(month_offset, day):
    start = QUARTER.first_day
    return at(start.year, start.month + month_offset, day)


@pytest.fixture
def quarter_tickets(site_a, site_b, csm, eng_dept_a, dept_head_a):
    """Seven complaints of site A over the quarter's three months (one major, two breaching the
    response time, one callback dissatisfied), one repair, and a complaint of site B that the
    site A report must not count."""
    for i in range(7):
        t = make_ticket(
            site_a,
            csm,
            created_at=_in_quarter(i % 3, 3 + i),
            department=eng_dept_a,
            is_major=i == 0,
            cause="水管老化" if i < 4 else "电梯维保不及时",
            handled_at=_in_quarter(i % 3, 5 + i),
        )
        add_callback(t, csm, satisfied=i != 6, score=5 if i != 6 else 2)
        add_clock(t, "response", late=15 if i in (2, 5) else 0)
    make_ticket(site_a, csm, kind="repair", created_at=_in_quarter(1, 9), department=eng_dept_a)
    make_ticket(site_b, csm, created_at=_in_quarter(1, 9))
    return site_a


def test_r_cp_6_csm_drafts_edits_submits_gm_approves_and_the_pdf_downloads(
    browser, live_server, site_a, csm, gm, eng_dept_a, dept_head_a, quarter_tickets
):
    gm.name = "王建国"
    gm.save(update_fields=["name"])
    due = timezone.localdate() + datetime.timedelta(days=30)

    # The CS manager narrows to site A and drafts the quarter's report from its figures.
    author = signed_in_page(browser, live_server, csm)
    author.goto("/quality/reports/")
    with author.expect_navigation():
        author.select_option("select[name=site_id]", str(site_a.pk))
    assert author.locator("#generate-form input[name=quarter]").input_value() == str(QUARTER)
    author.click("#generate")
    author.wait_for_url(re.compile(r"/quality/reports/\d+/$"))
    report = AnalysisReport.objects.get()
    assert report.site == site_a and report.quarter == str(QUARTER)
    main = author.locator("main").inner_text()
    assert "已根据本季度数据起草报告。" in main
    assert author.locator("#report-state").inner_text() == "草稿"
    assert f"{QUARTER.year}" in main and site_a.name in main
    assert "<svg" in author.content()  # the charts are drawn on the page
    # ... in colour and at their own font size under the page's CSP (no inline styles)
    bar = author.locator("#charts [data-chart=category] rect[fill]").first
    assert bar.evaluate("e => getComputedStyle(e).fill") != "rgb(0, 0, 0)"
    label = author.locator("#charts [data-chart=category] text").first
    assert label.evaluate("e => getComputedStyle(e).fontSize") == "11px"
    assert report.snapshot["totals"]["complaints"] == 7
    _shot(author, "quality-report-drafted")

    # ... writes the summary and the analysis ...
    author.fill("#summary", "本季度投诉七件，以工程类为主。\n响应超时两件。")
    author.fill("#analysis_text", "供水管道老化是主要原因，电梯维保不及时次之。")
    author.click("#save-report")
    author.wait_for_url(f"**/quality/reports/{report.pk}/")
    assert "报告已保存。" in author.locator("main").inner_text()
    assert (
        author.locator("#summary").input_value() == "本季度投诉七件，以工程类为主。\n响应超时两件。"
    )

    # ... adds a corrective action owned by the engineering head ...
    form = author.locator("#capa-form")
    form.locator("select[name=kind]").select_option("corrective")
    form.locator("select[name=department]").select_option(str(eng_dept_a.pk))
    form.locator("input[name=due_date]").fill(due.isoformat())
    form.locator("textarea[name=problem]").fill("供水管道频繁漏水")
    form.locator("textarea[name=cause]").fill("管道老化")
    form.locator("textarea[name=action]").fill("更换三栋供水立管")
    author.click("#add-capa")
    author.wait_for_url(f"**/quality/reports/{report.pk}/")
    assert "措施已登记。" in author.locator("main").inner_text()
    capas = author.locator("#capas").inner_text()
    assert "供水管道频繁漏水" in capas and str(dept_head_a) in capas and due.isoformat() in capas
    capa = CorrectiveAction.objects.get()
    assert capa.report == report and capa.owner == dept_head_a

    # ... and submits it to the GM.
    author.click("#submit-report")
    author.wait_for_url(f"**/quality/reports/{report.pk}/")
    assert "已报总经理审批。" in author.locator("main").inner_text()
    assert author.locator("#report-state").inner_text() == "已报总经理"
    assert author.locator("#submit-report").count() == 0
    assert author.locator("#approve-report").count() == 0  # the author never approves
    assert author.locator("#edit-form").count() == 0
    _shot(author, "quality-report-submitted")

    # The GM reads it and approves.
    boss = signed_in_page(browser, live_server, gm)
    boss.goto(f"/quality/reports/{report.pk}/")
    summary = boss.locator("#summary-text")
    assert summary.inner_text() == "本季度投诉七件，以工程类为主。\n响应超时两件。"  # lines kept
    assert summary.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-line"
    assert boss.locator("#edit-form").count() == 0
    boss.fill("#approve-comment", "同意，请按期落实整改")
    boss.click("#approve-report")
    boss.wait_for_url(f"**/quality/reports/{report.pk}/")
    assert "报告已批准。" in boss.locator("main").inner_text()
    assert boss.locator("#report-state").inner_text() == "已批准"
    assert boss.locator("#approve-report").count() == 0
    assert "王建国" in boss.locator("main").inner_text()
    _shot(boss, "quality-report-approved")
    report.refresh_from_db()
    assert report.state == "approved" and report.decided_by == gm

    # The PDF downloads with the title, quarter, figures, the action and the approval line.
    with boss.expect_download() as info:
        boss.click("#print-report")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = re.sub(r"\s+", "", text)
    assert "用户投诉分析报告" in compact
    assert f"{QUARTER.year}" in compact and f"Q{QUARTER.number}" in compact
    assert site_a.name in compact
    assert "更换三栋供水立管" in compact and "供水管道频繁漏水" in compact
    assert "本季度投诉七件" in compact
    assert "批准人王建国" in compact or ("批准" in compact and "王建国" in compact)
    decided = timezone.localtime(report.decided_at).strftime("%Y-%m-%d")
    assert decided in compact
    for pg in (author, boss):
        pg.context.close()
