"""Reads of documents and form templates, and the hooks other apps call:
`template_version_for(code)` (the version a print carries) and `template_for_use(code)`."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import narrow_to_site
from propdesk.core.exceptions import Conflict
from propdesk.people.models import User

from .models import Document, DocumentSigner, DocumentSite, FormTemplate, TemplateVersion
from .permissions import document_scope, template_scope

D = Document.State
V = TemplateVersion.State
DUE_SOON_DAYS = 30
# The version every form carried before templates were recorded (prints fall back to it).
FIRST_VERSION = "2026.1"


# --- documents ----------------------------------------------------------------------------------


def document_list_for_user(
    user, *, site_id=None, state: str = "", kind: str = "", q: str = ""
) -> QuerySet[Document]:
    """Documents of the user's sites, newest first, with signed/required counts (one query)."""
    qs = document_scope(user)
    if site_id is not None:
        qs = qs.filter(site_links__site_id=site_id)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(ref_number__icontains=q))
    return with_counts(qs.select_related("created_by")).order_by("-created_at", "-id")


def with_counts(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.annotate(
        signer_count=Count("signers", distinct=True),
        signed_count=Count(
            "signers", filter=Q(signers__signature__signed_at__isnull=False), distinct=True
        ),
    )


def awaiting_signature(user, *, site_id=None) -> QuerySet[DocumentSigner]:
    """ "Awaiting my signature": documents I must still sign, oldest first (R-DOC-1, R-DOC-2)."""
    qs = DocumentSigner.objects.filter(
        user=user,
        signature__signed_at__isnull=True,
        document__state__in=[D.CIRCULATING, D.SIGNING],
        document__in=document_scope(user),
    )
    if site_id is not None:
        qs = qs.filter(document__site_links__site_id=site_id)
    return qs.select_related("document", "document__created_by", "signature").order_by(
        "document__issued_at", "id"
    )


def awaiting_count(user) -> int:
    return awaiting_signature(user).count()


def signers_of(document: Document, *, unsigned: bool = False) -> QuerySet[DocumentSigner]:
    """The required signers of a document with their signature; `unsigned`: who has not signed."""
    qs = document.signers.select_related("user", "site", "signature", "signature__signer")
    if unsigned:
        qs = qs.filter(signature__signed_at__isnull=True)
    return qs.order_by("site__name", "id")


def signer_for(document: Document, user) -> DocumentSigner | None:
    return document.signers.select_related("signature").filter(user=user).first()


def revisions_of(document: Document) -> QuerySet[Document]:
    lineage = document.lineage_id or document.pk
    return Document.objects.filter(Q(lineage_id=lineage) | Q(pk=lineage)).order_by("revision")


def newer_revision(document: Document) -> Document | None:
    """A later revision of the same document that is not itself superseded."""
    return (
        revisions_of(document)
        .filter(revision__gt=document.revision)
        .exclude(state=D.SUPERSEDED)
        .first()
    )


def document_site_ids(document: Document) -> list[int]:
    return list(DocumentSite.objects.filter(document=document).values_list("site_id", flat=True))


def rules_due_for_review(user, *, site_id=None, today=None) -> QuerySet[Document]:
    """Issued internal rules whose review date is past or within 30 days (R-SS-5)."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=DUE_SOON_DAYS)
    qs = narrow_to_site(document_scope(user), site_id).filter(
        kind=Document.Kind.INTERNAL_RULE, state=D.ISSUED, review_due__lte=limit
    )
    return qs.select_related("site").order_by("review_due", "id")


def staff_for_roles(site_ids, roles) -> QuerySet[User]:
    """Active staff of these sites holding one of `roles`, with their sites (who must sign)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=list(roles), staff__sites__in=site_ids)
        .distinct()
        .order_by("name", "username")
    )


def signer_choices(user) -> QuerySet[User]:
    """Staff of the user's sites who may be named as signers (the extra signers field)."""
    from propdesk.core.access import visible_site_ids

    from .workflow import SIGNERS

    qs = User.objects.filter(is_active=True, groups__name__in=list(SIGNERS))
    ids = visible_site_ids(user)
    if ids is not None:
        qs = qs.filter(staff__sites__in=ids)
    return qs.distinct().order_by("name", "username")


# --- form templates -------------------------------------------------------------------------------


def template_list_for_user(
    user, *, department: str = "", state: str = ""
) -> QuerySet[FormTemplate]:
    """Form templates with their version in use and any draft (two queries in all)."""
    qs = template_scope(user)
    if department:
        qs = qs.filter(department=department)
    if state == "no_approved":
        qs = qs.exclude(versions__state=V.APPROVED)
    elif state == "draft":
        qs = qs.filter(versions__state=V.DRAFT)
    live = TemplateVersion.objects.filter(state__in=[V.APPROVED, V.DRAFT]).select_related(
        "author", "approved_by"
    )
    return qs.prefetch_related(Prefetch("versions", queryset=live, to_attr="live")).order_by("code")


def versions_of(template: FormTemplate) -> QuerySet[TemplateVersion]:
    return template.versions.select_related("author", "approved_by", "retired_by").order_by(
        "-created_at", "-id"
    )


def approved_version(code: str) -> TemplateVersion | None:
    return (
        TemplateVersion.objects.filter(template__code=code, state=V.APPROVED)
        .select_related("template")
        .first()
    )


def template_version_for(
    code: str, *, at: datetime.datetime | None = None, default: str = FIRST_VERSION
) -> str:
    """The version label a print of form `code` carries (R-FM-7): the version approved and not
    yet retired at `at` (the moment the record was filled in; now when None). Falls back to
    `default` when the form has no template row or no version was in use then. One query.
    """
    qs = TemplateVersion.objects.filter(template__code=code, approved_at__isnull=False)
    if at is None:
        qs = qs.filter(state=V.APPROVED)
    else:
        qs = qs.filter(approved_at__lte=at).filter(
            Q(retired_at__isnull=True) | Q(retired_at__gt=at)
        )
    label = qs.order_by("-approved_at", "-id").values_list("label", flat=True).first()
    return label or default


def template_for_use(code: str, *, default: str = "") -> str:
    """The label of the approved version of form `code`, to fill a record in with (R-FM-1).

    A form with a template row but no approved version (only drafts or retired ones) cannot be
    used: Conflict with a clear message. A form with no template row at all uses `default`.
    """
    template = FormTemplate.objects.filter(code=code).first()
    if template is None:
        return default
    version = template.versions.filter(state=V.APPROVED).values_list("label", flat=True).first()
    if version is None:
        raise Conflict(
            _("The form “%(name)s” has no approved version: it cannot be used.")
            % {"name": template.display_name},
            code="template_not_approved",
        )
    return version


def template_department_label(template: FormTemplate) -> str:
    from propdesk.orgs.models import Department

    return str(Department.Kind(template.department).label)
