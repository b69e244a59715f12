"""The admin by role: configuration for the configuration roles, business records read-only.

Every model admin derives from one of two bases (a test walks the registry):

- `ConfigAdmin` — users, roles, sites, categories, calendars, SLA, templates, webhooks: edited by
  the system administrator (`editor_roles`), looked at by `viewer_roles`.
- `BusinessAdmin` — tickets, contacts, duty logs, handovers, parcels, promises, incidents,
  residents …: never added, edited or deleted in the admin (R-FM-6, R-FM-8: they change only
  through the services), shown only to the roles that may read them anyway (`reader_roles`), only
  within their sites (`core.access`), personal numbers masked; anyone else gets 404, as on the
  record's own pages.

Access is decided by role, never by Django model permissions, so a superuser (who passes every
model permission) is no wider than the system administrator role it maps to.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

from .access import scope_queryset
from .masking import mask_phone
from .models import BusinessCalendar, CalendarDay, PeriodicSweep

CONFIG_EDITORS = frozenset({"sysadmin"})


def _role_ok(request, roles) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_any_role(roles))


class _ConfigPermissions:
    editor_roles: frozenset[str] = CONFIG_EDITORS
    viewer_roles: frozenset[str] = frozenset()
    read_only = False  # shown to the editors, never changed by hand (logs, sweeps)

    def may_edit(self, request) -> bool:
        return not self.read_only and _role_ok(request, self.editor_roles)

    def has_view_permission(self, request, obj=None):
        return _role_ok(request, self.editor_roles | self.viewer_roles)

    def has_add_permission(self, request, *args):
        return self.may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request)


class ConfigAdmin(_ConfigPermissions, admin.ModelAdmin):
    """Configuration, edited by the configuration roles (SECURITY.md §c rule 2)."""

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class ConfigInline(_ConfigPermissions, admin.TabularInline):
    """An inline of a configuration page (same roles as its page)."""


class ConfigStackedInline(_ConfigPermissions, admin.StackedInline):
    """A stacked inline of a configuration page."""


def masked(field: str, label, mask=mask_phone):
    """A read-only admin column showing `field` masked (138****5678)."""

    def show(obj):
        return mask(getattr(obj, field, "") or "")

    show.short_description = label
    show.__name__ = f"{field}_masked"
    return show


class BusinessAdmin(admin.ModelAdmin):
    """Business records: read-only, for their readers only, within their sites; others get 404."""

    reader_roles: frozenset[str] = frozenset()  # deny by default: each admin names its readers
    site_field = "site"
    # Personal numbers: never shown raw; `masked(...)` columns stand in for them.
    hidden_fields: tuple[str, ...] = ()

    def scope(self, request, qs):
        """The records `request.user` may read (override with the app's own scope helper)."""
        return scope_queryset(qs, request.user, self.site_field)

    def may_read(self, request) -> bool:
        return _role_ok(request, self.reader_roles)

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self.hidden_fields]

    def has_module_permission(self, request):
        return self.may_read(request)

    def has_view_permission(self, request, obj=None):
        return self.may_read(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _require(self, request, object_id=None) -> None:
        if not self.may_read(request):
            raise Http404
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404  # another site's record: as on its own page, not "does not exist"

    def changelist_view(self, request, extra_context=None):
        self._require(request)
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        self._require(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require(request, object_id)
        return super().delete_view(request, object_id, extra_context)


class BusinessInline(admin.TabularInline):
    """Rows shown inside a business record's admin page (which checks the readers): read-only."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Kept for the apps that name it: a read-only business admin.
ReadOnlyAdmin = BusinessAdmin


class CalendarDayInline(ConfigInline):
    model = CalendarDay
    extra = 1
    ordering = ["date"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(ConfigAdmin):
    list_display = ["name", "code", "is_default", "always_open", "day_start", "day_end", "weekdays"]
    inlines = [CalendarDayInline]


@admin.register(PeriodicSweep)
class PeriodicSweepAdmin(ConfigAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_error"]

    def has_add_permission(self, request, *args):
        return False


def config_reregister(model, **attrs) -> None:
    """Put a library's admin of `model` under the configuration rules (it keeps its columns)."""
    base = type(admin.site._registry[model]) if admin.site.is_registered(model) else None
    if base is None:
        return
    admin.site.unregister(model)
    name = f"Config{base.__name__}"
    admin.site.register(model, type(name, (ConfigAdmin, base), attrs))


def _tasks_admin() -> None:
    """The task queue's results: shown to the administrator (operations), never edited."""
    from django.apps import apps

    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        config_reregister(DBTaskResult, read_only=True)


_tasks_admin()
