"""The three registers as Excel (core export kinds, with the list's filters) and as printed
registers with a cover page (R-FS-9, R-FM-4)."""

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from propdesk.core.exceptions import NotAllowed
from propdesk.core.printing import pdf_response
from propdesk.core.views_exports import export_response
from propdesk.orgs.selectors import site_list_for_user

from ..permissions import can_export
from .common import passes_page, site_id_for


def _filters(request, keys) -> dict:
    out = {k: request.GET.get(k, "")[:60] for k in keys if request.GET.get(k)}
    site_id = site_id_for(request)
    if site_id:
        out["site"] = site_id
    return out


def _require_export(request):
    if not can_export(request.user):
        raise NotAllowed()


@require_GET
@passes_page
def renovation_export(request):
    _require_export(request)
    return export_response(request, "renovations", _filters(request, ("state", "q")))


@require_GET
@passes_page
def pass_export(request):
    _require_export(request)
    return export_response(request, "worker_passes", _filters(request, ("status", "q")))


@require_GET
@passes_page
def release_export(request):
    _require_export(request)
    filters = _filters(request, ("state", "q"))
    day = request.GET.get("day", "")
    if day != "all":
        filters["day"] = (parse_date(day) or timezone.localdate()).isoformat()
    return export_response(request, "goods_releases", filters)


def _site(request):
    site_id = site_id_for(request)
    if site_id is None:
        raise Http404  # a printed register is of one site: choose it in the switcher
    site = site_list_for_user(request.user).select_related("company").filter(pk=site_id).first()
    if site is None:
        raise Http404
    return site


@require_GET
@passes_page
def renovation_print(request):
    from ..printing import renovation_register_pdf

    site = _site(request)
    pdf = renovation_register_pdf(request.user, site=site, state=request.GET.get("state", "")[:20])
    return pdf_response(pdf, f"装修登记表-{timezone.localdate()}.pdf")


@require_GET
@passes_page
def pass_print(request):
    from ..printing import pass_register_pdf

    site = _site(request)
    pdf = pass_register_pdf(request.user, site=site, status=request.GET.get("status", "valid")[:10])
    return pdf_response(pdf, f"临时出入证办理登记表-{timezone.localdate()}.pdf")


@require_GET
@passes_page
def release_print(request):
    from ..printing import release_register_pdf

    site = _site(request)
    day = parse_date(request.GET.get("day", "") or "") or timezone.localdate()
    pdf = release_register_pdf(request.user, site=site, day=day)
    return pdf_response(pdf, f"物品放行登记表-{day}.pdf")
