"""Demo archive records, made through the real services: owner files of site A's units (one
with its purchase contract as a PDF), a renovation file, a contract, drawings on disk, minutes,
a confidential complaint file of site B, each with its cupboard location."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from propdesk.core import printing as p
from propdesk.orgs.models import Unit
from propdesk.people.models import User

from . import services
from .models import ArchiveClass, ArchiveRecord, InspectionRound


def _pdf(title: str, text: str) -> SimpleUploadedFile:
    buffer = p.PrintDocument(form_name=title).build([p.title(title), p.para(text)])
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


# class, site, title, media, (room, cabinet, shelf, box), quantity, secrecy, period
RECORDS = [
    ("yz", "A", "业主档案", "paper", ("一号档案室", "A柜", "1层", "YZ-001"), 4, "internal", None),
    ("yz", "A", "业主档案", "paper", ("一号档案室", "A柜", "1层", "YZ-002"), 3, "internal", None),
    (
        "zx",
        "A",
        "装修档案",
        "paper",
        ("一号档案室", "B柜", "2层", "ZX-001"),
        6,
        "internal",
        (date(2026, 3, 1), date(2026, 5, 30)),
    ),
    (
        "ht",
        "A",
        "电梯维保合同（2026—2028）",
        "paper",
        ("一号档案室", "C柜", "1层", "HT-001"),
        1,
        "confidential",
        (date(2026, 1, 1), date(2028, 12, 31)),
    ),
    (
        "tz",
        "A",
        "3栋给排水竣工图",
        "disk",
        ("一号档案室", "D柜", "3层", "TZ-001"),
        2,
        "internal",
        None,
    ),
    (
        "hy",
        "A",
        "客服部周例会纪要（2026年第三季度）",
        "electronic",
        ("", "", "", ""),
        13,
        "internal",
        (date(2026, 7, 1), date(2026, 9, 30)),
    ),
    (
        "ts",
        "B",
        "重大投诉处理卷（停车位纠纷）",
        "paper",
        ("二号档案室", "A柜", "2层", "TS-001"),
        1,
        "confidential",
        (date(2026, 4, 2), date(2026, 6, 18)),
    ),
    ("yz", "B", "业主档案", "photo", ("二号档案室", "A柜", "1层", "YZ-B-001"), 1, "public", None),
]


def _loans(records: list, users: dict) -> None:
    """A loan in each state: awaiting approval, approved, lent, overdue, returned (one damaged),
    refused, withdrawn; a confidential contract asked for by the desk (two approvals) and a
    drawing for an outside body (the GM)."""
    from .models import ArchiveLoan

    today = timezone.localdate()
    archivist, agent, lead, csm, pcm, gm, eng = (
        users.get(k) for k in ("archivist", "agent", "lead", "csm", "pcm", "gm", "eng")
    )
    if None in (archivist, agent, lead, csm, pcm, gm, eng):
        return

    def ask(user, record, mode, purpose, days, **kw):
        return services.loan_request(
            actor=user,
            record=record,
            mode=mode,
            purpose=purpose,
            due_date=today + timedelta(days=days),
            **kw,
        )

    owner1, owner2, renovation, contract, drawing, minutes = records[:6]
    ask(agent, owner1, "read", "业主来访核对购房合同", 2)  # awaiting approval
    approved = ask(lead, owner2, "copy", "复印交房验收单给业主", 3)
    services.loan_approve(actor=csm, loan=approved)
    lent = ask(agent, renovation, "borrow", "装修验收前核对图纸", 7)
    services.loan_approve(actor=csm, loan=lent)
    services.loan_lend(actor=archivist, loan=lent)
    services.loan_renew_request(  # the borrower asks to keep it a week longer; the CS manager decides
        actor=agent, loan=lent, new_due_date=today + timedelta(days=14), reason="验收推迟一周"
    )
    confidential = ask(agent, contract, "read", "核对电梯维保合同条款", 1)
    services.loan_approve(actor=csm, loan=confidential)
    services.loan_approve(actor=pcm, loan=confidential)
    outside = ask(eng, drawing, "borrow", "区住建局检查给排水图纸", 10, outside_body="区住建局")
    services.loan_approve(actor=pcm, loan=outside)  # the GM's approval still awaited
    returned = ask(lead, minutes, "read", "查阅第三季度例会纪要", 5)
    services.loan_approve(actor=csm, loan=returned)
    services.loan_lend(actor=archivist, loan=returned)
    services.loan_take_back(actor=archivist, loan=returned, intact=True)
    damaged = ask(agent, owner1, "borrow", "整理业主资料", 5)
    services.loan_approve(actor=csm, loan=damaged)
    services.loan_lend(actor=archivist, loan=damaged)
    services.loan_take_back(
        actor=archivist, loan=damaged, intact=False, damage_note="第2页边缘撕裂，已登记修复"
    )
    refused = ask(agent, owner2, "copy", "业主亲属要求复印", 2)
    services.loan_refuse(actor=csm, loan=refused, note="须业主本人书面授权")
    withdrawn = ask(lead, drawing, "read", "核对管井位置", 2)
    services.loan_cancel(actor=lead, loan=withdrawn)
    overdue = ask(agent, owner2, "borrow", "办理产权变更", 5)
    services.loan_approve(actor=csm, loan=overdue)
    services.loan_lend(actor=archivist, loan=overdue)
    ArchiveLoan.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=3))


def load(ctx):
    if ArchiveRecord.objects.exists():
        return
    archivist = User.objects.filter(username="archivist").first()
    if archivist is None:
        return
    sites = ctx["sites"]
    units = {k: list(Unit.objects.filter(site=s).order_by("id")[:4]) for k, s in sites.items()}
    classes = {c.code: c for c in ArchiveClass.objects.all()}
    made = []
    for n, (code, site_key, title, media, place, qty, secrecy, period) in enumerate(RECORDS):
        unit = units[site_key][n % len(units[site_key])] if code in ("yz", "zx") else None
        record = services.record_create(
            actor=archivist,
            archive_class=classes[code],
            site=sites[site_key],
            unit_code=unit.code if unit else "",
            title=f"{unit.code} {title}" if unit else title,
            media=media,
            room=place[0],
            cabinet=place[1],
            shelf=place[2],
            box=place[3],
            quantity=qty,
            secrecy=secrecy,
            date_from=period[0] if period else None,
            date_to=period[1] if period else None,
        )
        made.append(record)
        if n == 0:
            services.record_attach(
                actor=archivist,
                record=record,
                upload=_pdf("购房合同", "购房合同扫描件（演示）。"),
            )
        if code == "hy":
            services.record_attach(
                actor=archivist,
                record=record,
                upload=_pdf("周例会纪要", "第三季度周例会纪要汇编（演示）。"),
            )
    names = ("archivist", "agent", "lead", "csm", "pcm", "gm", "eng")
    _loans(made, {u.username: u for u in User.objects.filter(username__in=names)})
    _intake(ctx, archivist)
    _inspection(ctx, archivist)


def _inspection(ctx, archivist) -> None:
    """This quarter's round of site A in progress: two records checked, one damaged."""
    from .services import inspection_mark, inspection_sweep

    inspection_sweep()
    rnd = (
        InspectionRound.objects.filter(site=ctx["sites"]["A"]).order_by("-year", "-quarter").first()
    )
    if rnd is None:
        return
    lines = list(rnd.lines.order_by("id")[:2])
    if lines:
        inspection_mark(actor=archivist, rnd=rnd, line_id=lines[0].pk, result="found")
    if len(lines) > 1:
        inspection_mark(
            actor=archivist, rnd=rnd, line_id=lines[1].pk, result="damaged", note="封面受潮，待修复"
        )


def _intake(ctx, archivist) -> None:
    """The queue: signed documents offered by the documents app, and paper handed in by hand."""
    from propdesk.records.models import Document

    from .services import archive_intake_offer, intake_add

    site = ctx["sites"]["A"]
    for doc in Document.objects.filter(state=Document.State.ARCHIVED)[:2]:
        archive_intake_offer(
            source=doc, title=doc.title, site=site, archive_class_code="wj", label=doc.number
        )
    intake_add(actor=archivist, site=site, title="3栋2单元1101 交房验收单（纸质）", note="前台转交")
    intake_add(
        actor=archivist,
        site=ctx["sites"]["B"],
        title="A座电梯年检报告",
        archive_class=ArchiveClass.objects.filter(code="tz").first(),
    )
