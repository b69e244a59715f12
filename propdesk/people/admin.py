from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from propdesk.core.masking import mask_id_number, mask_phone

from .models import ApiToken, Occupancy, Resident, StaffProfile, User


class StaffInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["sites"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("PropDesk"), {"fields": ["name"]}),)
    list_display = ["username", "name", "is_active", "is_staff"]
    search_fields = ["username", "name"]
    inlines = [StaffInline]


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_phone", "masked_id"]
    search_fields = ["name"]
    exclude = ["user"]
    inlines = [OccupancyInline]

    @admin.display(description=_("Phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
