"""I1: the XSS corpus in a real browser.

252 payloads (42 base payloads × 6 contexts: attribute breakers, `javascript:` and `data:` URLs,
markdown links, SVG/onload, full-width ＜script＞, htmx attributes, template injection such as
`{{7*7}}`) are written through the API into every free-text field the product accepts: contacts
and tickets, duty-log entries, handovers and their questions, parcels, visitor look-ups, promises,
incidents and their notes, renovations, worker passes and inspections, goods releases, documents,
form templates, meeting series, agendas, minutes, decisions and actions. Residents' names come in
through the directory (its import is a spreadsheet form; the test writes them as the import does,
through the model). Long fields carry many payloads each, short ones one, cycling through the
corpus so that every payload is stored somewhere.

Then headless Chromium visits every page that shows them (lists, details, HTML prints and cards,
search results, the boards and the home dashboard) as the people who may see them, and checks on
each page: no `dialog` event, the `window.__xss` sentinel the payloads call never called, no
`securitypolicyviolation` event and no CSP error in the console, no `XSS49` (template evaluated).
The pages that answer PDF or Excel (worker-pass cards, release slips, document and form
prints, registers) are covered by I6. About 60 page loads in all.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from propdesk.people.models import Resident
from tests.business_records import desk_with_shifts
from tests.factories import DepartmentFactory, make_user, resident_in

from .conftest import signed_in_page
from .xss_corpus import Feeder, corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALID_ID = "11010519491231002X"

SENTINEL = """
window.__xssHits = [];
window.__cspHits = [];
window.__xss = function (n) { window.__xssHits.push(String(n)); };
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspHits.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
}, true);
"""


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


def write_everything(feed: Feeder, people: dict) -> dict:
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

    # Contacts and tickets.
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

    # Front desk: duty log, handover and its question, parcels, visitor look-ups.
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

    # Promises and incidents.
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

    # Passes: a renovation (approved), a worker pass, an inspection, goods releases.
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

    # Records: documents and form templates.
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

    # Meetings: a series, its meeting held, agenda, minutes, decisions, actions.
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
    return ids


def pages(ids: dict) -> list[tuple[str, str]]:
    """(viewer, path) for every page that shows the records written above."""
    t0, t1 = ids["tickets"]
    c0 = ids["contacts"][0]
    return [
        ("agent", "/"),
        ("agent", "/tickets/"),
        ("agent", f"/tickets/{t0}/"),
        ("agent", f"/tickets/{t1}/"),
        ("agent", "/tickets/contacts/"),
        ("agent", f"/tickets/contacts/{c0}/"),
        ("agent", "/tickets/callbacks/"),
        ("lead", "/tickets/escalations/"),
        ("agent", "/tickets/intake/"),
        ("head", "/tickets/queue/"),
        ("head", f"/tickets/{t0}/"),
        ("head", "/"),
        ("agent", "/desk/"),
        ("agent", "/desk/duty-logs/"),
        ("agent", f"/desk/duty-logs/{ids['duty_log']}/"),
        ("agent", "/desk/handovers/"),
        ("agent", f"/desk/handovers/{ids['handover']}/"),
        ("agent2", f"/desk/handovers/{ids['handover']}/"),
        ("agent", "/desk/mail/"),
        ("agent", f"/desk/mail/{ids['parcels'][0]}/"),
        ("lead", "/desk/lookup/log/"),
        ("lead", "/desk/review/"),
        ("lead", "/desk/leave/"),
        ("agent", "/service/promises/"),
        ("agent", f"/service/promises/{ids['promises'][0]}/"),
        ("agent", f"/service/promises/{ids['promises'][1]}/"),
        ("agent", "/service/incidents/"),
        ("agent", f"/service/incidents/{ids['incidents'][0]}/"),
        ("agent", f"/service/incidents/{ids['incidents'][1]}/"),
        ("lead", "/service/board/"),
        ("csm", "/service/board/manager/"),
        ("pcm", "/service/board/major/"),
        ("lead", "/service/promises/report/"),
        ("agent", "/passes/"),
        ("agent", f"/passes/renovations/{ids['renovation']}/"),
        ("agent", "/passes/worker-passes/"),
        ("agent", f"/passes/worker-passes/{ids['pass']}/"),
        ("agent", "/passes/releases/"),
        ("agent", f"/passes/releases/{ids['releases'][0]}/"),
        ("agent", f"/passes/releases/{ids['releases'][1]}/"),
        ("guard", "/passes/gate/"),
        ("csm", "/records/"),
        ("csm", f"/records/documents/{ids['documents'][0]}/"),
        ("csm", f"/records/documents/{ids['documents'][1]}/"),
        ("csm", f"/records/documents/{ids['documents'][0]}/edit/"),
        ("csm", "/records/forms/"),
        ("csm", f"/records/forms/{ids['template']}/"),
        ("csm", "/records/review/"),
        ("csm", "/records/awaiting/"),
        ("pcm", "/meetings/"),
        ("pcm", "/meetings/list/"),
        ("pcm", f"/meetings/series/{ids['series']}/"),
        ("pcm", f"/meetings/{ids['meeting']}/"),
        ("head", "/meetings/actions/"),
        ("lead", "/people/directory/"),
        ("lead", f"/people/residents/{ids['resident']}/"),
        ("lead", f"/people/units/{ids['unit']}/"),
        ("agent", "/notifications/"),
        ("pcm", "/notifications/"),
        ("agent", "/search/?q=xss"),
        ("agent", "/search/?q=script"),
        ("csm", "/search/?q=__xss"),
    ]


@pytest.fixture
def people(site_a, unit_a, eng_dept_a, dept_head_a):
    security = DepartmentFactory(site=site_a, kind="security", name="秩序部")
    return {
        "site": site_a,
        "unit": unit_a,
        "eng": eng_dept_a,
        "head": dept_head_a,
        "agent": make_user("agent", site_a, username="xss_agent"),
        "agent2": make_user("agent", site_a, username="xss_agent2"),
        "lead": make_user("supervisor", site_a, username="xss_lead"),
        "csm": make_user("cs_manager", site_a, username="xss_csm"),
        "pcm": make_user("centre_manager", site_a, username="xss_pcm"),
        "guard": make_user("dept_staff", site_a, department=security, username="xss_guard"),
    }


def test_I1_xss_corpus_runs_nowhere_in_the_browser(browser, live_server, people):
    payloads = corpus()
    assert len(payloads) >= 200
    feed = Feeder(payloads)
    ids = write_everything(feed, people)
    ids["unit"] = people["unit"].pk
    assert len(feed.used) == len(payloads), "some payloads were not written anywhere"
    assert Resident.objects.filter(name__contains="__xss").count() == 3

    browsers, problems, shown = {}, [], 0
    for viewer, path in pages(ids):
        if viewer not in browsers:
            pg = signed_in_page(browser, live_server, people[viewer])
            pg.context.add_init_script(SENTINEL)
            seen = {"dialogs": [], "console": []}
            pg.on("dialog", lambda d, seen=seen: (seen["dialogs"].append(d.message), d.dismiss()))
            pg.on(
                "console",
                lambda m, seen=seen: (
                    seen["console"].append(m.text)
                    if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
                    else None
                ),
            )
            browsers[viewer] = (pg, seen)
        pg, seen = browsers[viewer]
        before = (len(seen["dialogs"]), len(seen["console"]))
        try:
            resp = pg.goto(path)
        except Exception as exc:  # a download, or an error answer without a page
            problems.append((viewer, path, {"goto": str(exc).splitlines()[0]}))
            continue
        if resp is None or resp.status != 200:
            problems.append((viewer, path, {"status": resp and resp.status}))
            continue
        ctype = resp.headers.get("content-type", "")
        if not ctype.startswith("text/html"):
            continue  # a PDF or a download: I6 reads those
        pg.wait_for_load_state("load")
        pg.wait_for_timeout(150)  # let htmx triggers and lazy handlers fire
        state = pg.evaluate("[window.__xssHits || [], window.__cspHits || []]")
        html = pg.content()
        shown += html.count("__xss(")
        found = {
            "dialogs": seen["dialogs"][before[0] :],
            "sentinel": state[0],
            "csp": state[1],
            "console": seen["console"][before[1] :],
            "template": [m for m in ("XSS49", "XSS$49", "#49") if m in html],
        }
        if any(found.values()):
            problems.append((viewer, path, found))
    control = _control_detects(*browsers["agent"], live_server)
    for pg, _seen in browsers.values():
        pg.context.close()
    assert not problems, "\n".join(map(repr, problems))
    assert shown >= len(payloads), shown  # the payloads were really on the pages, as text
    assert control == {"sentinel": True, "dialog": True, "csp": True}, control


def _control_detects(pg, seen, live_server) -> dict:
    """The watchers would have seen a payload run: the same payloads served unescaped, once
    without a CSP (they run: sentinel and dialog) and once under the product's CSP (blocked and
    reported as a violation)."""
    from django.conf import settings

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    csp = "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())
    body = "<!doctype html><img src=x onerror=__xss(0)><svg onload=alert(0)>"
    served = {"open": {}, "csp": {"Content-Security-Policy": csp}}

    def fulfil(route):
        kind = route.request.url.rsplit("/", 2)[-2]
        route.fulfill(status=200, content_type="text/html", body=body, headers=served[kind])

    pg.route("**/__probe__/*/", fulfil)
    before = len(seen["dialogs"])
    pg.goto(f"{live_server.url}/__probe__/open/")
    pg.wait_for_timeout(150)
    ran = pg.evaluate("window.__xssHits")
    pg.goto(f"{live_server.url}/__probe__/csp/")
    pg.wait_for_timeout(150)
    blocked = pg.evaluate("[window.__xssHits, window.__cspHits]")
    return {
        "sentinel": ran == ["0"] and blocked[0] == [],
        "dialog": len(seen["dialogs"]) > before,
        "csp": bool(blocked[1]),
    }
