"""Ticket list, export, ticket page and its action forms: only what this user may do now."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from PIL import Image

from propdesk.tickets import services


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, format="PNG")
    return buf.getvalue()


def _act(c, t, action, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{action}-version", t.version)
    return c.post(reverse("tickets:action", args=[t.pk, action]), data)


@pytest.mark.parametrize(
    "name",
    ["tickets:list", "tickets:export", "tickets:detail", "tickets:attach", "tickets:correct"],
)
def test_anonymous_is_sent_to_login(client, open_ticket, name):
    args = [] if name in ("tickets:list", "tickets:export") else [open_ticket().pk]
    resp = client.get(reverse(name, args=args))
    assert resp.status_code in (302, 405)
    if resp.status_code == 302:
        assert "/accounts/login/" in resp["Location"]


def test_wrong_methods_are_405(client_for, agent_a, open_ticket):
    t = open_ticket()
    c = client_for(agent_a)
    assert c.post(reverse("tickets:list")).status_code == 405
    assert c.post(reverse("tickets:detail", args=[t.pk])).status_code == 405
    assert c.get(reverse("tickets:action", args=[t.pk, "dispatch"])).status_code == 405
    assert c.get(reverse("tickets:correct", args=[t.pk])).status_code == 405


def test_other_site_is_404_for_page_action_and_files(client_for, agent_b, open_ticket):
    t = open_ticket()
    c = client_for(agent_b)
    assert c.get(reverse("tickets:detail", args=[t.pk])).status_code == 404
    assert _act(c, t, "dispatch").status_code == 404
    assert c.get(reverse("tickets:attachment", args=[t.pk, 1])).status_code == 404


def test_list_filters_by_kind_and_hides_other_site(client_for, agent_a, agent_b, open_ticket):
    repair, complaint = open_ticket(), open_ticket(kind="complaint")
    html = client_for(agent_a).get(reverse("tickets:list"), {"kind": "complaint"}).content.decode()
    assert complaint.number in html and repair.number not in html
    assert repair.number not in client_for(agent_b).get(reverse("tickets:list")).content.decode()


def test_filtering_keeps_newest_first_unless_another_order_is_chosen(client_for, agent_a):
    """The sort select shows its first option when none is chosen, and the form sends what it
    shows: that first option must be the list's own default (newest first)."""
    html = client_for(agent_a).get(reverse("tickets:list"), {"kind": "repair"}).content.decode()
    sort = html[html.index('<select name="sort"') :]
    assert sort[sort.index("<option") :].startswith('<option value="-created">')


def test_bad_sort_or_filter_does_not_500(client_for, agent_a):
    resp = client_for(agent_a).get(reverse("tickets:list"), {"sort": "password", "state": "x"})
    assert resp.status_code == 200


def test_export_has_the_filtered_rows(client_for, agent_a, open_ticket):
    repair, _complaint = open_ticket(), open_ticket(kind="complaint")
    resp = client_for(agent_a).get(reverse("tickets:export"), {"kind": "repair"})
    ws = load_workbook(io.BytesIO(resp.content)).active
    numbers = [row[0] for row in ws.iter_rows(min_row=5, values_only=True)]
    assert numbers == [repair.number]
    assert any(w in ws.cell(row=2, column=1).value for w in ("报修", "Repair"))


def test_r_ar_3_words_filter_the_list_and_its_export_with_the_other_filters(
    client_for, agent_a, agent_b, open_ticket
):
    """R-AR-3: the list's words box goes through the search index and combines with the filters;
    the export carries the same rows and names the words in its header."""
    leak = open_ticket(content="厨房水管漏水了")
    open_ticket(content="电梯异响")
    leak_complaint = open_ticket(kind="complaint", content="楼上漏水没人管")
    c = client_for(agent_a)
    html = c.get(reverse("tickets:list"), {"q": "漏水", "kind": "repair"}).content.decode()
    assert leak.number in html and leak_complaint.number not in html and "电梯异响" not in html
    resp = c.get(reverse("tickets:export"), {"q": "漏水"})
    ws = load_workbook(io.BytesIO(resp.content)).active
    numbers = {row[0] for row in ws.iter_rows(min_row=5, values_only=True)}
    assert numbers == {leak.number, leak_complaint.number}
    assert "漏水" in ws.cell(row=2, column=1).value
    other = client_for(agent_b).get(reverse("tickets:list"), {"q": "漏水"}).content.decode()
    assert leak.number not in other


def test_page_shows_only_the_actions_this_user_may_take(
    client_for, agent_a, dept_head_a, open_ticket
):
    t = open_ticket()
    html = client_for(agent_a).get(reverse("tickets:detail", args=[t.pk])).content.decode()
    assert 'id="action-dispatch"' in html and 'id="action-accept"' not in html
    assert 'name="dispatch-version"' in html
    services.ticket_dispatch(actor=agent_a, ticket=t)
    html = client_for(dept_head_a).get(reverse("tickets:detail", args=[t.pk])).content.decode()
    assert 'id="action-accept"' in html and 'id="action-dispatch"' not in html


def test_auditor_sees_the_page_without_actions(client_for, auditor, open_ticket):
    html = (
        client_for(auditor).get(reverse("tickets:detail", args=[open_ticket().pk])).content.decode()
    )
    assert "action-form" not in html


def test_dispatch_from_the_page(client_for, agent_a, open_ticket, eng_dept_a):
    t = open_ticket()
    resp = _act(client_for(agent_a), t, "dispatch", department=eng_dept_a.pk)
    assert resp.status_code == 302
    t.refresh_from_db()
    assert t.state == "dispatched"


def test_stale_version_is_refused_with_a_message(client_for, agent_a, open_ticket, eng_dept_a):
    t = open_ticket()
    resp = _act(client_for(agent_a), t, "dispatch", department=eng_dept_a.pk, version=t.version + 5)
    assert resp.status_code == 409
    with translation.override("zh-hans"):
        stale = gettext("Someone else changed this record; reload and try again.")
    assert stale in resp.content.decode()
    t.refresh_from_db()
    assert t.state == "registered"


def test_refused_action_shows_message_and_changes_nothing(client_for, agent_a, open_ticket):
    """An agent may not accept: the role refusal is shown in Chinese, the ticket is unchanged."""
    t = open_ticket()
    resp = _act(client_for(agent_a), t, "accept", assignee=agent_a.pk)
    assert resp.status_code in (400, 403, 409)
    assert "alert-danger" in resp.content.decode()
    t.refresh_from_db()
    assert t.state == "registered" and t.version == 0


def test_unknown_action_is_404(client_for, agent_a, open_ticket):
    assert _act(client_for(agent_a), open_ticket(), "delete").status_code == 404


def test_r_cp_7_close_complaint_without_cause_is_refused(client_for, agent_a, handled_ticket):
    """R-CP-7: cause, desired outcome and responsibility are asked for before a complaint closes."""
    t = handled_ticket(kind="complaint")
    c = client_for(agent_a)
    _act(c, t, "callback", outcome="reached", satisfied="yes", score="5", method="phone")
    t.refresh_from_db()
    resp = _act(c, t, "close")
    assert resp.status_code == 400 and "alert-danger" in resp.content.decode()
    t.refresh_from_db()
    assert t.state == "callback_done"
    _act(c, t, "close", cause="接头老化", desired_outcome="修好", responsibility="company")
    t.refresh_from_db()
    assert t.state == "closed"


def test_attachment_upload_and_download_through_the_ticket(
    client_for, agent_a, agent_b, open_ticket
):
    t = open_ticket()
    c = client_for(agent_a)
    photo = SimpleUploadedFile("漏水.png", _png(), content_type="image/png")
    assert c.post(reverse("tickets:attach", args=[t.pk]), {"file": photo}).status_code == 302
    key = c.get(reverse("tickets:detail", args=[t.pk])).context["attachments"][0].key
    resp = c.get(reverse("tickets:attachment", args=[t.pk, key]))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    other = client_for(agent_b).get(reverse("tickets:attachment", args=[t.pk, key]))
    assert other.status_code == 404


def test_attachment_of_wrong_type_is_refused(client_for, agent_a, open_ticket):
    t = open_ticket()
    fake = SimpleUploadedFile("x.png", b"<script>", content_type="image/png")
    resp = client_for(agent_a).post(
        reverse("tickets:attach", args=[t.pk]), {"file": fake}, follow=True
    )
    assert "PDF" in resp.content.decode()
    assert not resp.context["attachments"]


def test_r_fm_6_correction_keeps_the_old_value_visible(client_for, lead_a, agent_a, open_ticket):
    """R-FM-6: a supervisor's correction shows old → new with the reason."""
    t = open_ticket(title="厨房漏水")
    data = {"field": "title", "new_value": "卫生间漏水", "reason": "登记错误"}
    assert (
        client_for(agent_a).post(reverse("tickets:correct", args=[t.pk]), data).status_code == 403
    )
    resp = client_for(lead_a).post(reverse("tickets:correct", args=[t.pk]), data, follow=True)
    html = resp.content.decode()
    assert "<del>厨房漏水</del>" in html and "卫生间漏水" in html and "登记错误" in html


def test_home_shows_ticket_counts_by_role(client_for, agent_a, dept_head_a, handled_ticket):
    handled_ticket()
    ctx = client_for(agent_a).get("/").context
    assert ctx["awaiting_callback"] == 1 and ctx["my_open_tickets"] == 1
    assert "department_queue" in client_for(dept_head_a).get("/").context


def test_large_export_runs_in_the_background_with_the_list_filters(
    client_for, agent_a, open_ticket, settings, django_capture_on_commit_callbacks
):
    """Issue 5: a list export over the inline limit becomes an export job, keeping the filters."""
    from propdesk.core.models import ExportJob

    settings.PROPDESK_EXPORT_INLINE_MAX = 1
    open_ticket(kind="repair")
    open_ticket(kind="repair")
    open_ticket(kind="complaint")
    resp = client_for(agent_a).get(reverse("tickets:export"), {"kind": "repair"})
    job = ExportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "core:export-status", args=[job.pk]
    )
    assert (job.owner, job.kind, job.filters["kind"], job.rows_total) == (
        agent_a,
        "tickets",
        "repair",
        2,
    )


def test_many_sites_offer_department_and_assignee_filters_once_a_site_is_chosen(
    client_for, gm, site_a
):
    """A company-wide user would get hundreds of departments and staff in the filter lists."""
    from tests.factories import SiteFactory

    for _ in range(6):
        SiteFactory()
    c = client_for(gm)
    html = c.get(reverse("tickets:list")).content.decode()
    assert 'name="assignee"' not in html and 'name="department"' not in html
    c.post(reverse("site-switch"), {"site_id": site_a.pk})
    html = c.get(reverse("tickets:list")).content.decode()
    assert 'name="assignee"' in html and 'name="department"' in html


def test_page_overtaken_by_a_colleague_says_reload_not_the_state(
    client_for, agent_a, open_ticket, eng_dept_a
):
    """The page showed 派单; meanwhile someone dispatched it: the refusal says 此记录已被他人更新."""
    t = open_ticket()
    seen = t.version
    services.ticket_dispatch(actor=agent_a, ticket=t)
    resp = _act(client_for(agent_a), t, "dispatch", department=eng_dept_a.pk, version=seen)
    html = resp.content.decode()
    assert resp.status_code == 409 and "此记录已被他人更新，请刷新后重试。" in html
    assert "dispatched" not in html.split("<main", 1)[1]
