"""Hostile text in every free-text field the product accepts, written through the API as the
people who may write it (SECURITY.md I1 and I6 share it).

`write_everything(feed, people)` asks `feed.take(limit)` for a long field's text and
`feed.one(limit)` for a short field's, so each test decides what goes in: the XSS corpus (I1) or
formula-leading and reportlab-markup text (I6). A new app adds its fields here.
"""

import io
import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.business_records import desk_with_shifts
from tests.factories import DepartmentFactory, make_user, resident_in

VALID_ID = "11010519491231002X"


def hostile_people(site, unit, eng, head) -> dict:
    """The writers and readers of site A."""
    security = DepartmentFactory(site=site, kind="security", name="秩序部")
    return {
        "site": site,
        "unit": unit,
        "eng": eng,
        "head": head,
        "agent": make_user("agent", site, username="xss_agent"),
        "agent2": make_user("agent", site, username="xss_agent2"),
        "lead": make_user("supervisor", site, username="xss_lead"),
        "csm": make_user("cs_manager", site, username="xss_csm", is_staff=True),
        "pcm": make_user("centre_manager", site, username="xss_pcm"),
        "guard": make_user("dept_staff", site, department=security, username="xss_guard"),
        "archivist": make_user("archivist", username="xss_archivist"),
    }


def _jpeg() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 180, 160)).save(buf, "JPEG")
    return SimpleUploadedFile("worker.jpg", buf.getvalue(), content_type="image/jpeg")


class Writer:
    """Writes through the API as one user; every answer must be a success."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)

    def post(self, url, body=None, *, form=False):
        if form:
            resp = self.client.post(f"/api/v1/{url}", body or {})
        else:
            resp = self.client.post(
                f"/api/v1/{url}", json.dumps(body or {}), content_type="application/json"
            )
        assert resp.status_code in (200, 201), (url, resp.status_code, resp.content[:600])
        return resp.json()

    def get(self, url):
        resp = self.client.get(f"/api/v1/{url}")
        assert resp.status_code == 200, (url, resp.status_code, resp.content[:300])
        return resp.json()


def _write_tickets(feed, ids: dict, ctx) -> None:
    """Contacts and tickets."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    for kind in ("inquiry", "suggestion"):
        c = a.post(
            "contacts/",
            {
                "channel": "phone",
                "kind": kind,
                "content": feed.take(4000),
                "caller_name": feed.one(50),
                "location": feed.take(100),
                "desired_outcome": feed.take(1000),
                "resident": owner.pk,
                "unit": unit.pk,
            },
        )
        ids.setdefault("contacts", []).append(c["id"])
    for kind, category, dispatch in (("repair", "plumbing", True), ("complaint", "repair", False)):
        t = a.post(
            "tickets/",
            {
                "kind": kind,
                "category": category,
                "title": feed.take(100),
                "content": feed.take(4000),
                "description": feed.take(4000),
                "caller_name": feed.one(50),
                "location": feed.take(100),
                "desired_outcome": feed.take(1000),
                "resident": owner.pk,
                "unit": unit.pk,
                **({"department": eng.pk, "dispatch": True} if dispatch else {}),
            },
        )
        ids.setdefault("tickets", []).append(t["id"])
    t = a.get(f"tickets/{ids['tickets'][0]}")
    a.post(f"tickets/{t['id']}/urge", {"note": feed.take(1000), "version": t["version"]})
    head_w = Writer(head)
    t = head_w.post(
        f"tickets/{t['id']}/accept",
        {
            "note": feed.take(2000),
            "assignee": head.pk,
            "version": a.get(f"tickets/{t['id']}")["version"],
        },
    )
    t = head_w.post(f"tickets/{t['id']}/start", {"note": feed.take(300), "version": t["version"]})
    head_w.post(f"tickets/{t['id']}/handle", {"result": feed.take(4000), "version": t["version"]})
    t = a.get(f"tickets/{ids['tickets'][1]}")
    lead_w.post(
        f"tickets/{t['id']}/correct",
        {
            "field": "description",
            "new_value": feed.take(4000),
            "reason": feed.take(300),
            "version": t["version"],
        },
    )
    t = a.get(f"tickets/{t['id']}")
    csm_w.post(f"tickets/{t['id']}/flag_major", {"reason": feed.take(300), "version": t["version"]})


def _write_desk(feed, ids: dict, ctx) -> None:
    """Front desk: duty log, handover and its question, parcels, visitor look-ups."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    desk = desk_with_shifts(site)
    ids["desk"] = desk.pk
    a.post(f"desk/desks/{desk.pk}/take")
    for _ in range(2):
        e = a.post(
            "desk/duty-log-entries/",
            {
                "desk_id": desk.pk,
                "content": feed.take(2000),
                "action": feed.take(300),
                "reference": feed.one(40),
                "unit_id": unit.pk,
            },
        )
    from propdesk.frontdesk.models import DutyLogEntry

    ids["duty_log"] = DutyLogEntry.objects.get(pk=e["id"]).log_id
    h = a.post(
        "desk/handovers/",
        {"desk_id": desk.pk, "summary": feed.take(4000), "incoming_id": agent2.pk},
    )
    ids["handover"] = h["id"]
    for check in h["checks"]:
        h = a.post(
            f"desk/handovers/{h['id']}/check",
            {"code": check["code"], "result": "pass", "remark": feed.take(300)},
        )
    h = a.post(f"desk/handovers/{h['id']}/submit", {"version": h["version"]})
    q = Writer(agent2).post(f"desk/handovers/{h['id']}/ask", {"text": feed.take(1000)})
    a.post(f"desk/handovers/{h['id']}/questions/{q['id']}/answer", {"text": feed.take(2000)})
    for _ in range(2):
        p = a.post(
            "desk/parcels/",
            {
                "unit_id": unit.pk,
                "resident_id": owner.pk,
                "carrier": feed.one(40),
                "tracking_no": feed.one(60),
                "shelf": "B-3",
            },
        )
        ids.setdefault("parcels", []).append(p["id"])
    a.post(
        "desk/leave-requests/",
        {"desk_id": desk.pk, "replacement_id": agent2.pk, "reason": feed.take(200)},
    )
    for _ in range(2):
        a.post(
            "desk/visitor-lookups",
            {
                "site_id": site.pk,
                "name": owner.name,
                "question": feed.take(200),
                "visitor": feed.one(50),
            },
        )


def _write_service(feed, ids: dict, ctx) -> None:
    """Promises and incidents."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    for _ in range(2):
        pr = a.post(
            "promises/",
            {
                "subject": feed.take(1000),
                "due_at": (timezone.now() + timedelta(hours=3)).isoformat(),
                "owner": agent.pk,
                "contact": ids["contacts"][0],
                "to_name": feed.one(50),
            },
        )
        ids.setdefault("promises", []).append(pr["id"])
    for _ in range(2):
        inc = a.post(
            "incidents/",
            {
                "title": feed.take(100),
                "location": feed.take(100),
                "severity": "minor",
                "site": site.pk,
                "description": feed.take(4000),
            },
        )
        ids.setdefault("incidents", []).append(inc["id"])
    a.post(f"incidents/{ids['incidents'][0]}/note", {"text": feed.take(2000)})
    inc = a.get(f"incidents/{ids['incidents'][1]}")
    inc = lead_w.post(f"incidents/{inc['id']}/take", {"version": inc["version"]})
    lead_w.post(
        f"incidents/{inc['id']}/close", {"result": feed.take(4000), "version": inc["version"]}
    )
    pr = a.get(f"promises/{ids['promises'][1]}")
    a.post(
        f"promises/{pr['id']}/keep",
        {"channel": "phone", "text": feed.take(4000), "version": pr["version"]},
    )


def _write_passes(feed, ids: dict, ctx) -> None:
    """Passes: a renovation (approved), a worker pass, an inspection, goods releases."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    r = a.post(
        "renovations/",
        {
            "unit": unit.pk,
            "owner": owner.pk,
            "applicant_name": feed.one(50),
            "applicant_phone": "13812345678",
            "company": feed.take(100),
            "lead_name": feed.one(50),
            "lead_phone": "13911112222",
            "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=30)).isoformat(),
            "deposit": "2000",
            "scope": feed.take(2000),
            "refund_account_name": feed.one(50),
            "refund_bank": feed.one(60),
        },
    )
    ids["renovation"] = r["id"]
    r = lead_w.post(
        f"renovations/{r['id']}/approve", {"note": feed.take(300), "version": r["version"]}
    )
    wp = a.post(
        f"renovations/{r['id']}/passes",
        {
            "name": feed.one(50),
            "phone": "13700001111",
            "id_number": VALID_ID,
            "company": feed.take(100),
            "trade": feed.one(30),
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=10)).isoformat(),
            "photo": _jpeg(),
        },
        form=True,
    )
    ids["pass"] = wp["id"]
    r = a.get(f"renovations/{r['id']}")
    a.post(
        f"renovations/{r['id']}/inspections",
        {
            "day": today.isoformat(),
            "inspector": feed.one(50),
            "result": "ok",
            "notes": feed.take(500),
            "version": r["version"],
        },
        form=True,
    )
    for _ in range(2):
        g = a.post(
            "releases/",
            {
                "unit": unit.pk,
                "release_type": "move_out",
                "applicant_name": feed.one(50),
                "applicant_relation": "tenant",
                "applicant_company": feed.take(100),
                "pass_date": today.isoformat(),
                "items": [{"name": feed.one(60), "quantity": 2, "unit": "件"} for _ in range(3)],
            },
        )
        ids.setdefault("releases", []).append(g["id"])
    a.post(f"releases/{g['id']}/cancel", {"reason": feed.take(300), "version": g["version"]})


def _write_records(feed, ids: dict, ctx) -> None:
    """Records: documents and form templates."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    for kind in ("notice", "company_rule"):
        d = csm_w.post(
            "documents/",
            {
                "kind": kind,
                "title": feed.take(200),
                "issuing_body": feed.take(100),
                "ref_number": feed.one(60),
                "body": feed.take(20000),
                "sites": [site.pk],
            },
        )
        ids.setdefault("documents", []).append(d["id"])
    tpl = csm_w.post(
        "templates/",
        {
            "code": "xss_register",
            "name": feed.take(100),
            "name_en": feed.take(100),
            "numbering": feed.take(120),
            "change_note": feed.take(1000),
        },
    )
    ids["template"] = tpl["id"]


def _write_meetings(feed, ids: dict, ctx) -> None:
    """Meetings: a series, its meeting held, agenda, minutes, decisions, actions."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    s = pcm_w.post(
        "meetings/series/",
        {
            "site": site.pk,
            "chair": pcm.pk,
            "minute_taker": csm.pk,
            "members": [head.pk],
            "title": feed.take(100),
            "location": feed.take(100),
        },
    )
    ids["series"] = s["id"]
    from propdesk.meetings.models import Meeting

    meeting = Meeting.objects.filter(series_id=s["id"]).latest("pk")
    ids["meeting"] = meeting.pk
    m = f"meetings/{meeting.pk}"
    pcm_w.post(f"{m}/agenda", {"title": feed.take(200), "notes": feed.take(2000)})
    held = pcm_w.post(f"{m}/hold", {"version": meeting.version})
    csm_w.post(f"{m}/minutes", {"minutes": feed.take(20000), "version": held["version"]})
    csm_w.post(f"{m}/decisions", {"text": feed.take(1000)})
    csm_w.post(
        f"{m}/actions",
        {"title": feed.take(300), "owner": head.pk, "due_on": (today + timedelta(7)).isoformat()},
    )
    for user in (pcm, csm, head):
        csm_w.post(f"{m}/attendance", {"user": user.pk, "status": "present", "note": feed.one(100)})
    csm_w.post(f"{m}/submit", {"version": Meeting.objects.get(pk=meeting.pk).version})


def _write_archives(feed, ids: dict, ctx, archivist) -> None:
    """Archives: records, a quarterly round with a note, a destruction batch, a transfer list."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass, ArchiveRecord

    site, unit, agent, agent2, lead, csm, pcm, head, eng, owner, a, lead_w, csm_w, pcm_w, today = (
        ctx
    )
    w = Writer(archivist)
    made = []
    for code in ("yz", "ts"):
        r = w.post(
            "archives/records",
            {
                "archive_class": ArchiveClass.objects.get(code=code).pk,
                "site": site.pk,
                "title": feed.take(200),
                "room": feed.one(40),
                "cabinet": feed.one(40),
                "shelf": feed.one(40),
                "box": feed.one(40),
                "description": feed.take(5000),
            },
        )
        made.append(r["id"])
    rnd, _ = archives.inspection_round_open(site=site)
    for line in rnd.lines.all():
        archives.inspection_mark(
            actor=archivist, rnd=rnd, line_id=line.pk, result="damaged", note=feed.take(500)
        )
    archives.inspection_close(actor=archivist, rnd=rnd)
    ids["archive_round"] = rnd.pk
    ArchiveRecord.objects.filter(pk=made[1]).update(retention_end=today - timedelta(days=1))
    batch = archives.destruction_propose(
        actor=archivist, site=site, record_ids=[made[1]], reason=feed.take(500)
    )
    archives.destruction_approve(actor=csm, batch=batch)
    archives.destruction_approve(actor=pcm, batch=batch)
    batch.refresh_from_db()
    archives.destruction_execute(
        actor=archivist, batch=batch, method=feed.take(200), witnesses=feed.take(200)
    )
    ids["archive_batch"] = batch.pk
    successor = make_user("archivist", username="xss_archivist2")
    t = w.post(
        "archives/transfers",
        {"to_user": successor.pk, "records": [made[0]], "note": feed.take(500)},
    )
    ids["archive_transfer"] = t["id"]


def write_everything(feed, people: dict) -> dict:
    """Every free-text field of the product, filled from the corpus. Returns the records' ids."""
    site, unit, agent, agent2, lead, csm, pcm, head, eng, guard = (
        people[k]
        for k in ("site", "unit", "agent", "agent2", "lead", "csm", "pcm", "head", "eng", "guard")
    )
    ids = {}
    # Residents' names (the directory).
    residents = [resident_in(unit, name=feed.one(50), phone=f"1380000{i:04d}") for i in range(3)]
    owner = residents[0]
    ids["resident"] = owner.pk

    a, lead_w, csm_w, pcm_w = Writer(agent), Writer(lead), Writer(csm), Writer(pcm)
    today = timezone.localdate()
    ctx = (
        site,
        unit,
        agent,
        agent2,
        lead,
        csm,
        pcm,
        head,
        eng,
        owner,
        a,
        lead_w,
        csm_w,
        pcm_w,
        today,
    )
    for write in (
        _write_tickets,
        _write_desk,
        _write_service,
        _write_passes,
        _write_records,
        _write_meetings,
    ):
        write(feed, ids, ctx)
    if "archivist" in people:
        _write_archives(feed, ids, ctx, people["archivist"])
    return ids
