"""Uploads (F1–F4), over every upload route of the product.

ROUTES lists each route that takes a file into `core.attachments`: how to post a file to it as a
user of site A, and where the stored file is downloaded. A new app adds its upload routes here
(pass photos, archive scans …) and every test below covers them.
"""

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from propdesk.core.attachments import attachment_list_for
from propdesk.core.models import Attachment
from propdesk.frontdesk.models import MailItem
from tests.business_records import png_bytes
from tests.tickets.conftest import *  # noqa: F403 (open_ticket and its departments)


def _jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(buf, "JPEG")
    return buf.getvalue()


@dataclass
class UploadRoute:
    name: str
    post: Callable  # (client, ctx, upload) -> response
    parent: Callable  # (ctx) -> the record the files belong to (None before the first upload)
    download: Callable  # (parent, attachment) -> url


def _ticket_post(client, ctx, upload):
    return client.post(reverse("tickets:attach", args=[ctx["ticket"].pk]), {"file": upload})


def _mail_post(client, ctx, upload):
    data = {"kind": "parcel", "unit_code": ctx["unit"].code, "pieces": 1, "condition": "ok"}
    return client.post(reverse("frontdesk:mail-new"), {**data, "photo": upload})


def _mail_parent(ctx):
    return MailItem.objects.filter(unit=ctx["unit"]).order_by("-pk").first()


def _archive_record(ctx):
    """An owner file of site A, filed once per test by an archivist who then uploads to it."""
    if "archive_record" not in ctx:
        from propdesk.archives import services as archives
        from propdesk.archives.models import ArchiveClass
        from tests.factories import make_user

        ctx["archivist"] = make_user("archivist")
        ctx["archive_record"] = archives.record_create(
            actor=ctx["archivist"],
            archive_class=ArchiveClass.objects.get(code="yz"),
            site=ctx["unit"].site,
            title="业主档案",
        )
    return ctx["archive_record"]


def _archive_post(client, ctx, upload):
    record = _archive_record(ctx)
    client.force_login(ctx["archivist"])
    return client.post(reverse("archives:record-attach", args=[record.pk]), {"files": upload})


ROUTES = [
    UploadRoute(
        "ticket attachment",
        _ticket_post,
        lambda ctx: ctx["ticket"],
        lambda parent, att: reverse("tickets:attachment", args=[parent.pk, att.key]),
    ),
    UploadRoute(
        "parcel photo",
        _mail_post,
        _mail_parent,
        lambda parent, att: reverse("frontdesk:mail-photo", args=[parent.pk, att.key]),
    ),
    UploadRoute(
        "archive record scan",
        _archive_post,
        lambda ctx: ctx.get("archive_record"),
        lambda parent, att: reverse("archives:record-file", args=[parent.pk, att.key]),
    ),
]
IDS = [r.name for r in ROUTES]


@pytest.fixture
def ctx(client, open_ticket, agent_a, unit_a, desk_a):
    client.force_login(agent_a)
    return {"ticket": open_ticket(), "unit": unit_a, "client": client}


@pytest.fixture
def desk_a(site_a):
    from tests.business_records import desk_with_shifts

    return desk_with_shifts(site_a)


def _stored(route, ctx) -> list[Attachment]:
    parent = route.parent(ctx)
    return list(attachment_list_for(parent)) if parent is not None else []


def _up(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


HOSTILE = [
    ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("page.htm", b"<script>alert(1)</script>", "image/png"),  # lying Content-Type
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("shell.php", b"<?php system($_GET['c']); ?>", "image/jpeg"),
    ("photo.png.html", b"<img src=x onerror=alert(1)>", "image/png"),
]


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f1_html_svg_and_scripts_are_refused_whatever_their_name_or_type(ctx, route):
    """F1: .html/.htm/.svg/.php and a lying Content-Type: refused with a message, nothing stored."""
    for name, data, ctype in HOSTILE:
        resp = route.post(ctx["client"], ctx, _up(name, data, ctype))
        assert resp.status_code in (200, 302, 400), name
        follow = ctx["client"].get(resp.url) if resp.status_code == 302 else resp
        assert "PDF" in follow.content.decode(), (
            name
        )  # "… is not a photo (JPEG, PNG, WebP) or a PDF"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f1_a_polyglot_or_double_extension_is_stored_inert_and_served_as_a_download(ctx, route):
    """F1: a JPEG with HTML after it, named .html, is kept as the photo it also is: stored as .jpg,
    offered as x.jpg, sent as an attachment with nosniff and a sandboxing CSP."""
    polyglot = _jpeg() + b"<html><script>alert(document.domain)</script></html>"
    route.post(ctx["client"], ctx, _up("invoice.jpg.html", polyglot, "text/html"))
    att = _stored(route, ctx)[-1]
    assert att.mime == "image/jpeg" and att.file.name.endswith(".jpg")
    assert att.original_name == "invoice.jpg"
    resp = ctx["client"].get(route.download(route.parent(ctx), att))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "image/jpeg"
    assert resp["Content-Disposition"].startswith("attachment;")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp["Content-Security-Policy"]
    assert "default-src 'none'" in resp["Content-Security-Policy"]


NAMES = [
    "../../../../etc/passwd.png",
    "/etc/shadow.png",
    "C:\\Windows\\system32\\evil.png",
    "a\x00b.png",
    "漏" * 300 + ".png",
    "invoice\u202egnp.exe",
    "..\\..\\boot.ini.png",
]


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f2_names_never_reach_the_file_system_and_are_sent_per_rfc_6266(ctx, route, settings):
    """F2: whatever the name, files land under the attachment root with a server-made name; the
    download name has no path, NUL or direction override and comes as `filename*` (RFC 6266)."""
    for name in NAMES:
        route.post(ctx["client"], ctx, _up(name, png_bytes()))
    stored = _stored(route, ctx)
    assert len(stored) >= (1 if route.name == "parcel photo" else len(NAMES))
    root = os.path.realpath(settings.MEDIA_ROOT)
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            path = os.path.realpath(os.path.join(dirpath, f))
            assert path.startswith(os.path.join(root, "attachments") + os.sep), path
            assert re.fullmatch(r"[0-9a-f]{32}\.(jpg|png|webp|pdf)", f), f
    for att in stored:
        assert not re.search(r"[/\\\x00\u202a-\u202e\u2066-\u2069]", att.original_name)
        assert len(att.original_name) <= 120 and att.original_name.endswith(".png")
        header = ctx["client"].get(route.download(route.parent(ctx), att))["Content-Disposition"]
        assert header.startswith("attachment;") and "/" not in header.split("filename")[1]
        if not att.original_name.isascii():
            assert "filename*=utf-8''" in header and 'filename="' in header


def test_f2_a_chinese_name_comes_back_whole(ctx):
    route = ROUTES[0]
    route.post(ctx["client"], ctx, _up("厨房漏水照片.png", png_bytes()))
    att = _stored(route, ctx)[-1]
    header = ctx["client"].get(route.download(ctx["ticket"], att))["Content-Disposition"]
    from urllib.parse import unquote

    assert unquote(header.split("filename*=utf-8''")[1]) == "厨房漏水照片.png"


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f3_a_26_mb_upload_is_refused_with_413_before_it_is_read(ctx, route):
    """F3: 413 with a message in the user's words; nothing stored."""
    resp = route.post(ctx["client"], ctx, _up("big.png", png_bytes() + b"\0" * (26 * 1024 * 1024)))
    assert resp.status_code == 413
    assert "10 MB" in resp.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f3_a_file_over_10_mb_is_refused_on_its_form(ctx, route):
    resp = route.post(ctx["client"], ctx, _up("big.png", png_bytes() + b"\0" * (11 * 1024 * 1024)))
    page = ctx["client"].get(resp.url) if resp.status_code == 302 else resp
    assert "10 MB" in page.content.decode()
    assert not Attachment.objects.exists()


def test_f3_a_record_takes_at_most_20_files(ctx):
    """F3: the 21st file on one ticket is refused with a message (1,000 never pile up)."""
    route = ROUTES[0]
    for i in range(20):
        route.post(ctx["client"], ctx, _up(f"{i}.png", png_bytes()))
    resp = route.post(ctx["client"], ctx, _up("21.png", png_bytes()))
    assert "20" in ctx["client"].get(resp.url).content.decode()
    assert len(_stored(route, ctx)) == 20


def test_f3_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(client_for, lead_a):
    """F3: the directory import takes .xlsx, a zip: 60 MB of zeros packed small is refused."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b"\0" * (60 * 1024 * 1024))
    assert buf.tell() < 1024 * 1024
    upload = SimpleUploadedFile("居民.xlsx", buf.getvalue())
    resp = client_for(lead_a).post(reverse("people:directory-import"), {"file": upload})
    assert resp.status_code == 400 and "50 MB" in resp.content.decode()


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_f4_upload_ids_are_random_128_bit_keys_bound_to_their_record(
    ctx, route, client_for, agent_b
):
    """F4: an attachment is addressed by ≥128 random bits, never by its row number; another
    site's user with the key, or anyone with the row number, gets 404."""
    route.post(ctx["client"], ctx, _up("a.png", png_bytes()))
    route.post(ctx["client"], ctx, _up("b.png", png_bytes()))
    first, second = Attachment.objects.order_by("pk")
    for att in (first, second):
        assert len(att.key) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", att.key)  # ≥ 128 bits
    assert first.key != second.key
    url = route.download(first.target, first)
    assert ctx["client"].get(url).status_code == 200
    assert ctx["client"].get(url.replace(first.key, str(first.pk))).status_code == 404
    assert client_for(agent_b).get(url).status_code == 404
