"""Temporary tasks assigned by leaders to desk staff (R-FD-5)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.notify.services import notify

from ..models import Task
from ..workflow import LEADS


@transaction.atomic
def task_assign(*, actor, site, assigned_to, title: str, due_at, description: str = "") -> Task:
    """A supervisor assigns a task with a due time to a member of the desk of the same site."""
    require_role(actor, LEADS)
    ids = visible_site_ids(actor)
    if ids is not None and site.pk not in ids:
        raise NotAllowed()
    staff = getattr(assigned_to, "staff", None)
    if staff is None or not assigned_to.is_active or not staff.sites.filter(pk=site.pk).exists():
        raise InvalidInput(
            _("Assign the task to a member of this site's staff."),
            fields={"assigned_to": _("Not staff of this site.")},
        )
    if not (title or "").strip():
        raise InvalidInput(_("Describe the task."), fields={"title": _("Required.")})
    task = Task.objects.create(
        site=site,
        title=title.strip()[:100],
        description=description,
        assigned_to=assigned_to,
        assigned_by=actor,
        due_at=due_at,
    )
    event_record(target=task, code="assigned", actor=actor, data={"to": assigned_to.pk})
    notify(
        recipients=[assigned_to],
        code="task.assigned",
        site_id=site.pk,
        url="/tickets/tasks/",
        title=_("New task: %(title)s") % {"title": task.title},
        dedupe_key=f"task:{task.pk}",
    )
    return task


def _finish(task: Task, *, actor, state: str, note: str, code: str) -> Task:
    updated = Task.objects.filter(
        pk=task.pk, state=Task.TaskState.OPEN, version=task.version
    ).update(
        state=state, completion_note=note, completed_at=timezone.now(), version=task.version + 1
    )
    if updated != 1:
        raise Conflict(_("This task is no longer open."), code="wrong_state")
    task.refresh_from_db()
    event_record(target=task, code=code, actor=actor, note=note)
    return task


@transaction.atomic
def task_complete(*, actor, task: Task, note: str) -> Task:
    """The assignee completes the task with a note."""
    if actor.pk != task.assigned_to_id or actor.is_read_only:
        raise NotAllowed(_("Only the person the task is assigned to can complete it."))
    if not (note or "").strip():
        raise InvalidInput(_("Write how the task was completed."), fields={"note": _("Required.")})
    return _finish(
        task, actor=actor, state=Task.TaskState.DONE, note=note.strip(), code="completed"
    )


@transaction.atomic
def task_cancel(*, actor, task: Task, note: str = "") -> Task:
    require_role(actor, LEADS)
    return _finish(task, actor=actor, state=Task.TaskState.CANCELLED, note=note, code="cancelled")
