"""The search results page behind the header search box."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from propdesk.core.sites import current_site_id
from propdesk.orgs.selectors import site_list_for_user

from . import registry
from .forms import SearchForm
from .selectors import search

PAGE_SIZE = 20


@require_GET
@login_required
def results(request):
    """Ranked, scoped results; the type and site filters combine with the words."""
    sites = [(s.pk, s.name) for s in site_list_for_user(request.user).only("id", "name")]
    types = [(name, t.label) for name, t in registry.types().items()]
    form = SearchForm(request.GET, types=types, sites=sites)
    form.is_valid()  # a bad field (e.g. a site not one's own) is dropped, the rest still apply
    data = form.cleaned_data
    page_no = data.get("page") or 1
    site_id = data.get("site") if "site" in request.GET else current_site_id(request)
    page = search(
        request.user,
        data.get("q", ""),
        doc_types=[data["type"]] if data.get("type") else None,
        site_id=site_id,
        limit=PAGE_SIZE,
        offset=(page_no - 1) * PAGE_SIZE,
    )
    ctx = {"form": form, "page": page, "page_no": page_no, "site_id": site_id}
    return render(request, "search/results.html", ctx)
