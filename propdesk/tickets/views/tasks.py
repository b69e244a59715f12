"""Leaders' tasks for desk staff (R-FD-5): leaders assign, the assignee completes, overdue listed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from propdesk.core.exceptions import DomainError
from propdesk.core.paging import page_of
from propdesk.core.sites import current_site_id

from .. import services
from ..forms import TaskAssignForm, TaskNoteForm
from ..selectors import task_list_for_user
from ..selectors_ui import task_get_for_user
from .common import LEADS, TASK_USERS, form_errors_text, refusal_text, refuse, roles_required


@require_http_methods(["GET", "POST"])
@login_required
@roles_required(TASK_USERS)
def task_list(request):
    is_lead = request.user.has_any_role(LEADS) and not request.user.is_read_only
    form = TaskAssignForm(request.POST or None, user=request.user) if is_lead else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.task_assign(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Task assigned."))
            return redirect("tickets:tasks")
    overdue = request.GET.get("overdue") == "1"
    qs = task_list_for_user(request.user, site_id=current_site_id(request), overdue=overdue)
    ctx = {"form": form, "page": page_of(request, qs), "overdue": overdue, "now": timezone.now()}
    status = 400 if request.method == "POST" else 200
    return render(request, "tickets/task_list.html", ctx, status=status)


@require_POST
@login_required
@roles_required(TASK_USERS)
def task_finish(request, pk: int, action: str):
    task = task_get_for_user(request.user, pk)
    form = TaskNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("tickets:tasks")
    service = services.task_complete if action == "complete" else services.task_cancel
    try:
        service(actor=request.user, task=task, note=form.cleaned_data["note"])
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Task updated."))
    return redirect("tickets:tasks")
