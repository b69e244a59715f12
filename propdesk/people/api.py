"""API: me, sites, buildings, units, residents — scoped, with personal numbers masked."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema

from propdesk.core.api import Id, Limit, Offset, Page, paginate
from propdesk.core.masking import mask_id_number, mask_phone
from propdesk.orgs import selectors as org_selectors

from . import selectors, services
from .permissions import require_directory_reader

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    roles: list[str]
    site_ids: list[int] | None


class SiteOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    address: str
    hotline: str
    service_level: int


class BuildingOut(Schema):
    id: int
    site_id: int
    name: str


class UnitOut(Schema):
    id: int
    site_id: int
    building_id: int
    code: str
    floor: int | None


class OccupancyOut(Schema):
    unit_id: int
    unit: str = Field(..., alias="unit.code")
    site_id: int
    relation: str
    move_in: date | None
    move_out: date | None


class ResidentOut(Schema):
    id: int
    name: str
    phone: str
    phone2: str
    id_number: str
    occupancies: list[OccupancyOut]

    @staticmethod
    def resolve_phone(obj):
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_phone2(obj):
        return mask_phone(obj.phone2)

    @staticmethod
    def resolve_id_number(obj):
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_occupancies(obj):
        return list(obj.occupancies.all())


class SitePage(Page):
    items: list[SiteOut]


class BuildingPage(Page):
    items: list[BuildingOut]


class UnitPage(Page):
    items: list[UnitOut]


class ResidentPage(Page):
    items: list[ResidentOut]


class RevealIn(Schema):
    field: str = Field(..., pattern="^(phone|phone2|id_number)$")
    reason: str = Field("", max_length=200)


class RevealOut(Schema):
    field: str
    value: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    user = request.auth
    ids = user.visible_site_ids()
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.name,
        "roles": sorted(user.role_codes),
        "site_ids": None if ids is None else sorted(ids),
    }


@router.get("/sites/", response=SitePage)
def site_list(request, limit: Limit = 25, offset: Offset = 0):
    return paginate(org_selectors.site_list_for_user(request.auth), limit=limit, offset=offset)


@router.get("/buildings/", response=BuildingPage)
def building_list(request, site_id: Id | None = None, limit: Limit = 25, offset: Offset = 0):
    require_directory_reader(request.auth)
    qs = org_selectors.building_list_for_user(request.auth, site_id=site_id)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/units/", response=UnitPage)
def unit_list(
    request,
    q: str = "",
    site_id: Id | None = None,
    building_id: Id | None = None,
    limit: Limit = 25,
    offset: Offset = 0,
):
    require_directory_reader(request.auth)
    qs = org_selectors.unit_list_for_user(
        request.auth, q=q, site_id=site_id, building_id=building_id
    )
    return paginate(qs, limit=limit, offset=offset)


@router.get("/units/{unit_id}", response=UnitOut)
def unit_get(request, unit_id: int):
    require_directory_reader(request.auth)
    return org_selectors.unit_get_for_user(request.auth, unit_id)


@router.get("/residents/", response=ResidentPage)
def resident_list(
    request, q: str = "", site_id: Id | None = None, limit: Limit = 25, offset: Offset = 0
):
    require_directory_reader(request.auth)
    qs = selectors.resident_list_for_user(request.auth, q=q, site_id=site_id)
    return paginate(qs, limit=limit, offset=offset)


@router.get("/residents/{resident_id}", response=ResidentOut)
def resident_get(request, resident_id: int):
    require_directory_reader(request.auth)
    return selectors.resident_get_for_user(request.auth, resident_id)


@router.post("/residents/{resident_id}/reveal", response=RevealOut)
def resident_reveal(request, resident_id: int, payload: RevealIn):
    require_directory_reader(request.auth)
    resident = selectors.resident_get_for_user(request.auth, resident_id)
    value = services.personal_data_reveal(
        actor=request.auth, resident=resident, field=payload.field, reason=payload.reason
    )
    return {"field": payload.field, "value": value}
