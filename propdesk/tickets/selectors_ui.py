"""Small read-only helpers for the ticket pages: timelines, choices, actions a user may take now."""

from django.db.models import Q, QuerySet

from propdesk.core.access import get_or_404, narrow_to_site, visible_site_ids
from propdesk.core.corrections import correction_list_for
from propdesk.core.events import event_list_for
from propdesk.core.signatures import signature_pending_for_user
from propdesk.orgs.models import Department
from propdesk.people.models import User
from propdesk.people.selectors import staff_list_for_user

from .models import Task, Ticket
from .permissions import ticket_scope
from .selectors import task_list_for_user


def timeline_for(target) -> list:
    """Events of a record, oldest first, with the people and departments they name (2 queries)."""
    events = list(event_list_for(target).order_by("created_at", "id"))
    user_ids, dept_ids = set(), set()
    for e in events:
        for key in ("assignee", "to_user", "from_user", "to", "head"):
            if isinstance(e.data.get(key), int):
                user_ids.add(e.data[key])
        if isinstance(e.data.get("department"), int):
            dept_ids.add(e.data["department"])
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    depts = dict(Department.objects.filter(pk__in=dept_ids).values_list("pk", "name"))
    for e in events:
        e.department_name = depts.get(e.data.get("department"), "")
        e.assignee_name = users.get(e.data.get("assignee") or e.data.get("to_user"), "")
        e.head_name = users.get(e.data.get("head"), "") if e.code == "dispatch" else ""
    return events


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(field.choices or [])
    return str(choices.get(value, value))


def corrections_for(ticket: Ticket) -> list:
    """Corrections (R-FM-6) with old and new values shown as labels where the field has choices."""
    rows = list(correction_list_for(ticket).order_by("created_at", "id"))
    for row in rows:
        try:
            field = Ticket._meta.get_field(row.field)
        except Exception:  # a field removed since the correction was made
            field = None
        row.field_label = field.verbose_name if field else row.field
        row.old_display = _display(field, row.old_value) if field else row.old_value
        row.new_display = _display(field, row.new_value) if field else row.new_value
    return rows


def department_list_for_site(site_id: int) -> QuerySet[Department]:
    return Department.objects.filter(site_id=site_id).order_by("kind")


def department_list_for_user(user) -> QuerySet[Department]:
    ids = visible_site_ids(user)
    qs = Department.objects.select_related("site").order_by("site_id", "kind")
    return qs if ids is None else qs.filter(site_id__in=ids)


def worker_list_for_department(user, department_id, *, acting_head_id=None) -> QuerySet[User]:
    """Who may be assigned: active staff of the department, its head and whoever acts for it
    (as the service allows)."""
    staff = staff_list_for_user(user).filter(department_id=department_id)
    return (
        User.objects.filter(
            Q(pk__in=staff.values("user_id"))
            | Q(headed_departments=department_id)
            | Q(pk=acting_head_id),
            is_active=True,
            staff__isnull=False,
        )
        .distinct()
        .order_by("name")
    )


def workers_by_department(user, department_ids) -> dict[int, list]:
    """{department id: [(user id, name)]} for the inline accept forms of a queue page (2 queries)."""
    ids = {d for d in department_ids if d}
    out: dict[int, list] = {d: [] for d in ids}
    staff = staff_list_for_user(user).filter(department_id__in=ids, user__is_active=True)
    for s in staff.order_by("user__name"):
        out[s.department_id].append((s.user_id, str(s.user)))
    heads = Department.objects.filter(pk__in=ids, head__isnull=False, head__is_active=True)
    for dept in heads.select_related("head"):
        if all(uid != dept.head_id for uid, _name in out[dept.pk]):
            out[dept.pk].insert(0, (dept.head_id, str(dept.head)))
    return out


def staff_users_for_user(user) -> QuerySet[User]:
    """Staff of the user's sites (for assignee filters and task assignment)."""
    return User.objects.filter(
        pk__in=staff_list_for_user(user).values("user_id"), is_active=True
    ).order_by("name")


def ticket_get_by_number(user, number: str) -> Ticket | None:
    return ticket_scope(user).filter(number=number.strip()).first()


def task_get_for_user(user, pk: int) -> Task:
    return get_or_404(task_list_for_user(user), pk=pk)


def countersign_queue(user, *, site_id=None):
    """Entries waiting for the user's countersign (R-FM-5): not their own, which others sign."""
    qs = signature_pending_for_user(user).exclude(requested_by=user)
    return narrow_to_site(qs, site_id, field="site_id")
