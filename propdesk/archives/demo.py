"""Demo archive records, made through the real services: owner files of site A's units (one
with its purchase contract as a PDF), a renovation file, a contract, drawings on disk, minutes,
a confidential complaint file of site B, each with its cupboard location."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from propdesk.core import printing as p
from propdesk.orgs.models import Unit
from propdesk.people.models import User

from . import services
from .models import ArchiveClass, ArchiveRecord


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


def load(ctx):
    if ArchiveRecord.objects.exists():
        return
    archivist = User.objects.filter(username="archivist").first()
    if archivist is None:
        return
    sites = ctx["sites"]
    units = {k: list(Unit.objects.filter(site=s).order_by("id")[:4]) for k, s in sites.items()}
    classes = {c.code: c for c in ArchiveClass.objects.all()}
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
