from django.contrib import admin

from .models import Building, Company, Department, FrontDesk, Shift, Site, Unit


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "hotline"]


class BuildingInline(admin.TabularInline):
    model = Building
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    autocomplete_fields = ["head"]


class DeskInline(admin.TabularInline):
    model = FrontDesk
    extra = 0
    show_change_link = True


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "service_level", "hotline", "is_active"]
    list_filter = ["kind", "service_level", "is_active"]
    search_fields = ["name", "code"]
    inlines = [BuildingInline, DepartmentInline, DeskInline]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "sort_order"]
    list_filter = ["site"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "site", "building", "floor", "area"]
    list_filter = ["site"]
    search_fields = ["code", "search_key"]
    list_select_related = ["site", "building"]
    autocomplete_fields = ["building"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "kind", "head"]
    list_filter = ["site", "kind"]
    list_select_related = ["site", "head"]
    autocomplete_fields = ["head"]


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


@admin.register(FrontDesk)
class FrontDeskAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "location"]
    list_filter = ["site"]
    inlines = [ShiftInline]
