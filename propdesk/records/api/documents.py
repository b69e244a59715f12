"""API of documents and their sign-off (R-DOC-1, R-DOC-2, R-SS-5).

Lists are scoped to the caller's sites; another site's document answers 404; writes go through
the services; every workflow action is `POST /documents/{id}/<action>`; DELETE is refused
(retention, R-FM-8).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, UploadedFile

from propdesk.core.access import require_write
from propdesk.core.api import ErrorOut, Id, Limit, Offset, one_of, paginate
from propdesk.core.attachments import attachment_list_for
from propdesk.core.exceptions import InvalidInput
from propdesk.core.idempotency import idempotent
from propdesk.meetings.permissions import meeting_get_for_user
from propdesk.orgs.selectors import site_list_for_user
from propdesk.people.models import User

from .. import retention, selectors, services
from ..actions import document_actions
from ..models import Document
from ..permissions import document_get_for_user, require_reader
from .schemas import (
    AwaitingPage,
    DocumentDetailOut,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    DocumentUpdateIn,
    FileOut,
    LinkMeetingIn,
    ReviewIn,
    ReviseIn,
    SignerOut,
    SignIn,
    VersionIn,
)

router = Router(tags=["documents"])


def _sites(user, ids):
    sites = list(site_list_for_user(user).filter(pk__in=ids)) if ids is not None else None
    if sites is not None and len(sites) != len(set(ids)):
        raise InvalidInput(_("Check the marked fields."), fields={"sites": _("Not found.")})
    return sites


def _people(ids):
    return list(User.objects.filter(pk__in=ids)) if ids is not None else None


def out(document: Document, user) -> dict:
    """The detail of one document for `user`: its signers, files and the actions open to them."""
    signers = list(selectors.signers_of(document))
    me = next((s for s in signers if s.user_id == user.pk), None)
    allowed = document_actions(user, document, me)
    actions = [{"attach": "files"}.get(a, a) for a in allowed]
    if me and me.opened_at is None and document.state != Document.State.SUPERSEDED:
        actions.append("open")
    return {
        **DocumentOut.model_validate(document).model_dump(),
        "signers": [SignerOut.model_validate(s).model_dump() for s in signers],
        "files": [FileOut.model_validate(a).model_dump() for a in attachment_list_for(document)],
        "actions": actions,
    }


@router.get("/documents/", response=DocumentPage)
def document_list(
    request,
    state: one_of(Document.State.values) = "",
    kind: one_of(Document.Kind.values) = "",
    q: str = "",
    site: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    """Documents of your sites, newest first (drafts only for those who issue them)."""
    require_reader(request.auth)
    if state and state not in Document.State.values or kind and kind not in Document.Kind.values:
        raise InvalidInput(
            fields={
                "state": ", ".join(Document.State.values),
                "kind": ", ".join(Document.Kind.values),
            },
            code="bad_filter",
        )
    qs = selectors.document_list_for_user(request.auth, site_id=site, state=state, kind=kind, q=q)
    return paginate(qs.prefetch_related("site_links"), limit=limit, offset=offset)


@router.get("/documents/awaiting", response=AwaitingPage)
def document_awaiting(request, limit: Limit = 25, offset: Offset = 0):
    """Documents you must still sign, oldest first (R-DOC-1)."""
    require_reader(request.auth)
    qs = selectors.awaiting_signature(request.auth).prefetch_related("document__site_links")
    return paginate(qs, limit=limit, offset=offset)


@router.get("/documents/review", response=DocumentPage)
def document_review(request, limit: Limit = 25, offset: Offset = 0):
    """Issued internal rules whose review date is past or within 30 days (R-SS-5)."""
    require_reader(request.auth)
    qs = selectors.rules_due_for_review(request.auth).prefetch_related("site_links")
    return paginate(qs, limit=limit, offset=offset)


@router.get("/documents/{document_id}", response=DocumentDetailOut)
def document_get(request, document_id: int):
    return out(document_get_for_user(request.auth, document_id), request.auth)


@router.post("/documents/", response={201: DocumentDetailOut})
def document_create(request, payload: DocumentIn):
    """Draft a company rule, notice or internal rule. Accepts an `Idempotency-Key` header."""
    user = request.auth

    def create():
        data = payload.model_dump(exclude={"sites", "extra_signers"})
        doc = services.document_create(
            actor=user,
            sites=_sites(user, payload.sites),
            extra_signers=_people(payload.extra_signers),
            **data,
        )
        return 201, DocumentDetailOut.model_validate(out(doc, user)).model_dump(mode="json")

    return idempotent(request, payload=payload.model_dump(mode="json"), create=create)


@router.post("/documents/{document_id}/edit", response=DocumentDetailOut)
def document_edit(request, document_id: int, payload: DocumentUpdateIn):
    """Change a draft (stale `version` → 409)."""
    user = request.auth
    doc = document_get_for_user(user, document_id)
    data = payload.model_dump(exclude={"sites", "extra_signers"})
    services.document_update(
        actor=user,
        document=doc,
        sites=_sites(user, payload.sites),
        extra_signers=_people(payload.extra_signers),
        **data,
    )
    return out(doc, user)


UPLOAD = File(...)


@router.post("/documents/{document_id}/files", response={201: DocumentDetailOut})
def document_file_add(request, document_id: int, file: UploadedFile = UPLOAD):
    """Attach a PDF, Office document or photo to a draft (checked by content, SHA-256 kept)."""
    doc = document_get_for_user(request.auth, document_id)
    services.document_attach(actor=request.auth, document=doc, upload=file)
    return 201, out(doc, request.auth)


@router.post("/documents/{document_id}/issue", response=DocumentDetailOut)
def document_issue(request, document_id: int, payload: VersionIn):
    """Issue for signature: every required signer is resolved and asked (R-DOC-1)."""
    doc = document_get_for_user(request.auth, document_id)
    services.document_issue(actor=request.auth, document=doc, version=payload.version)
    return out(doc, request.auth)


@router.post("/documents/{document_id}/open", response=DocumentDetailOut)
def document_open(request, document_id: int):
    """Record that you opened the document (a signer opens it before signing, R-DOC-1). An action:
    a read-only login (the auditor) gets 403 here and reads with GET (A5)."""
    require_write(request.auth)
    doc = document_get_for_user(request.auth, document_id)
    services.document_open(actor=request.auth, document=doc)
    return out(doc, request.auth)


@router.post("/documents/{document_id}/sign", response=DocumentDetailOut)
def document_sign(request, document_id: int, payload: SignIn):
    """Sign; the last signature archives a company document (R-DOC-1)."""
    doc = document_get_for_user(request.auth, document_id)
    services.document_sign(actor=request.auth, document=doc, note=payload.note)
    return out(doc, request.auth)


@router.post("/documents/{document_id}/revise", response={201: DocumentDetailOut})
def document_revise(request, document_id: int, payload: ReviseIn):
    """Draft a new revision; once issued it supersedes this one and needs new signatures."""
    doc = document_get_for_user(request.auth, document_id)
    new = services.document_revise(
        actor=request.auth, document=doc, change_note=payload.change_note
    )
    return 201, out(new, request.auth)


@router.post("/documents/{document_id}/submit", response=DocumentDetailOut)
def document_submit(request, document_id: int, payload: VersionIn):
    """Internal rule: ask the managers present at its meeting to sign it off (R-DOC-2)."""
    doc = document_get_for_user(request.auth, document_id)
    services.rule_submit(actor=request.auth, document=doc, version=payload.version)
    return out(doc, request.auth)


@router.post("/documents/{document_id}/publish", response=DocumentDetailOut)
def document_publish(request, document_id: int, payload: VersionIn):
    """Internal rule: issue it, only with its meeting and every sign-off (R-DOC-2)."""
    doc = document_get_for_user(request.auth, document_id)
    services.rule_publish(actor=request.auth, document=doc, version=payload.version)
    return out(doc, request.auth)


@router.post("/documents/{document_id}/review", response=DocumentDetailOut)
def document_review_record(request, document_id: int, payload: ReviewIn):
    """Internal rule: record a review; the next review date moves on (R-SS-5)."""
    doc = document_get_for_user(request.auth, document_id)
    services.rule_review(
        actor=request.auth, document=doc, note=payload.note, version=payload.version
    )
    return out(doc, request.auth)


@router.post("/documents/{document_id}/link_meeting", response=DocumentDetailOut)
def document_link_meeting(request, document_id: int, payload: LinkMeetingIn):
    """Internal rule: put it on the agenda of a meeting of its site (R-DOC-2)."""
    doc = document_get_for_user(request.auth, document_id)
    try:
        meeting = meeting_get_for_user(request.auth, payload.meeting)
    except Http404:
        raise InvalidInput(
            _("Check the marked fields."), fields={"meeting": _("Not found.")}
        ) from None
    services.rule_link_meeting(actor=request.auth, document=doc, meeting=meeting)
    return out(doc, request.auth)


@router.delete("/documents/{document_id}", response={409: ErrorOut})
def document_delete(request, document_id: int):
    """Refused: a document is kept for its retention period, then leaves only through the
    archives' destruction flow (R-FM-8)."""
    doc = document_get_for_user(request.auth, document_id)
    retention.refuse_delete(retention.kind("document"), doc)
