"""The archives API: the class tree, archive records and their files (R-AR-1, R-AR-2).

Lists are scoped to the caller's sites; another site's record answers 404; writes go through the
services (the archivist only); DELETE is refused (records are destroyed only through a
destruction batch, R-AR-4). Every read of a record is logged on its timeline.
"""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, UploadedFile
from pydantic import ConfigDict

from propdesk.core.api import Id, Limit, Offset, paginate
from propdesk.core.attachments import attachment_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User

from .. import selectors, services
from ..models import ArchiveClass, ArchiveRecord
from ..permissions import record_get_for_user, require_reader
from .checklist import router as checklist_router
from .loans import router as loans_router
from .schemas import ClassOut, RecordDetailOut, RecordIn, RecordPage, RecordUpdateIn
from .statistics import router as statistics_router
from .transfer import router as transfer_router

router = Router(tags=["archives"])


def _bad(field: str):
    msg = _("Not found.")
    return InvalidInput(_("Check the marked fields."), fields={field: msg})


def _custodian(pk):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise _bad("custodian")
    return user


def out(record: ArchiveRecord) -> dict:
    return {
        **RecordDetailOut.model_validate({**record.__dict__, "files": []}).model_dump(),
        "files": list(
            attachment_list_for(record).values(
                "original_name", "mime", "size", "sha256", "created_at"
            )
        ),
    }


@router.get("/archives/classes", response=list[ClassOut])
def class_list(request):
    """The class tree of the archive (configured in the admin)."""
    require_reader(request.auth)
    return list(ArchiveClass.objects.all())


@router.get("/archives/records", response=RecordPage)
def record_list(
    request,
    q: str = "",
    archive_class: Id | None = None,
    media: str = "",
    secrecy: str = "",
    year: int | None = None,
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """The archive ledger of your sites, newest first."""
    require_reader(request.auth)
    if (
        media
        and media not in ArchiveRecord.Media.values
        or (secrecy and secrecy not in ArchiveRecord.Secrecy.values)
    ):
        raise InvalidInput(
            fields={
                "media": ", ".join(ArchiveRecord.Media.values),
                "secrecy": ", ".join(ArchiveRecord.Secrecy.values),
            },
            code="bad_filter",
        )
    qs = selectors.record_list_for_user(
        request.auth,
        site_id=site,
        q=q[:100],
        archive_class=archive_class,
        media=media,
        secrecy=secrecy,
        year=year,
    )
    return paginate(qs, limit=limit, offset=offset)


@router.get("/archives/records/{record_id}", response=RecordDetailOut)
def record_get(request, record_id: int):
    record = record_get_for_user(request.auth, record_id)
    services.record_viewed(actor=request.auth, record=record)
    return out(record)


@router.post("/archives/records", response={201: RecordDetailOut})
def record_create(request, payload: RecordIn):
    """File a record (the archivist): numbered in its class and year. Accepts `Idempotency-Key`."""
    user = request.auth

    def create():
        site = site_list_for_user(user).filter(pk=payload.site).first()
        if site is None:
            raise _bad("site")
        archive_class = ArchiveClass.objects.filter(pk=payload.archive_class).first()
        if archive_class is None:
            raise _bad("archive_class")
        data = payload.model_dump(exclude={"site", "archive_class", "custodian"})
        record = services.record_create(
            actor=user,
            archive_class=archive_class,
            site=site,
            custodian=_custodian(payload.custodian),
            **data,
        )
        return 201, RecordDetailOut.model_validate(out(record)).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/archives/records/{record_id}/edit", response=RecordDetailOut)
def record_edit(request, record_id: int, payload: RecordUpdateIn):
    """Change a filed record (stale `version` → 409)."""
    record = record_get_for_user(request.auth, record_id)
    data = payload.model_dump(exclude={"custodian"})
    services.record_update(
        actor=request.auth, record=record, custodian=_custodian(payload.custodian), **data
    )
    return out(record)


UPLOAD = File(...)


@router.post("/archives/records/{record_id}/files", response={201: RecordDetailOut})
def record_file_add(request, record_id: int, file: UploadedFile = UPLOAD):
    """Attach an electronic file (PDF, Office document or photo; SHA-256 kept). R-AR-2."""
    record = record_get_for_user(request.auth, record_id)
    services.record_attach(actor=request.auth, record=record, upload=file)
    return 201, out(record)


router.add_router("", loans_router)
router.add_router("", checklist_router)
router.add_router("", transfer_router)
router.add_router("", statistics_router)


class RetentionOfferIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(..., max_length=40)
    ids: list[Id] = Field(..., max_length=500)


class IntakeOut(Schema):
    id: int
    site_id: int
    title: str
    source_label: str
    state: str
    completed_on: date | None
    kept_years: int | None


@router.post("/archives/intake/from-retention", response={201: list[IntakeOut]})
def intake_from_retention(request, payload: RetentionOfferIn):
    """Offer records of another app whose retention has ended (the records app's end-of-retention
    list, by kind) to the intake queue; a CS manager, centre manager or GM. R-FM-8."""
    items = services.retention_offer(actor=request.auth, kind_code=payload.kind, ids=payload.ids)
    return 201, items
