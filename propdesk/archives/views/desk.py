"""The archivist's desk (档案员工作台), their home page: intake waiting with its age, loans due and
overdue, approved loans to hand over, inspections in progress, destructions pending."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from propdesk.core.sites import current_site_id

from .. import selectors
from ..permissions import is_archivist
from .common import record_page


@require_GET
@record_page
def desk(request):
    if not is_archivist(request.user):
        raise PermissionDenied
    ctx = selectors.desk_for_user(request.user, site_id=current_site_id(request))
    return render(request, "archives/desk.html", ctx)
