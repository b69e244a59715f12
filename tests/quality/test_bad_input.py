"""Bad input on the quality pages and API (R-CP-5, R-CP-6): a quarter in the future or a malformed
one gets a clear Chinese message, never a 500, and nothing is drafted or changed."""

import pytest
from django.urls import reverse

from propdesk.quality.models import AnalysisReport
from propdesk.quality.quarters import current_quarter, last_complete_quarter

FUTURE = str(current_quarter().next)
BAD = [FUTURE, "2999Q1", "2026Q5", "<script>", "Q3", "x" * 500]


@pytest.mark.parametrize("quarter", BAD)
def test_r_cp_5_analysis_page_refuses_a_future_or_bad_quarter_in_chinese(
    client_for, csm, quarter, django_assert_max_num_queries
):
    """R-CP-5: the page says why in Chinese and shows the last complete quarter instead."""
    c = client_for(csm)
    with django_assert_max_num_queries(40):
        resp = c.get(
            reverse("quality:analysis"), {"quarter": quarter}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "alert-danger" in body or "alert-error" in body
    main = body[body.index("<main") : body.index("</main>")]
    assert "季度" in main and "<script>" not in main  # the bad value is never echoed as markup
    last = last_complete_quarter()
    assert f"{last.year} 年第 {last.number} 季度" in body


def test_r_cp_5_api_analysis_refuses_a_future_quarter_in_chinese(client_for, csm):
    resp = client_for(csm).get(
        "/api/v1/quality/analysis", {"quarter": FUTURE}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert resp.status_code == 400
    data = resp.json()
    assert data["code"] == "quarter_future" and "未来的季度" in data["message"]


@pytest.mark.parametrize("quarter", [*BAD, str(current_quarter())])
def test_r_cp_6_drafting_a_report_of_a_future_open_or_bad_quarter_changes_nothing(
    client_for, csm, site_a, quarter
):
    """R-CP-6: through the page and the API, a message in Chinese; no report is drafted."""
    c = client_for(csm)
    page = c.post(
        reverse("quality:report-new"),
        {"quarter": quarter, "site": site_a.pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 200 and "季度" in page.content.decode()
    api = c.post(
        "/api/v1/quality/reports",
        {"quarter": quarter, "site": site_a.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert api.status_code in (400, 422), api.status_code
    assert not AnalysisReport.objects.exists()
