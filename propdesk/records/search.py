"""Documents in the one search index: one row per (document, site), so each site finds the
documents issued to it; a user seeing several of its sites gets one hit per document."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from propdesk.core.access import get_or_404, visible_site_ids
from propdesk.search.registry import SearchFields, register

from .models import Document, DocumentSite
from .permissions import document_scope, is_reader


def link_search_fields(link: DocumentSite) -> SearchFields:
    doc = link.document
    return SearchFields(
        title=f"{doc.number} {doc.title}",
        body="\n".join(filter(None, [doc.ref_number, doc.issuing_body, doc.body])),
        site_id=link.site_id,
        updated_at=doc.issued_at or doc.created_at,
        numbers=[doc.number],
        keywords=[doc.ref_number, doc.issuing_body],
    )


def visible_links(user):
    """The (document, site) rows the user may find: one per visible document (the first of the
    user's sites), so a manager of two sites does not see each document twice. Drafts are not
    indexed, so for a reader of one site the index's own site filter decides (None: no subquery)."""
    if not is_reader(user):
        return DocumentSite.objects.none()
    ids = visible_site_ids(user)
    if ids is not None and len(ids) == 1:
        return None
    qs = DocumentSite.objects.filter(document__in=document_scope(user))
    earlier = DocumentSite.objects.filter(document=OuterRef("document"), id__lt=OuterRef("id"))
    if ids is not None:
        qs, earlier = qs.filter(site_id__in=ids), earlier.filter(site_id__in=ids)
    return qs.exclude(Exists(earlier))


def index_document(document: Document) -> None:
    """(Re-)index every site row of a document; a draft is not searchable (its issuers find it
    in the list)."""
    from propdesk.search.services import search_index_delete, search_index_update

    links = DocumentSite.objects.filter(document=document).select_related("document")
    for link in links:
        if document.state == Document.State.DRAFT:
            search_index_delete("document", link.pk)
        else:
            search_index_update("document", link)


@require_GET
@login_required
def document_link_redirect(request, pk: int):
    """A search hit opens the document (the hit names its site row)."""
    links = DocumentSite.objects.filter(document__in=document_scope(request.user))
    ids = visible_site_ids(request.user)
    if ids is not None:
        links = links.filter(site_id__in=ids)
    link = get_or_404(links, pk=pk)
    return redirect("records:document-detail", link.document_id)


def register_search() -> None:
    register(
        "document",
        model=DocumentSite,
        label=_("Document"),
        build=link_search_fields,
        url=lambda pk: reverse("records:document-site", args=[pk]),
        visible=visible_links,
        queryset=lambda: DocumentSite.objects.exclude(
            document__state=Document.State.DRAFT
        ).select_related("document"),
    )
