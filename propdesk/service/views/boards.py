"""The boards: shift lead (值班看板), CS manager (经理看板), property-centre manager (重大投诉).

Each is refreshed by htmx every minute (the same view answers the board body alone).
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import boards
from .common import service_page, site_id_for


def _render(request, name: str, ctx: dict):
    template = f"service/{name}_body.html" if request.htmx else f"service/{name}.html"
    return render(request, template, ctx)


@require_GET
@service_page(boards.LEAD_BOARD)
def board_lead(request):
    ctx = boards.lead_board(request.user, site_id=site_id_for(request))
    return _render(request, "board_lead", ctx)


@require_GET
@service_page(boards.MANAGER_BOARD)
def board_manager(request):
    ctx = boards.manager_board(request.user, site_id=site_id_for(request))
    return _render(request, "board_manager", ctx)


@require_GET
@service_page(boards.CENTRE_BOARD)
def board_centre(request):
    site_id = site_id_for(request)
    ctx = boards.centre_board(request.user, site_id=site_id)
    if not request.htmx:
        ctx["signoffs"] = boards.centre_signoffs(request.user, site_id=site_id)
    return _render(request, "board_centre", ctx)
