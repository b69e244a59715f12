"""F1–F3 on the portal's photo upload (the resident's request photo), as tests/core/test_uploads.py
checks the desk's upload routes: refused by content, stored inert, served as a download, sized."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from propdesk.core.models import Attachment
from propdesk.tickets.models import Ticket

from .conftest import jpeg

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("shell.php", b"<?php system($_GET['c']); ?>", "image/jpeg"),
    ("doc.pdf", b"%PDF-1.4\n%", "application/pdf"),  # a PDF is not a photo
]


@pytest.mark.parametrize(("name", "data", "ctype"), HOSTILE)
def test_f1_what_is_not_a_photo_is_refused_and_nothing_is_kept(owner_a, submit, name, data, ctype):
    resp = submit(owner_a, photo=SimpleUploadedFile(name, data, content_type=ctype))
    assert resp.status_code == 400 and "不是照片" in resp.content.decode()
    assert not Ticket.objects.exists() and not Attachment.objects.exists()


def test_f1_a_polyglot_is_stored_as_the_photo_and_served_as_a_download(client_of, owner_a, submit):
    polyglot = jpeg().read() + b"<html><script>alert(document.domain)</script></html>"
    submit(owner_a, photo=SimpleUploadedFile("../../x.jpg.html", polyglot, "text/html"))
    att = Attachment.objects.get()
    assert (
        att.mime == "image/jpeg" and att.file.name.endswith(".jpg") and "/" not in att.original_name
    )
    url = reverse("portal:request-photo", args=[Ticket.objects.get().pk, att.key])
    resp = client_of(owner_a).get(url)
    assert resp["Content-Disposition"].startswith("attachment;")
    assert (
        resp["X-Content-Type-Options"] == "nosniff" and "sandbox" in resp["Content-Security-Policy"]
    )


def test_f3_a_photo_over_8_mb_is_refused_on_the_form(owner_a, submit):
    big = jpeg().read() + b"\0" * (9 * 1024 * 1024)
    resp = submit(owner_a, photo=SimpleUploadedFile("big.jpg", big, "image/jpeg"))
    assert resp.status_code == 400 and "8 MB" in resp.content.decode()
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
