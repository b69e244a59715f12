"""Who sees and changes documents and form templates (SECURITY.md §c). Out of scope → 404."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import get_or_404, visible_site_ids
from propdesk.core.exceptions import NotAllowed, NotFound
from propdesk.people.roles import Role

from .models import Document, DocumentSite, FormTemplate, TemplateVersion
from .workflow import (
    ISSUERS,
    READERS,
    RULE_EDITORS,
    TEMPLATE_APPROVERS,
    TEMPLATE_EDITORS,
    TEMPLATE_FLOW,
)


def is_reader(user) -> bool:
    return bool(user.is_active and user.has_any_role(READERS))


def _writer(user, roles) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(roles))


def can_issue(user) -> bool:
    return _writer(user, ISSUERS)


def can_edit_templates(user) -> bool:
    return _writer(user, TEMPLATE_EDITORS)


def can_approve_templates(user) -> bool:
    return _writer(user, TEMPLATE_APPROVERS)


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def require_sites(user, site_ids) -> None:
    """Every site in `site_ids` is one of the user's; otherwise treated as not found."""
    ids = visible_site_ids(user)
    if ids is not None and not set(site_ids) <= ids:
        raise NotFound()


def document_scope(user) -> QuerySet[Document]:
    """Documents issued to one of the user's sites; drafts only for those who issue them."""
    if not is_reader(user):
        return Document.objects.none()
    qs = Document.objects.all()
    ids = visible_site_ids(user)
    if ids is not None:
        links = DocumentSite.objects.filter(document=OuterRef("pk"), site_id__in=ids)
        qs = qs.filter(Exists(links))
    if not user.has_any_role(ISSUERS):
        qs = qs.exclude(state=Document.State.DRAFT)
    return qs


def document_get_for_user(user, pk: int) -> Document:
    """One document the user may see, or 404."""
    qs = document_scope(user).select_related(
        "site", "created_by", "issued_by", "supersedes", "agenda_item__meeting"
    )
    return get_or_404(qs, pk=pk)


def template_scope(user) -> QuerySet[FormTemplate]:
    """Form templates are company-wide: every reader sees them."""
    return FormTemplate.objects.all() if is_reader(user) else FormTemplate.objects.none()


def template_get_for_user(user, pk: int) -> FormTemplate:
    return get_or_404(template_scope(user), pk=pk)


def template_version_get_for_user(user, pk: int) -> TemplateVersion:
    qs = TemplateVersion.objects.filter(template__in=template_scope(user))
    qs = qs.select_related("template", "author", "approved_by", "retired_by")
    return get_or_404(qs, pk=pk)


def may_manage(user, document: Document) -> bool:
    """Who edits, issues and revises a document: whoever drafted it, or the GM; an internal rule,
    any CS or centre manager of its site (scope is checked by the services)."""
    if not user.is_active or user.is_read_only:
        return False
    if document.is_rule:
        return user.has_any_role(RULE_EDITORS)
    return user.pk == document.created_by_id or user.has_any_role({Role.GM})


def require_manage(user, document: Document) -> None:
    if not may_manage(user, document):
        raise NotAllowed(
            _("Only whoever drafted this document, or the GM, may change, issue or revise it."),
            code="not_author",
        )


def version_actions(user, version: TemplateVersion) -> list[str]:
    """What `user` may do on a form version now: the state machine, less approving a version they
    wrote (R-FM-1; the service refuses it too). The page and the API's `actions` both read this."""
    actions = TEMPLATE_FLOW.allowed_actions(state=version.state, user=user)
    if version.author_id == user.pk:
        actions = [a for a in actions if a != "approve"]
    return actions
