"""Filing archive records: number, class, location, media, secrecy, retention, custodian; files
attached and checksummed; every view and download logged on the record's timeline. R-AR-1, R-AR-2.

Numbers come from the shared numbering mechanism, one scheme per class (DA-<code>) and year, for
the whole company (the archivist files for every site): gap-free, a rolled-back filing gives its
number back. The retention end is the last date of the record (else the filing day) plus the
class's years; 0 years means kept permanently (no end).
"""

import hashlib

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.attachments import attachment_add, attachment_get_for_parent
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotFound
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.orgs.models import Unit, unit_search_key

from ..models import ArchiveClass, ArchiveRecord
from ..permissions import require_open_files
from ..workflow import ARCHIVISTS, RECORD_FLOW

FIELDS = (
    "title",
    "date_from",
    "date_to",
    "media",
    "room",
    "cabinet",
    "shelf",
    "box",
    "quantity",
    "secrecy",
    "retention_years",
    "description",
)
MAX_QUANTITY = 100_000
MAX_YEARS = 100


def _text(values, field, max_len, message=None) -> str:
    if message:
        return require_text(values.get(field), field, message, max_len)
    return optional_text(values.get(field), field, max_len)


def _choice(values, field, choices, default):
    value = values.get(field) or default
    if value not in choices.values:
        msg = _("Choose one of the offered values.")
        raise InvalidInput(msg, fields={field: msg})
    return value


def _number(values, field, low, high, default):
    raw = values.get(field)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        msg = _("A whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        raise InvalidInput(msg, fields={field: msg})
    return value


def _clean(values: dict, archive_class: ArchiveClass) -> dict:
    out = {"title": _text(values, "title", 200, _("Give the record a title."))}
    for field in ("room", "cabinet", "shelf", "box"):
        out[field] = _text(values, field, 40)
    out["description"] = _text(values, "description", 5000)
    out["media"] = _choice(values, "media", ArchiveRecord.Media, ArchiveRecord.Media.PAPER)
    out["secrecy"] = _choice(
        values, "secrecy", ArchiveRecord.Secrecy, ArchiveRecord.Secrecy.INTERNAL
    )
    out["quantity"] = _number(values, "quantity", 1, MAX_QUANTITY, 1)
    out["retention_years"] = _number(
        values, "retention_years", 0, MAX_YEARS, archive_class.retention_years
    )
    out["date_from"], out["date_to"] = values.get("date_from"), values.get("date_to")
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        msg = _("The period ends before it starts.")
        raise InvalidInput(msg, fields={"date_to": msg})
    return out


def _retention_end(values: dict, filed_on):
    years = values["retention_years"]
    if not years:
        return None
    base = values["date_to"] or filed_on
    try:
        return base.replace(year=base.year + years)
    except ValueError:  # 29 February
        return base.replace(year=base.year + years, day=28)


def _unit(site, code: str | None):
    code = (code or "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(site=site, search_key=unit_search_key(code)).first()
    if unit is None:
        msg = _("No unit “%(code)s” at %(site)s.") % {"code": code[:50], "site": site.name}
        raise InvalidInput(msg, fields={"unit": msg})
    return unit


def _custodian(actor, custodian):
    if custodian is None:
        return actor
    if not (custodian.is_active and custodian.has_any_role(ARCHIVISTS)):
        msg = _("The custodian must be an archivist.")
        raise InvalidInput(msg, fields={"custodian": msg})
    return custodian


def _class(archive_class):
    if archive_class is None or not archive_class.active:
        msg = _("Choose the class of the record.")
        raise InvalidInput(msg, fields={"archive_class": msg})
    return archive_class


@transaction.atomic
def record_create(
    *, actor, archive_class, site, unit_code: str = "", custodian=None, **values
) -> ArchiveRecord:
    """File a record: checked, numbered in its class and year, logged. R-AR-1, R-AR-2."""
    require_role(actor, ARCHIVISTS)
    archive_class = _class(archive_class)
    if site is None:
        msg = _("Choose the site the record belongs to.")
        raise InvalidInput(msg, fields={"site": msg})
    clean = _clean(values, archive_class)
    today = timezone.localdate()
    record = ArchiveRecord.objects.create(
        number=number_next(scheme=archive_class.scheme, year=today.year),
        archive_class=archive_class,
        year=today.year,
        site=site,
        unit=_unit(site, unit_code),
        custodian=_custodian(actor, custodian),
        created_by=actor,
        retention_end=_retention_end(clean, today),
        **clean,
    )
    event_record(target=record, code="filed", actor=actor, data={"number": record.number})
    _index(record)
    return record


@transaction.atomic
def record_update(
    *,
    actor,
    record: ArchiveRecord,
    version: int | None = None,
    unit_code: str = "",
    custodian=None,
    **values,
) -> ArchiveRecord:
    """Change what is recorded about a filed record (never its number, class, site or year)."""
    require_role(actor, ARCHIVISTS)
    clean = _clean(values, record.archive_class)
    changes = {
        **clean,
        "unit": _unit(record.site, unit_code),
        "custodian": _custodian(actor, custodian or record.custodian),
        "retention_end": _retention_end(clean, timezone.localdate(record.created_at)),
    }
    changed = sorted(k for k, v in changes.items() if getattr(record, k) != v)
    transition_apply(
        obj=record,
        machine=RECORD_FLOW,
        action="edit",
        actor=actor,
        changes=changes,
        data={"fields": changed},
        expected_version=version,
    )
    _index(record)
    return record


@transaction.atomic
def record_attach(*, actor, record: ArchiveRecord, upload):
    """Attach an electronic file (PDF, Office document or photo), checksummed (SHA-256). R-AR-2."""
    require_role(actor, ARCHIVISTS)
    RECORD_FLOW.check(action="attach", state=record.state, user=actor)
    att = attachment_add(target=record, upload=upload, actor=actor, purpose="archive", office=True)
    event_record(
        target=record,
        code="attach",
        actor=actor,
        data={"file": att.original_name, "sha256": att.sha256},
    )
    return att


def record_viewed(*, actor, record: ArchiveRecord) -> None:
    """Every view of a record is on its timeline (R-AR-5: access is logged)."""
    event_record(target=record, code="viewed", actor=actor)


def checksum_ok(att) -> bool:
    digest = hashlib.sha256()
    try:
        with att.file.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return False
    return digest.hexdigest() == att.sha256


def record_file_download(*, actor, record: ArchiveRecord, key: str):
    """The file `key` of `record`, after checking it is still what was filed (SHA-256); the
    download is logged. A file that no longer matches is refused and the mismatch logged."""
    try:
        att = attachment_get_for_parent(record, key)
    except Http404:
        raise NotFound() from None
    require_open_files(actor, record)
    if record.state == ArchiveRecord.State.DESTROYED:
        raise Conflict(_("The record is destroyed; its files are deleted."), code="destroyed")
    if not checksum_ok(att):
        event_record(target=record, code="checksum_failed", actor=actor, data={"file": att.key})
        raise Conflict(
            _("The stored file no longer matches its checksum; tell the archivist."),
            code="checksum",
        )
    event_record(target=record, code="downloaded", actor=actor, data={"file": att.original_name})
    return att


def _index(record: ArchiveRecord) -> None:
    from propdesk.search.services import search_index_update

    search_index_update("archive_record", record)
