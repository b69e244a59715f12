"""The complaint analysis report (R-CP-6) and its corrective actions (R-CP-5)."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.quality import services
from propdesk.quality.models import AnalysisReport, CorrectiveAction
from propdesk.quality.quarters import current_quarter
from propdesk.tickets.models import Ticket
from tests.factories import make_user

from .conftest import add_callback, add_clock, at, make_ticket

QUARTER = current_quarter().previous


def _in_quarter(day=5):
    start = QUARTER.first_day
    return at(start.year, start.month + 1, day)


@pytest.fixture
def data(site_a, csm, eng_dept_a, dept_head_a):
    for i in range(3):
        t = make_ticket(
            site_a,
            csm,
            created_at=_in_quarter(3 + i),
            department=eng_dept_a,
            is_major=i == 0,
            cause="水管老化",
            handled_at=_in_quarter(10),
        )
        add_callback(t, csm, satisfied=i != 2, score=4)
        add_clock(t, "response", late=10 if i == 2 else 0)
    return site_a


def _report(csm, site):
    r = services.report_generate(actor=csm, quarter=str(QUARTER), site_id=site.pk)
    services.report_edit(
        actor=csm,
        report=r,
        summary="本季度投诉三件，以工程部为主。",
        analysis_text="水管老化是主要原因。",
    )
    return r


def test_r_cp_6_csm_drafts_gm_approves_and_figures_stay_frozen(data, csm, gm, agent_a):
    """R-CP-6: drafted from the data, submitted, approved by the GM; a later correction leaves
    the approved figures as they were, and the next report carries a note."""
    r = _report(csm, data)
    assert r.snapshot["totals"]["complaints"] == 3
    services.report_submit(actor=csm, report=r)
    services.report_approve(actor=gm, report=r, comment="同意")
    r.refresh_from_db()
    assert r.state == "approved" and r.decided_by == gm
    make_ticket(data, agent_a, created_at=_in_quarter(20))  # a late-registered complaint
    Ticket.objects.filter(is_major=False).update(is_major=True)
    r.refresh_from_db()
    assert r.snapshot["totals"]["complaints"] == 3
    assert r.snapshot["totals"]["major"] == 1
    with pytest.raises(Conflict):
        services.report_refresh(actor=csm, report=r)
    with pytest.raises(Conflict):
        services.report_edit(actor=csm, report=r, summary="改", analysis_text="")
    corrections = services._corrections(csm, data.pk, QUARTER.next)
    assert {c["figure"]: c["now"] for c in corrections} == {"complaints": 4, "major": 4}


def test_r_cp_6_gm_alone_approves(data, csm, gm, pcm_a, auditor):
    """R-CP-6 (A7): the CS manager, centre manager and auditor cannot approve; the GM can."""
    r = _report(csm, data)
    services.report_submit(actor=csm, report=r)
    for user in (csm, pcm_a, auditor):
        with pytest.raises(NotAllowed):
            services.report_approve(actor=user, report=r)
        assert "approve" not in services.report_actions(user, r)
    assert "approve" in services.report_actions(gm, r)
    services.report_return(actor=gm, report=r, comment="请补充原因分析")
    assert r.state == "returned"
    with pytest.raises(InvalidInput):
        services.report_return(actor=gm, report=r, comment="")


def test_r_cp_6_gm_who_drafted_does_not_approve(data, gm):
    """A7: a GM holding the author role does not approve a report they submitted."""
    gm.groups.add(*make_user("cs_manager", data).groups.all())
    r = _report(gm, data)
    services.report_submit(actor=gm, report=r)
    with pytest.raises(NotAllowed):
        services.report_approve(actor=gm, report=r)


def test_r_cp_6_bad_input_is_refused_in_chinese(data, csm, client_for, settings):
    """R-CP-6: a future or open quarter, a duplicate, an empty summary → a message, nothing made."""
    with pytest.raises(InvalidInput):
        services.report_generate(actor=csm, quarter=str(current_quarter()), site_id=data.pk)
    with pytest.raises(InvalidInput):
        services.report_generate(actor=csm, quarter="2999Q1", site_id=data.pk)
    r = services.report_generate(actor=csm, quarter=str(QUARTER), site_id=data.pk)
    with pytest.raises(Conflict):
        services.report_generate(actor=csm, quarter=str(QUARTER), site_id=data.pk)
    with pytest.raises(InvalidInput):
        services.report_submit(actor=csm, report=r)
    with pytest.raises(InvalidInput):
        services.report_edit(actor=csm, report=r, summary="x" * 5000, analysis_text="")
    c = client_for(csm)
    resp = c.post(
        reverse("quality:report-new"),
        {"quarter": "2999Q1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert resp.status_code == 200
    assert "未来" in resp.content.decode()
    assert AnalysisReport.objects.count() == 1


def test_r_cp_6_pdf_has_title_quarter_figures_capas_approval_and_charts(
    data, csm, gm, eng_dept_a, dept_head_a, tmp_path
):
    """R-CP-6: the approved report's PDF: title, quarter, figures, the CAPA table, the approval
    line; the charts are drawn (a page rendered to PNG is not blank)."""
    r = _report(csm, data)
    services.capa_create(
        actor=csm,
        site_id=data.pk,
        department_id=eng_dept_a.pk,
        kind="corrective",
        problem="供水管道频繁漏水",
        cause="管道老化",
        action="更换三栋供水立管",
        due_date=timezone.localdate(),
        report=r,
    )
    services.report_submit(actor=csm, report=r)
    services.report_approve(actor=gm, report=r)
    from django.utils import translation

    from propdesk.quality.printing import report_pdf
    from propdesk.quality.selectors import capas_for_report

    with translation.override("zh-hans"):
        data_pdf = report_pdf(r, capas_for_report(r))
    reader = PdfReader(io.BytesIO(data_pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "用户投诉分析报告" in text
    assert f"{QUARTER.year}" in text and f"Q{QUARTER.number}" in text
    assert "更换三栋供水立管" in text
    assert "水管老化" in text
    assert "批准" in text and str(gm) in text
    assert "版本" in text
    assert reader.pages[0].get_contents() is not None
    ops = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert ops.count(b" re") > 10  # the bars of the charts are filled rectangles
    if shutil.which("pdftoppm"):
        pdf_file = tmp_path / "r.pdf"
        pdf_file.write_bytes(data_pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "40",
                "-f",
                "2",
                "-l",
                "2",
                str(pdf_file),
                str(tmp_path / "p"),
            ],
            check=True,
        )
        from PIL import Image

        png = next(tmp_path.glob("p*.png"))
        img = Image.open(png).convert("L")
        lo, hi = img.getextrema()
        assert lo < 128 < hi
        dark = sum(1 for v in img.get_flattened_data() if v < 200)
        assert dark > 500


def test_r_cp_6_pages_and_pdf_download(data, csm, gm, client_for, django_assert_max_num_queries):
    """R-CP-6: the pages a CS manager and the GM use, with bounded queries; the PDF downloads."""
    r = _report(csm, data)
    c = client_for(csm)
    with django_assert_max_num_queries(25):
        assert c.get(reverse("quality:report-list")).status_code == 200
    with django_assert_max_num_queries(25):
        resp = c.get(reverse("quality:report-detail", args=[r.pk]))
    assert b"submit-report" in resp.content and b"<svg" in resp.content
    assert b" style=" not in resp.content  # the CSP (style-src 'self') drops inline styles
    c.post(reverse("quality:report-action", args=[r.pk, "submit"]), {"version": r.version})
    r.refresh_from_db()
    assert r.state == "submitted"
    g = client_for(gm)
    resp = g.get(reverse("quality:report-detail", args=[r.pk]))
    assert b"approve-report" in resp.content
    g.post(reverse("quality:report-action", args=[r.pk, "approve"]), {"version": r.version})
    r.refresh_from_db()
    assert r.state == "approved"
    resp = g.get(reverse("quality:report-print", args=[r.pk]))
    assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")
    resp = g.get(reverse("quality:report-export"))
    assert resp.status_code == 200
    with django_assert_max_num_queries(40):
        resp = g.get(reverse("quality:analysis") + f"?quarter={QUARTER}")
    assert resp.status_code == 200 and b"<svg" in resp.content and b" style=" not in resp.content
    assert g.get(reverse("quality:analysis-export") + f"?quarter={QUARTER}").status_code == 200


def test_other_site_report_is_404_and_auditor_reads_only(data, csm, site_b, client_for, auditor):
    """SECURITY §c: another site's report is 404; the auditor reads and changes nothing."""
    r = _report(csm, data)
    other = make_user("cs_manager", site_b)
    assert client_for(other).get(reverse("quality:report-detail", args=[r.pk])).status_code == 404
    c = client_for(auditor)
    resp = c.get(reverse("quality:report-detail", args=[r.pk]))
    assert resp.status_code == 200 and b"submit-report" not in resp.content
    assert c.post(reverse("quality:report-action", args=[r.pk, "submit"])).status_code in (302, 403)
    r.refresh_from_db()
    assert r.state == "draft"


def test_r_cp_5_capa_closed_only_after_verification(data, csm, eng_dept_a, dept_head_a, client_for):
    """R-CP-5: done with evidence by the owner; closed only when the CS manager verifies it
    effective; not effective → open again with a new due date; overdue on the owner's board."""
    capa = services.capa_create(
        actor=csm,
        site_id=data.pk,
        department_id=eng_dept_a.pk,
        kind="preventive",
        problem="噪音投诉",
        cause="夜间施工",
        action="限定施工时间",
        due_date=timezone.localdate(),
    )
    assert capa.owner == dept_head_a
    with pytest.raises(NotAllowed):
        services.capa_verify(actor=dept_head_a, capa=capa, effective=True)
    with pytest.raises(Conflict):
        services.capa_verify(actor=csm, capa=capa, effective=True)
    with pytest.raises(NotAllowed):
        services.capa_done(actor=csm, capa=capa, evidence="x")
    with pytest.raises(InvalidInput):
        services.capa_done(actor=dept_head_a, capa=capa, evidence="  ")
    services.capa_done(actor=dept_head_a, capa=capa, evidence="已发布施工时间通知")
    assert capa.state == "done"
    with pytest.raises(InvalidInput):
        services.capa_verify(
            actor=csm,
            capa=capa,
            effective=False,
            comment="仍有投诉",
            new_due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    new_due = timezone.localdate() + datetime.timedelta(days=14)
    services.capa_verify(
        actor=csm, capa=capa, effective=False, comment="仍有投诉", new_due_date=new_due.isoformat()
    )
    capa.refresh_from_db()
    assert capa.state == "open" and capa.due_date == new_due and capa.times_reopened == 1
    services.capa_done(actor=dept_head_a, capa=capa, evidence="夜间施工已停止")
    services.capa_verify(actor=csm, capa=capa, effective=True, comment="两周无投诉")
    capa.refresh_from_db()
    assert capa.state == "closed" and capa.verified_by == csm
    CorrectiveAction.objects.filter(pk=capa.pk).update(
        state="open", due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    from propdesk.quality.selectors import capa_list_for_user

    assert list(capa_list_for_user(dept_head_a, overdue=True, mine=True)) == [capa]
    c = client_for(dept_head_a)
    resp = c.get(reverse("quality:capa-list") + "?overdue=1")
    assert resp.status_code == 200 and "噪音投诉" in resp.content.decode()
    assert c.get(reverse("quality:capa-detail", args=[capa.pk])).status_code == 200
    assert c.get(reverse("quality:capa-export")).status_code == 200


def test_r_cp_5_capa_pages_drive_done_and_verify(
    data, csm, eng_dept_a, dept_head_a, client_for, django_assert_max_num_queries
):
    """R-CP-5: the owner reports done and the CS manager verifies through the pages."""
    r = _report(csm, data)
    c = client_for(csm)
    c.post(
        reverse("quality:capa-new", args=[r.pk]),
        {
            "kind": "corrective",
            "department": eng_dept_a.pk,
            "problem": "漏水",
            "cause": "老化",
            "action": "更换",
            "due_date": timezone.localdate().isoformat(),
        },
    )
    capa = CorrectiveAction.objects.get()
    h = client_for(dept_head_a)
    with django_assert_max_num_queries(20):
        resp = h.get(reverse("quality:capa-detail", args=[capa.pk]))
    assert b"capa-done" in resp.content
    h.post(
        reverse("quality:capa-action", args=[capa.pk, "done"]),
        {"evidence": "已更换", "version": capa.version},
    )
    c = client_for(csm)
    capa.refresh_from_db()
    assert b"capa-verify" in c.get(reverse("quality:capa-detail", args=[capa.pk])).content
    c.post(reverse("quality:capa-action", args=[capa.pk, "verify"]), {"version": capa.version})
    capa.refresh_from_db()
    assert capa.state == "closed"
    with django_assert_max_num_queries(20):
        assert c.get(reverse("quality:capa-list")).status_code == 200
