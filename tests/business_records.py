"""One business record of every kind at a site, made through the services (access tests A3, admin).

A new app adds its records here (and its rows to the tables of the tests that use them), so the
access tests cover it on the day it joins.
"""

import io
from dataclasses import dataclass, field
from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from propdesk.frontdesk import services as desk
from propdesk.orgs.models import Shift
from propdesk.service import services as service
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Category
from tests.factories import DepartmentFactory, DeskFactory, make_user, resident_in


def png_bytes(size=(4, 4)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def png_upload(name="photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def desk_with_shifts(site, name="前台"):
    d = DeskFactory(site=site, name=name)
    for order, (label, start, end) in enumerate(
        [("早班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))]
    ):
        Shift.objects.create(desk=d, name=label, start=start, end=end, sort_order=order)
    return d


@dataclass
class SiteRecords:
    """The people and one record of each kind of one site."""

    site: object
    agent: object
    agent2: object
    lead: object
    unit: object
    resident: object
    items: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.items[key]


def records_at(site, unit, resident=None, *, tag="A") -> SiteRecords:
    """Contact, ticket (+ photo), duty log (+ entry), handover (+ question), parcel (+ photo),
    leave of post, spot check, visitor lookup, promise, incident, renovation (+ patrol photo),
    goods release and document (+ file) of `site`."""
    agent, agent2, lead = (make_user(r, site) for r in ("agent", "agent", "supervisor"))
    resident = resident or resident_in(unit, name=f"住户{tag}", phone=f"1370000000{ord(tag) % 10}")
    DepartmentFactory(site=site, kind="engineering", name="工程部")
    r = SiteRecords(site, agent, agent2, lead, unit, resident)
    i = r.items
    i["contact"] = tickets.contact_register(
        actor=agent,
        site=site,
        channel="phone",
        kind="inquiry",
        content="询问停水",
        resident=resident,
    )
    source = tickets.contact_register(
        actor=agent,
        site=site,
        channel="phone",
        kind="repair",
        content="厨房漏水",
        resident=resident,
        unit=unit,
    )
    category = Category.objects.filter(kind="repair").first()
    i["ticket"] = tickets.ticket_open(
        actor=agent, contact=source, kind="repair", category=category, title="厨房漏水"
    )
    i["ticket_attachment"] = tickets.ticket_attach(
        actor=agent, ticket=i["ticket"], upload=png_upload()
    )
    d = desk_with_shifts(site)
    i["desk"] = d
    i["entry"] = desk.duty_entry_add(actor=agent, desk=d, content="巡查大堂")
    i["duty_log"] = i["entry"].log
    h = desk.handover_open(actor=agent, desk=d, summary="平稳", incoming=agent2)
    i["handover"] = h
    i["handover_check"] = h.checks.first()
    for c in h.checks.all():
        desk.handover_check_set(actor=agent, handover=h, code=c.code, result="pass")
    desk.handover_submit(actor=agent, handover=h)
    i["question"] = desk.handover_ask(actor=agent2, handover=h, question="钥匙在哪")
    i["mail"] = desk.mail_register(
        actor=agent, site_id=site.pk, unit=unit, resident=resident, photo=png_upload("parcel.png")
    )
    from propdesk.core.attachments import attachment_list_for

    i["mail_photo"] = attachment_list_for(i["mail"]).first()
    i["leave"] = desk.leave_request(actor=agent, desk=d, replacement=agent2, reason="如厕")
    from propdesk.frontdesk.checklists import checklist_for_desk

    met = {code: ("met", "") for code, _label in checklist_for_desk(kind="conduct", desk_id=d.pk)}
    i["spot_check"] = desk.spot_check_record(actor=lead, desk=d, agent=agent, results=met)
    desk.visitor_lookup(actor=agent, site_id=site.pk, name=resident.name, question="找人")
    from propdesk.frontdesk.models import VisitorLookup

    i["lookup"] = VisitorLookup.objects.filter(site=site).latest("pk")
    i["promise"] = service.promise_make(
        actor=agent,
        subject="回电告知停水时间",
        due_at=timezone.now() + timedelta(hours=2),
        owner=agent,
        contact=i["contact"],
    )
    i["incident"] = service.incident_report(
        actor=agent, site=site, title="大堂积水", location="大堂", severity="minor"
    )
    _passes_and_documents(r, site, unit, tag)
    _archives(r, site, unit, tag)
    return r


def _passes_and_documents(r, site, unit, tag) -> None:
    """A renovation with a patrol photo, a goods release, and a document with a file."""
    from propdesk.core.attachments import attachment_list_for
    from propdesk.passes import services as passes
    from propdesk.records import services as records
    from tests.passes.conftest import release_for, renovation_for

    i = r.items
    owner = resident_in(unit, name=f"业主{tag}", phone=f"1390000000{ord(tag) % 10}")
    today = timezone.localdate()
    i["renovation"] = renovation_for(r.agent, unit, owner)
    passes.renovation_approve(actor=r.lead, renovation=i["renovation"])
    i["inspection"] = passes.renovation_inspect(
        actor=r.agent,
        renovation=i["renovation"],
        day=today,
        inspector="巡查员",
        result="ok",
        photo=png_upload("patrol.png"),
    )
    i["inspection_photo"] = attachment_list_for(i["inspection"]).first()
    i["release"] = release_for(r.agent, unit)
    manager = make_user("cs_manager", site)
    i["document"] = records.document_create(
        actor=manager,
        kind="notice",
        sites=[site],
        title="关于加强值班的通知",
        issuing_body="物业总经理办公室",
        body="各部门须安排值班。",
    )
    i["document_file"] = records.document_attach(
        actor=manager, document=i["document"], upload=png_upload("notice.png")
    )
    records.document_issue(actor=manager, document=i["document"])


def _archives(r, site, unit, tag) -> None:
    """An owner file filed by the archivist, with a PDF."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass

    archivist = make_user("archivist")
    i = r.items
    i["archive_record"] = archives.record_create(
        actor=archivist,
        archive_class=ArchiveClass.objects.get(code="yz"),
        site=site,
        unit_code=unit.code,
        title=f"业主档案{tag}",
        box=f"YZ-{tag}",
    )
    i["archive_file"] = archives.record_attach(
        actor=archivist,
        record=i["archive_record"],
        upload=SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
