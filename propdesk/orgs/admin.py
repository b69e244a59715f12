"""Configuration admin: the company, sites, buildings, units, departments, desks and shifts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from propdesk.core.admin import ConfigAdmin, ConfigInline

from .models import Building, Company, Department, FrontDesk, Shift, Site, Unit


@admin.register(Company)
class CompanyAdmin(ConfigAdmin):
    list_display = ["name", "short_name", "hotline"]


class BuildingInline(ConfigInline):
    model = Building
    extra = 0


class DepartmentInline(ConfigInline):
    model = Department
    extra = 0
    autocomplete_fields = ["head"]


class DeskInline(ConfigInline):
    model = FrontDesk
    extra = 0
    show_change_link = True


@admin.register(Site)
class SiteAdmin(ConfigAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "service_level",
        "hotline",
        "dispatch_fallback",
        "is_active",
    ]
    list_filter = ["kind", "service_level", "is_active"]
    search_fields = ["name", "code"]
    inlines = [BuildingInline, DepartmentInline, DeskInline]


@admin.register(Building)
class BuildingAdmin(ConfigAdmin):
    list_display = ["name", "site", "sort_order"]
    list_filter = ["site"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(ConfigAdmin):
    list_display = ["code", "site", "building", "floor", "area"]
    list_filter = ["site"]
    search_fields = ["code", "search_key"]
    list_select_related = ["site", "building"]
    autocomplete_fields = ["building"]


@admin.register(Department)
class DepartmentAdmin(ConfigAdmin):
    """Departments without a head are flagged: their handling forms reach nobody (R-CP-2)."""

    list_display = ["name", "site", "kind", "head", "has_head"]
    list_filter = ["site", "kind", ("head", admin.EmptyFieldListFilter)]
    list_select_related = ["site", "head"]
    autocomplete_fields = ["head"]

    @admin.display(boolean=True, description=_("has a head"))
    def has_head(self, obj: Department) -> bool:
        return obj.head_id is not None and obj.head.is_active


class ShiftInline(ConfigInline):
    model = Shift
    extra = 0


@admin.register(FrontDesk)
class FrontDeskAdmin(ConfigAdmin):
    list_display = ["name", "site", "location"]
    list_filter = ["site"]
    inlines = [ShiftInline]
