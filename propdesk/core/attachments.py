"""Attachments: images and PDFs (and, where a caller allows it, Office documents), checked by
content (not by name), size-limited.

Files are stored under server-generated UUID names; downloads are always
`Content-Disposition: attachment` (RFC 6266 `filename*`) with `nosniff` and a sandboxing CSP, and
the name offered keeps the user's words but always ends in the extension of what the content is
(SECURITY.md F1–F3). An attachment is addressed by a random key of 192 bits, never by its row
number, and only through its scoped parent (`attachment_get_for_parent`, F4, A3).

Every upload route of the product goes through `attachment_add` (tests/core/test_uploads.py
walks them).
"""

import hashlib
import io
import re
import secrets
import unicodedata
import uuid
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from .exceptions import InvalidInput
from .models import Attachment

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_RECORD = 20
KINDS = {
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "webp": ("image/webp", "webp"),
    "pdf": ("application/pdf", "pdf"),
}
# Office documents, accepted only where the caller asks (company documents, R-DOC-1): OOXML is a
# zip with a content-types part and the application's folder; the old formats are OLE2 files.
# The OOXML media types are longer than `Attachment.mime` (64): those files are sent as
# octet-stream, opened by their extension (downloads are always `attachment`).
OFFICE_KINDS = {
    "docx": ("application/octet-stream", "docx"),
    "xlsx": ("application/octet-stream", "xlsx"),
    "pptx": ("application/octet-stream", "pptx"),
    "doc": ("application/msword", "doc"),
    "xls": ("application/vnd.ms-excel", "xls"),
    "ppt": ("application/vnd.ms-powerpoint", "ppt"),
}
_OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.verify()
            fmt = (img.format or "").lower()
    except Exception:  # Pillow raises many types for a non-image
        return None
    return fmt if fmt in KINDS else None


NAME_MAX = 120
EXTENSIONS = {"jpg": ("jpg", "jpeg", "jpe"), "png": ("png",), "webp": ("webp",), "pdf": ("pdf",)}
_PATH = re.compile(r"^.*[/\\]")
_EXT = re.compile(r"^[A-Za-z0-9]{1,8}$")
# Characters a name never keeps: controls (NUL, newlines) and format characters such as the
# direction overrides with which "photo\u202egpj.exe" displays as "photoexe.jpg".
_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _strip_ext(stem: str, keep: tuple[str, ...] | None) -> str:
    """`stem` without its last extension if that is one (and, with `keep`, one of those)."""
    base, dot, last = stem.rpartition(".")
    if not dot or not base or not _EXT.match(last):
        return stem
    if keep is not None and last.lower() not in keep:
        return stem
    return base


def safe_name(name: str, ext: str) -> str:
    """The name offered on download: no directories, controls or direction marks, at most
    NAME_MAX characters, ending in `.ext` of the content (x.jpg.html → x.jpg, x.php → x.png)."""
    name = _PATH.sub("", unicodedata.normalize("NFC", name or ""))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _UNSAFE).strip(" .")
    own = EXTENSIONS.get(ext, (ext,))
    stem = name if name.rpartition(".")[2].lower() in own else _strip_ext(name, None)
    stem = _strip_ext(stem, own).strip(" .")
    stem = stem[: NAME_MAX - len(ext) - 1].strip(" .") or "file"
    return f"{stem}.{ext}"


def new_key() -> str:
    """An attachment's address: 192 random bits from the OS CSPRNG (F4)."""
    return secrets.token_urlsafe(24)


def _sniff_office(data: bytes, name: str) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        return next(
            (k for p, k in _OOXML_FOLDERS.items() if any(n.startswith(p) for n in names)), None
        )
    ext = name.rsplit(".", 1)[-1].lower()
    return ext if data.startswith(_OLE2) and ext in ("doc", "xls", "ppt") else None


def attachment_add(
    *,
    target: models.Model,
    upload,
    actor,
    purpose: str = "intake",
    kinds: tuple[str, ...] | None = None,
    max_bytes: int = MAX_BYTES,
    office: bool = False,
) -> Attachment:
    """Validate `upload` by content and store it for `target`; raises InvalidInput with a clear message.

    `kinds` narrows the accepted contents (e.g. photos only: `("jpeg", "png", "webp")`) and
    `max_bytes` lowers the size limit (a pass photo needs far less than 10 MB); `office=True` also
    accepts Word, Excel and PowerPoint files.
    """
    name = (getattr(upload, "name", "") or "file")[-200:]
    if upload.size > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise InvalidInput(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": mb},
            code="too_large",
            fields={"files": _("At most %(mb)s MB per file.") % {"mb": mb}},
        )
    ct = ContentType.objects.get_for_model(target)
    if Attachment.objects.filter(content_type=ct, object_id=target.pk).count() >= MAX_PER_RECORD:
        raise InvalidInput(
            _("At most %(n)d files per record.") % {"n": MAX_PER_RECORD}, code="too_many"
        )
    data = upload.read()
    kind = _sniff(data) or (_sniff_office(data, name) if office else None)
    if kind is not None and kinds is not None and kind not in kinds:
        kind = None
    if kind is None and kinds is not None and "pdf" not in kinds:
        raise InvalidInput(
            _("“%(name)s” is not a photo (JPEG, PNG or WebP).") % {"name": name},
            code="bad_type",
            fields={"files": _("Only photos.")},
        )
    if kind is None and office:
        raise InvalidInput(
            _("“%(name)s” is not a PDF, an Office document (Word, Excel, PowerPoint) or a photo.")
            % {"name": name},
            code="bad_type",
            fields={"files": _("Only PDF, Office documents and photos.")},
        )
    if kind is None:
        raise InvalidInput(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name},
            code="bad_type",
            fields={"files": _("Only photos and PDF files.")},
        )
    mime, ext = {**KINDS, **OFFICE_KINDS}[kind]
    att = Attachment(
        key=new_key(),
        content_type=ct,
        object_id=target.pk,
        site_id=getattr(target, "site_id", None),
        purpose=purpose,
        original_name=safe_name(name, ext),
        mime=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    att.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    att.save()
    return att


def attachment_list_for(target: models.Model):
    ct = ContentType.objects.get_for_model(target)
    return Attachment.objects.filter(content_type=ct, object_id=target.pk)


def attachment_get_for_parent(parent: models.Model, key: str) -> Attachment:
    """The attachment `key` only if it belongs to `parent` (which the caller already scoped), else 404."""
    att = attachment_list_for(parent).filter(key=str(key)).first() if key else None
    if att is None:
        raise Http404
    return att


def attachment_response(att: Attachment) -> FileResponse:
    """The file as a download, never rendered by the browser (F1): attachment, nosniff, sandbox."""
    resp = FileResponse(att.file.open("rb"), content_type=att.mime)
    resp["Content-Disposition"] = download_disposition(att.original_name)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


def download_disposition(name: str) -> str:
    """`attachment` with an ASCII `filename` and the UTF-8 `filename*` of RFC 6266 (F2)."""
    header = content_disposition_header(True, name)
    if "filename*=" not in header:
        return header
    stem, dot, ext = name.rpartition(".")
    stem = stem if dot else name
    plain = re.sub(r"[^A-Za-z0-9_-]+", "_", stem.encode("ascii", "ignore").decode()).strip("_")
    fallback = f"{plain or 'file'}.{ext}" if dot else plain or "file"
    return f'attachment; filename="{fallback}"; {header.split("; ", 1)[1]}'
