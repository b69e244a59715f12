"""Users, roles and API tokens are configuration (the system administrator); residents are
business data, read-only in the admin for the directory's readers, numbers masked."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from propdesk.core.admin import (
    BusinessAdmin,
    BusinessInline,
    ConfigAdmin,
    ConfigStackedInline,
    config_reregister,
    masked,
)
from propdesk.core.masking import mask_id_number

from . import services
from .models import ApiToken, Occupancy, Resident, StaffProfile, User
from .permissions import can_see_salary
from .roles import CONFIG_ROLES, DIRECTORY_READERS, Role

# The auditor reads users, roles and site assignments (SECURITY.md §c), changes nothing.
CONFIG_VIEWERS = frozenset({Role.AUDITOR})


class StaffInline(ConfigStackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["sites"]
    viewer_roles = CONFIG_VIEWERS

    def get_exclude(self, request, obj=None):
        # Base salaries are for the salary readers, not for whoever manages logins.
        return [] if can_see_salary(request.user) else ["base_salary"]


class UserForm(UserChangeForm):
    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        codes = {g.name for g in groups or ()}
        if codes & CONFIG_ROLES and codes - CONFIG_ROLES:
            # Separation of duties (§c rule 2): whoever grants roles has no business role.
            raise ValidationError(
                _("The system administrator role cannot be combined with other roles.")
            )
        return groups


@admin.register(User)
class UserAdmin(ConfigAdmin, BaseUserAdmin):
    """Logins and their roles. Nobody changes their own roles, staff flag or activity here (A7),
    nor their own password without the current one (S4); deactivation ends sessions and tokens."""

    form = UserForm
    viewer_roles = CONFIG_VIEWERS
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("PropDesk"), {"fields": ("name", "email")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["username", "name"]
    filter_horizontal = ["groups"]
    inlines = [StaffInline]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        return False  # records keep their authors: deactivate instead

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["is_active", "is_staff", "groups"]
        return fields

    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        if was_active and not obj.is_active:
            obj.is_active = True  # the service switches it off with its sessions and tokens
            super().save_model(request, obj, form, change)
            services.user_deactivate(actor=request.user, user=obj)
            return
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        if str(id) == str(request.user.pk):
            return redirect("password_change")  # one's own password needs the current one
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Deactivate (end their sessions, revoke their API tokens)"))
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            services.user_deactivate(actor=request.user, user=user)
            done += 1
        self.message_user(
            request,
            ngettext("%(n)d login deactivated.", "%(n)d logins deactivated.", done) % {"n": done},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ConfigAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request, *args):
        return False  # a token is created by its owner, on the profile page


class OccupancyInline(BusinessInline):
    model = Occupancy
    fields = ["unit", "relation", "move_in", "move_out"]


@admin.register(Resident)
class ResidentAdmin(BusinessAdmin):
    reader_roles = DIRECTORY_READERS
    list_display = [
        "name",
        masked("phone", _("Phone")),
        masked("id_number", _("ID number"), mask_id_number),
    ]
    search_fields = ["name"]
    hidden_fields = ("user", "phone", "phone2", "id_number")
    readonly_fields = [
        masked("phone", _("Phone")),
        masked("phone2", _("Second phone")),
        masked("id_number", _("ID number"), mask_id_number),
    ]
    inlines = [OccupancyInline]

    def scope(self, request, qs):
        from .selectors import resident_list_for_user

        return qs.filter(pk__in=resident_list_for_user(request.user).values("pk"))


# Roles are the fixed codes the product checks: shown, never renamed or re-permissioned here.
config_reregister(Group, read_only=True, viewer_roles=CONFIG_VIEWERS)


def _axes_admin() -> None:
    """Lockouts (S1): the administrator sees and clears them (operations, not business data)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    config_reregister(AccessAttempt)
    config_reregister(AccessLog, read_only=True)
    config_reregister(AccessFailureLog, read_only=True)


_axes_admin()
