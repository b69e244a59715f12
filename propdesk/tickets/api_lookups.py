"""API of what a create or a dispatch needs: the categories (with the department a dispatch
goes to per site) and the departments of the caller's sites, flagged when they have no head."""

from ninja import Field, Query, Schema

from propdesk.core.access import narrow_to_site
from propdesk.core.api import Id, Limit, Offset, Page, one_of, paginate
from propdesk.core.exceptions import NotAllowed

from . import selectors
from .api import _check_query, router
from .models import Kind
from .permissions import DEPARTMENT_READERS, SITE_READERS
from .selectors_ui import department_list_for_user


class CategoryFilters(Schema):
    kind: one_of(Kind.values) | None = None
    site: Id | None = None


class SiteDepartmentOut(Schema):
    """Where a category's tickets go at one site when dispatched without a `department`."""

    site_id: int
    department_id: int | None = Field(None, description="null: the site has no such department")
    department: str = ""
    has_head: bool = False


class CategoryOut(Schema):
    id: int
    kind: str
    kind_label: str
    code: str
    name: str
    default_department: str = Field(..., description="department type, e.g. engineering")
    default_department_label: str
    callback_policy: str
    callback_policy_label: str
    is_major: bool
    departments: list[SiteDepartmentOut]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_default_department_label(obj) -> str:
        return str(obj.get_default_department_display())

    @staticmethod
    def resolve_callback_policy_label(obj) -> str:
        return str(obj.get_callback_policy_display())

    @staticmethod
    def resolve_departments(obj) -> list:
        return getattr(obj, "site_departments", [])


class CategoryPage(Page):
    items: list[CategoryOut]


class DepartmentFilters(Schema):
    site: Id | None = None


class DepartmentOut(Schema):
    id: int
    site_id: int
    kind: str
    kind_label: str
    name: str
    head_id: int | None
    head: str | None = None
    has_head: bool = Field(..., description="false: nobody receives its handling forms")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_head(obj) -> str | None:
        return str(obj.head) if obj.head_id else None

    @staticmethod
    def resolve_has_head(obj) -> bool:
        return obj.head_id is not None


class DepartmentPage(Page):
    items: list[DepartmentOut]


CATEGORY_FILTERS = set(CategoryFilters.model_fields)
DEPARTMENT_FILTERS = set(DepartmentFilters.model_fields)


@router.get("/categories/", response=CategoryPage)
def category_list(request, filters: Query[CategoryFilters], limit: Limit = 100, offset: Offset = 0):
    """Active categories (`category` of a create is the code) with, per site of yours, the
    department a dispatch without `department` goes to."""
    values = filters.model_dump()
    _check_query(request, CATEGORY_FILTERS, values)
    page = paginate(selectors.category_list_active(kind=values["kind"]), limit=limit, offset=offset)
    selectors.category_departments_attach(request.auth, page["items"], site_id=values["site"])
    return page


@router.get("/departments/", response=DepartmentPage)
def department_list(
    request, filters: Query[DepartmentFilters], limit: Limit = 100, offset: Offset = 0
):
    """Departments of your sites (`department` of a dispatch is the id); `has_head` false means
    nobody would receive the handling form."""
    user = request.auth
    if not user.has_any_role(SITE_READERS | DEPARTMENT_READERS):
        raise NotAllowed()
    _check_query(request, DEPARTMENT_FILTERS, filters.model_dump())
    qs = narrow_to_site(department_list_for_user(user), filters.site)
    return paginate(qs.select_related("head"), limit=limit, offset=offset)
