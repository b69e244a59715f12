"""I6 over every app: user text that starts with `= + - @ \\t \\r` and bodies carrying reportlab
markup (`<img src="/etc/passwd"/>`, `<a href="javascript:…">`, `<font>`) in every free-text field
(written through the API, tests/hostile_records.py), then every Excel export and every PDF print of
tickets, the desk registers, passes (registers, worker-pass cards, authorisations), records,
meetings and archives (ledger, inspection report, destruction record, transfer list) is fetched and read back:

- openpyxl: 0 formula cells; the formula-leading user values are there, as text;
- pypdf: the markup appears as literal text;
- while each PDF is built (second request: the first loads lazy modules and catalogues) an audit
  hook records every `open`: only reportlab's own files, the product's templates and static
  files, and the stored files the print shows on purpose (the company logo, the worker's photo,
  both under MEDIA_ROOT) are opened; never /etc/passwd or any other path from user text.

The single-app checks stay in test_printing.py, test_exporting.py and test_export_hostile.py.
"""

import sys
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
import reportlab
from django.conf import settings
from openpyxl import load_workbook

from tests.hostile_records import hostile_people, write_everything

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
# 89 characters: fits the 100-character fields (a company, a title) as well as the long ones.
MARKUP = (
    '<img src="/etc/passwd"/><a href="javascript:alert(1)">点</a><font size="40">字</font>&amp;'
)

_opened: list | None = None


def _audit(event, args):
    if event == "open" and _opened is not None and args and isinstance(args[0], str | bytes):
        path = args[0] if isinstance(args[0], str) else args[0].decode(errors="replace")
        _opened.append(path)


sys.addaudithook(_audit)


class HostileFeed:
    """Every field starts with a formula character (in turn); long fields carry the markup."""

    def __init__(self):
        self.n = 0

    def _prefix(self) -> str:
        self.n += 1
        return PREFIXES[self.n % len(PREFIXES)]

    def one(self, limit: int) -> str:
        return (self._prefix() + 'SUM(1+1)*cmd|"/C calc"!A0')[:limit]

    def take(self, limit: int) -> str:
        text = self._prefix() + MARKUP
        return text if len(text) <= limit else self.one(limit)


@pytest.fixture
def written(settings, site_a, unit_a, eng_dept_a, dept_head_a):
    people = hostile_people(site_a, unit_a, eng_dept_a, dept_head_a)
    ids = write_everything(HostileFeed(), people)
    _approve_release(people, ids)
    return people, ids


def _approve_release(people, ids):
    """The first goods release through phone consent to approval, so its slip prints."""
    from propdesk.people.models import Resident
    from tests.hostile_records import Writer

    owner = Resident.objects.get(pk=ids["resident"])
    agent, lead = Writer(people["agent"]), Writer(people["lead"])
    g = agent.get(f"releases/{ids['releases'][0]}")
    g = agent.post(
        f"releases/{g['id']}/consent-phone", {"phone": owner.phone, "version": g["version"]}
    )
    g = lead.post(f"releases/{g['id']}/consent-confirm", {"version": g["version"]})
    lead.post(f"releases/{g['id']}/approve", {"arrears_checked": True, "version": g["version"]})


def _exports(ids) -> list[tuple[str, str]]:
    return [
        ("agent", "/tickets/export/"),
        ("agent", "/tickets/contacts/export/"),
        ("agent", "/desk/duty-logs/export/"),
        ("agent", "/desk/mail/export/"),
        ("agent", "/passes/renovations/export/"),
        ("agent", "/passes/worker-passes/export/"),
        ("agent", "/passes/releases/export/"),
        ("csm", "/records/export/"),
        ("csm", "/records/awaiting/export/"),
        ("csm", "/records/review/export/"),
        ("csm", f"/records/documents/{ids['documents'][0]}/signers/export/"),
        ("csm", "/records/forms/export/"),
        ("csm", "/records/retention/export/"),
        ("pcm", "/meetings/list/export/"),
        ("pcm", "/meetings/series/export/"),
        ("pcm", "/meetings/actions/export/"),
        ("lead", "/people/directory/export/"),
    ]


def _prints(ids) -> list[tuple[str, str]]:
    return [
        ("agent", f"/tickets/{ids['tickets'][0]}/print/"),
        ("agent", f"/tickets/{ids['tickets'][1]}/print/"),
        ("agent", "/tickets/contacts/print/"),
        ("agent", "/desk/duty-logs/print/"),
        ("agent", "/desk/mail/print/"),
        ("agent", "/passes/renovations/print/"),
        ("agent", "/passes/worker-passes/print/"),
        ("agent", f"/passes/worker-passes/{ids['pass']}/card/"),
        ("agent", "/passes/releases/print/"),
        ("agent", f"/passes/releases/{ids['releases'][0]}/slip/"),
        ("csm", f"/records/documents/{ids['documents'][0]}/print/"),
        ("csm", f"/records/documents/{ids['documents'][1]}/print/"),
        ("csm", f"/records/forms/{ids['template']}/cover/"),
        ("pcm", f"/meetings/{ids['meeting']}/print/"),
        ("csm", "/archives/ledger/"),
        ("csm", f"/archives/inspections/{ids['archive_round']}/print/"),
        ("csm", f"/archives/destruction/{ids['archive_batch']}/print/"),
        ("archivist", f"/archives/transfers/{ids['archive_transfer']}/print/"),
    ]


def _get(client, people, viewer, path):
    client.force_login(people[viewer])
    resp = client.get(path, follow=True)
    assert resp.status_code == 200, (viewer, path, resp.status_code, resp.get("Location"))
    return resp


def _body(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def test_I6_no_export_of_any_app_holds_a_formula_from_user_data(client, written):
    people, ids = written
    problems, user_values, shown = [], 0, {}
    for viewer, path in _exports(ids):
        resp = _get(client, people, viewer, path)
        mine = 0
        wb = load_workbook(BytesIO(_body(resp)))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        problems.append((path, ws.title, cell.coordinate, cell.value))
                    value = cell.value
                    if isinstance(value, str) and ("SUM(1+1)" in value or "/etc/passwd" in value):
                        user_values += 1
                        mine += 1
                        if value[:1] == "=" and not cell.quotePrefix:
                            problems.append((path, cell.coordinate, "no quote prefix", value))
        shown[path] = mine
    assert not problems, problems
    # The user values were exported, as text. Four registers hold no free text of these records:
    # signatures awaited and reviews due (none yet for a draft), the signers of a draft, and the
    # retention periods of the forms.
    assert [p for p, n in shown.items() if n == 0] == [
        "/records/awaiting/export/",
        "/records/review/export/",
        f"/records/documents/{ids['documents'][0]}/signers/export/",
        "/records/retention/export/",
    ], shown


def test_I6_every_print_shows_markup_as_text_and_opens_no_file_from_it(client, written):
    global _opened
    people, ids = written
    allowed = [
        str(Path(reportlab.__file__).parent),
        str(Path(settings.MEDIA_ROOT)),
        *(str(Path(d)) for d in settings.TEMPLATES[0]["DIRS"]),
        *(
            str(Path(d[1] if isinstance(d, tuple | list) else d))
            for d in getattr(settings, "STATICFILES_DIRS", [])
        ),
    ]
    problems, seen_text = [], []
    for viewer, path in _prints(ids):
        _get(client, people, viewer, path)  # warm-up: lazy imports, catalogues, font maps
        _opened = []
        try:
            resp = _get(client, people, viewer, path)
            opened, _opened = _opened, None
        finally:
            _opened = None
        body = _body(resp)
        assert body[:5] == b"%PDF-", (path, resp["Content-Type"])
        text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(body)).pages)
        flat = "".join(text.split())
        if "/etc/passwd" not in flat and "SUM(1+1)" not in flat:
            problems.append((path, "user text not found"))
        seen_text.append(flat)
        if "/etc/passwd" in flat and '<imgsrc="/etc/passwd"/>' not in flat:
            problems.append((path, "markup not literal"))
        for page in pypdf.PdfReader(BytesIO(body)).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A") or {}
                if "javascript" in str(action.get("/URI", "")).lower() or action.get("/JS"):
                    problems.append((path, "link annotation", str(action)))
        stray = [
            f
            for f in opened
            if not any(f.startswith(a) for a in allowed) and not f.endswith((".py", ".pyc"))
        ]
        if stray or any("passwd" in f for f in opened):
            problems.append((path, "opened", stray))
    # Each piece of markup is printed literally somewhere (a card cuts long text to fit, so not
    # every print shows all of it).
    literal = (
        '<imgsrc="/etc/passwd"/>',
        '<ahref="javascript:alert(1)">',
        '<fontsize="40">',
        "&amp;",
    )
    assert [m for m in literal if not any(m in t for t in seen_text)] == []
    # Each piece of markup is printed literally somewhere (a card cuts long text to fit, so not
    # every print shows all of it).
    literal = (
        '<imgsrc="/etc/passwd"/>',
        '<ahref="javascript:alert(1)">',
        '<fontsize="40">',
        "&amp;",
    )
    assert [m for m in literal if not any(m in t for t in seen_text)] == []
    assert not problems, problems
