"""Documents and their sign-off: draft, files, issue to the sites' managers, open, sign, archive
when all have signed, revise (the new revision supersedes the old). R-DOC-1."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, require_write
from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.models import Signature
from propdesk.core.numbering import number_next
from propdesk.core.signatures import signature_sign
from propdesk.notify.services import notify

from .. import selectors
from ..common import (
    apply,
    check_state,
    document_url,
    optional_text,
    recipients_language,
    require_text,
)
from ..models import Document, DocumentSigner, DocumentSite
from ..permissions import require_manage, require_sites
from ..workflow import DOCUMENT_FLOW, ISSUERS, SIGNER_ROLE_CHOICES

D = Document.State
SIGNOFF_FORM = "document_signoff"


def _clean_fields(fields: dict) -> dict:
    out = {
        "title": require_text(fields.get("title"), "title", _("Give the document a title."), 200)
    }
    out["issuing_body"] = require_text(
        fields.get("issuing_body"), "issuing_body", _("Say who issued the document."), 100
    )
    out["ref_number"] = optional_text(fields.get("ref_number"), "ref_number", 60)
    out["body"] = optional_text(fields.get("body"), "body", 20000)
    days = fields.get("remind_after_days")
    if days is not None:
        if not 1 <= int(days) <= 60:
            raise InvalidInput(fields={"remind_after_days": _("Between 1 and 60 days.")})
        out["remind_after_days"] = int(days)
    return out


def _clean_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles or ()))
    if not roles or any(r not in SIGNER_ROLE_CHOICES for r in roles):
        msg = _("Choose who must sign.")
        raise InvalidInput(msg, fields={"signer_roles": msg})
    return roles


def _clean_sites(actor, sites) -> list:
    sites = list({s.pk: s for s in sites or ()}.values())
    if not sites:
        msg = _("Choose the sites the document is issued to.")
        raise InvalidInput(msg, fields={"sites": msg})
    require_sites(actor, [s.pk for s in sites])
    return sites


@transaction.atomic
def document_create(
    *, actor, kind: str, sites, signer_roles=None, extra_signers=(), **fields
) -> Document:
    """Draft a company rule, notice or internal rule for the chosen sites (R-DOC-1, R-DOC-2)."""
    require_role(actor, ISSUERS)
    if kind not in Document.Kind.values:
        raise InvalidInput(fields={"kind": _("Choose one of the offered values.")})
    sites = _clean_sites(actor, sites)
    is_rule = kind == Document.Kind.INTERNAL_RULE
    if is_rule and len(sites) != 1:
        msg = _("An internal rule belongs to one site.")
        raise InvalidInput(msg, fields={"sites": msg})
    from ..workflow import DEFAULT_SIGNER_ROLES

    values = _clean_fields(fields)
    doc = Document.objects.create(
        number=number_next(scheme="ZD" if is_rule else "WJ", site_id=sites[0].pk if is_rule else 0),
        kind=kind,
        site=sites[0] if is_rule else None,
        signer_roles=_clean_roles(signer_roles or DEFAULT_SIGNER_ROLES),
        created_by=actor,
        **values,
    )
    Document.objects.filter(pk=doc.pk).update(lineage=doc)
    doc.lineage_id = doc.pk
    _set_sites(doc, sites)
    _set_extra(actor, doc, extra_signers, sites)
    event_record(target=doc, code="created", actor=actor, data={"sites": [s.pk for s in sites]})
    _index(doc)
    return doc


def _set_sites(doc: Document, sites) -> None:
    """The draft's sites; rows of sites it no longer goes to leave the search index too."""
    from propdesk.search.services import search_index_delete

    gone = DocumentSite.objects.filter(document=doc).exclude(site__in=sites)
    for pk in list(gone.values_list("pk", flat=True)):
        search_index_delete("document", pk)
    gone.delete()
    DocumentSite.objects.bulk_create(
        [DocumentSite(document=doc, site=s) for s in sites], ignore_conflicts=True
    )


def _set_extra(actor, doc: Document, people, sites) -> None:
    people = [p for p in people or () if p is not None]
    allowed = set(
        selectors.signer_choices(actor).filter(staff__sites__in=sites).values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in people):
        msg = _("Choose staff of the document's sites.")
        raise InvalidInput(msg, fields={"extra_signers": msg})
    doc.extra_signers.set(people)


@transaction.atomic
def document_update(
    *,
    actor,
    document: Document,
    sites=None,
    signer_roles=None,
    extra_signers=None,
    version: int | None = None,
    **fields,
) -> Document:
    """Change a draft before it is issued (title, text, sites, who signs)."""
    require_sites(actor, selectors.document_site_ids(document))
    require_manage(actor, document)
    values = _clean_fields(fields)
    if signer_roles is not None:
        values["signer_roles"] = _clean_roles(signer_roles)
    apply(
        document,
        DOCUMENT_FLOW,
        "edit",
        actor,
        changes=values,
        data={"fields": sorted(values)},
        expected_version=version,
    )
    if sites is not None and not document.is_rule:
        _set_sites(document, _clean_sites(actor, sites))
    if extra_signers is not None:
        _set_extra(actor, document, extra_signers, document.sites.all())
    _index(document)
    return document


@transaction.atomic
def document_attach(*, actor, document: Document, upload):
    """Attach a file (PDF, Office document or photo, checked by content, checksummed) to a draft."""
    require_write(actor)
    require_sites(actor, selectors.document_site_ids(document))
    require_manage(actor, document)
    check_state(document, DOCUMENT_FLOW, "edit", actor)
    att = attachment_add(
        target=document, upload=upload, actor=actor, purpose="document", office=True
    )
    event_record(
        target=document, code="file_added", actor=actor, data={"file": att.pk, "sha256": att.sha256}
    )
    return att


def _resolve_signers(document: Document) -> list[tuple]:
    """(user, site, role) for every required signer: the holders of the chosen roles at each
    site, resolved now, plus the people named (R-DOC-1)."""
    sites = list(document.sites.order_by("name"))
    people: dict[int, tuple] = {}
    for site in sites:
        for user in selectors.staff_for_roles([site.pk], document.signer_roles):
            role = next((r for r in document.signer_roles if r in user.role_codes), "")
            people.setdefault(user.pk, (user, site, role))
    for user in document.extra_signers.all():
        people.setdefault(user.pk, (user, None, ""))
    return list(people.values())


def create_signers(document: Document, people, *, actor, remind_days: int | None) -> int:
    """One signature line (the shared mechanism) and one signer row per required person."""
    ct = ContentType.objects.get_for_model(document)
    now = timezone.now()
    remind_at = now + timedelta(days=remind_days) if remind_days else None
    for user, site, role in people:
        sig = Signature.objects.create(
            content_type=ct,
            object_id=document.pk,
            site_id=getattr(site, "pk", None),
            slot=f"u{user.pk}",
            summary=document.title[:200],
            requested_by=actor,
        )
        DocumentSigner.objects.create(
            document=document, user=user, site=site, role=role, signature=sig, remind_at=remind_at
        )
    return len(people)


@transaction.atomic
def document_issue(*, actor, document: Document, version: int | None = None) -> Document:
    """Issue a company document or notice: every required signer is resolved, asked and told
    (R-DOC-1); a revision supersedes the one before it."""
    require_sites(actor, selectors.document_site_ids(document))
    if document.is_rule:
        raise Conflict(_("An internal rule is issued after its meeting and sign-off."), code="rule")
    check_state(document, DOCUMENT_FLOW, "issue", actor)
    require_manage(actor, document)
    people = _resolve_signers(document)
    if not people:
        raise Conflict(_("Nobody holds the chosen roles at these sites."), code="no_signers")
    from .templates import form_version

    now = timezone.now()
    changes = {"issued_by": actor, "issued_at": now, "template_version": form_version(SIGNOFF_FORM)}
    apply(
        document,
        DOCUMENT_FLOW,
        "issue",
        actor,
        changes=changes,
        data={"signers": len(people)},
        expected_version=version,
    )
    create_signers(document, people, actor=actor, remind_days=document.remind_after_days)
    supersede_previous(actor=actor, document=document)
    _ask(document, [p[0] for p in people])
    _index(document)
    return document


def _ask(document: Document, people) -> None:
    with recipients_language():
        for user in people:
            notify(
                recipients=[user],
                code="document.sign",
                title=gettext("Please read and sign: %(title)s") % {"title": document.title},
                body=document.number,
                url=document_url(document),
                dedupe_key=f"document.sign.{document.pk}.{user.pk}",
            )


def supersede_previous(*, actor, document: Document) -> None:
    """The revision before `document` (if any) becomes superseded; it stays readable."""
    old = document.supersedes
    if old is None or old.state == D.SUPERSEDED:
        return
    apply(
        old,
        DOCUMENT_FLOW,
        "supersede",
        actor,
        changes={"superseded_at": timezone.now()},
        data={"by": document.pk},
    )
    _index(old)


@transaction.atomic
def document_open(*, actor, document: Document) -> bool:
    """Record that a required signer opened the document (first time only); True if now."""
    signer = selectors.signer_for(document, actor)
    if signer is None or signer.opened_at is not None or document.state == D.SUPERSEDED:
        return False
    won = DocumentSigner.objects.filter(pk=signer.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )
    if won == 1:
        event_record(target=document, code="opened", actor=actor)
    return won == 1


@transaction.atomic
def document_sign(*, actor, document: Document, note: str = "") -> DocumentSigner:
    """A required signer signs (who, when: the shared signature line); when the last one has
    signed, a company document is archived (R-DOC-1)."""
    require_write(actor)
    check_state(document, DOCUMENT_FLOW, "sign", actor)
    signer = selectors.signer_for(document, actor)
    if signer is None:
        raise NotAllowed(_("You are not among the people who must sign this."), code="not_signer")
    if signer.opened_at is None:
        raise Conflict(_("Open and read the document before signing it."), code="not_opened")
    signature_sign(
        target=document,
        slot=signer.signature.slot,
        actor=actor,
        note=optional_text(note, "note", 300),
    )
    if (
        document.state == D.CIRCULATING
        and not selectors.signers_of(document, unsigned=True).exists()
    ):
        _archive(actor, document)
    return signer


def _archive(actor, document: Document) -> None:
    """Every required signer has signed: archive it (R-DOC-1) and tell the issuer."""
    apply(document, DOCUMENT_FLOW, "archive", actor, changes={"archived_at": timezone.now()})
    _index(document)
    with recipients_language():
        notify(
            recipients=[document.issued_by or document.created_by],
            code="document.archived",
            title=gettext("Signed by everyone and archived: %(title)s") % {"title": document.title},
            body=document.number,
            url=document_url(document),
            dedupe_key=f"document.archived.{document.pk}",
        )


@transaction.atomic
def document_revise(*, actor, document: Document, change_note: str) -> Document:
    """Start a new revision as a draft; issued, it supersedes this one and needs new signatures."""
    require_sites(actor, selectors.document_site_ids(document))
    check_state(document, DOCUMENT_FLOW, "revise", actor)
    require_manage(actor, document)
    if selectors.newer_revision(document) is not None:
        raise Conflict(_("A newer revision of this document already exists."), code="revised")
    note = require_text(change_note, "change_note", _("Say what changes in the new revision."), 500)
    new = Document.objects.create(
        number=number_next(
            scheme="ZD" if document.is_rule else "WJ",
            site_id=document.site_id if document.is_rule else 0,
        ),
        kind=document.kind,
        title=document.title,
        ref_number=document.ref_number,
        issuing_body=document.issuing_body,
        body=document.body,
        site=document.site,
        signer_roles=document.signer_roles,
        remind_after_days=document.remind_after_days,
        revision=document.revision + 1,
        lineage_id=document.lineage_id or document.pk,
        supersedes=document,
        change_note=note,
        review_every_months=document.review_every_months,
        created_by=actor,
    )
    _set_sites(new, list(document.sites.all()))
    new.extra_signers.set(document.extra_signers.all())
    event_record(target=document, code="revised", actor=actor, data={"revision": new.pk}, note=note)
    event_record(
        target=new, code="created", actor=actor, data={"supersedes": document.pk}, note=note
    )
    _index(new)
    return new


def _index(document: Document) -> None:
    from ..search import index_document

    index_document(document)
