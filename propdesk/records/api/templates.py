"""API of form templates (R-FM-1, R-FM-3, R-FM-7, R-FM-8) and the end-of-retention lists (R-FM-8)."""

from django.utils.translation import gettext as _
from ninja import Router

from propdesk.core.api import ErrorOut, Limit, Offset, paginate
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.idempotency import idempotent

from .. import retention, selectors, services
from ..permissions import (
    require_reader,
    template_get_for_user,
    template_version_get_for_user,
    version_actions,
)
from .schemas import (
    ExpiredPage,
    RetentionKindOut,
    RetireIn,
    TemplateDetailOut,
    TemplateIn,
    TemplateOut,
    TemplatePage,
    TemplateVersionIn,
    TemplateVersionOut,
    VersionIn,
)

router = Router(tags=["form templates"])


def _version_out(v, user) -> dict:
    actions = version_actions(user, v)
    return {**TemplateVersionOut.model_validate(v).model_dump(), "actions": actions}


def _detail(template, user) -> dict:
    versions = [_version_out(v, user) for v in selectors.versions_of(template)]
    approved = next((v["label"] for v in versions if v["state"] == "approved"), None)
    base = TemplateOut.model_validate(template).model_dump()
    return {**base, "approved_version": approved, "versions": versions}


@router.get("/templates/", response=TemplatePage)
def template_list(request, department: str = "", limit: Limit = 50, offset: Offset = 0):
    """Every form with its numbering scheme, retention and the version in use (R-FM-1, R-FM-3)."""
    require_reader(request.auth)
    page = paginate(
        selectors.template_list_for_user(request.auth, department=department),
        limit=limit,
        offset=offset,
    )
    for t in page["items"]:
        t.approved_version = next((v.label for v in t.live if v.state == v.State.APPROVED), None)
    return page


@router.get("/templates/{template_id}", response=TemplateDetailOut)
def template_get(request, template_id: int):
    return _detail(template_get_for_user(request.auth, template_id), request.auth)


@router.post("/templates/", response={201: TemplateDetailOut})
def template_create(request, payload: TemplateIn):
    """Record a new form with its first version as a draft. Accepts an `Idempotency-Key`."""

    def create():
        template = services.template_create(actor=request.auth, **payload.model_dump())
        return 201, TemplateDetailOut.model_validate(_detail(template, request.auth)).model_dump(
            mode="json"
        )

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/templates/{template_id}/versions", response={201: TemplateVersionOut})
def template_version_create(request, template_id: int, payload: TemplateVersionIn):
    """Draft a revision: a new version number and its change note (R-FM-7)."""
    template = template_get_for_user(request.auth, template_id)
    version = services.template_version_draft(
        actor=request.auth, template=template, **payload.model_dump()
    )
    return 201, _version_out(version, request.auth)


@router.post("/template-versions/{version_id}/approve", response=TemplateVersionOut)
def template_version_approve(request, version_id: int, payload: VersionIn):
    """GM or centre manager, never the author: the version is in use from today (R-FM-1)."""
    version = template_version_get_for_user(request.auth, version_id)
    services.template_version_approve(actor=request.auth, version=version, expected=payload.version)
    return _version_out(version, request.auth)


@router.post("/template-versions/{version_id}/retire", response=TemplateVersionOut)
def template_version_retire(request, version_id: int, payload: RetireIn):
    """Retire the version in use: the form cannot be used until another is approved (R-FM-1)."""
    version = template_version_get_for_user(request.auth, version_id)
    services.template_version_retire(
        actor=request.auth, version=version, reason=payload.reason, expected=payload.version
    )
    return _version_out(version, request.auth)


@router.delete("/templates/{template_id}", response={409: ErrorOut})
def template_delete(request, template_id: int):
    """Refused: forms are retired, never deleted (R-FM-1, R-FM-8)."""
    template_get_for_user(request.auth, template_id)
    raise Conflict(
        _("A form is retired, never deleted: its records keep its versions."), code="retention"
    )


@router.get("/retention/", response=list[RetentionKindOut])
def retention_kinds(request):
    """Each record kind with its form and retention period (R-FM-8)."""
    require_reader(request.auth)
    table = retention.periods()
    return [
        {
            "code": k.code,
            "label": str(k.label),
            "template": k.template,
            "retention_days": retention.days_for(k, table),
        }
        for k in retention.kinds()
    ]


@router.get("/retention/{kind}/expired", response=ExpiredPage)
def retention_expired(request, kind: str, limit: Limit = 50, offset: Offset = 0):
    """Records of `kind` whose retention period has ended, oldest first: the list the archives'
    destruction flow starts from (R-FM-8). Nothing is deleted here."""
    require_reader(request.auth)
    codes = [k.code for k in retention.kinds()]
    if kind not in codes:
        raise InvalidInput(fields={"kind": ", ".join(codes)}, code="bad_filter")
    k = retention.kind(kind)
    days = retention.days_for(k)
    page = paginate(retention.expired(request.auth, k, days=days), limit=limit, offset=offset)
    page["items"] = [
        {
            "id": o.pk,
            "number": str(getattr(o, k.number, "") or o.pk),
            "completed_at": o.retention_basis,
            "kept_until": retention.ends_on(k, o, days),
            "url": k.url(o.pk),
        }
        for o in page["items"]
    ]
    return page
