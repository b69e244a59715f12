"""Import of units and residents from an .xlsx file: all rows valid, or nothing is saved.

Columns (header row, Chinese or English names): 项目编码 site, 楼栋 building, 房号 unit,
楼层 floor, 姓名 name, 手机 phone, 备用电话 phone2, 身份证号 id_number,
关系 relation (业主/租户/家属 or owner/tenant/family), 入住日期 move_in.
A row with only the unit columns creates the unit; with a name it also creates the resident.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.orgs.models import Building, Site, Unit

from .models import Occupancy, Resident

HEADERS = {
    "项目编码": "site",
    "site": "site",
    "楼栋": "building",
    "building": "building",
    "房号": "unit",
    "unit": "unit",
    "楼层": "floor",
    "floor": "floor",
    "姓名": "name",
    "name": "name",
    "手机": "phone",
    "phone": "phone",
    "备用电话": "phone2",
    "phone2": "phone2",
    "身份证号": "id_number",
    "id_number": "id_number",
    "关系": "relation",
    "relation": "relation",
    "入住日期": "move_in",
    "move_in": "move_in",
}
RELATIONS = {
    "业主": "owner",
    "租户": "tenant",
    "家属": "family",
    "owner": "owner",
    "tenant": "tenant",
    "family": "family",
}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
MAX_ROWS = 20000


@dataclass
class ImportResult:
    units_created: int = 0
    residents_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _date(v):
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(_text(v))
    except ValueError:
        raise ValueError(_("date must look like 2024-05-01")) from None


def _read_rows(fh):
    from openpyxl import load_workbook  # imported by an import, not by every worker

    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a non-xlsx file
        raise InvalidInput(_("The file is not a valid .xlsx workbook."), code="bad_file") from None
    rows = wb.active.iter_rows(values_only=True)
    header = next(rows, None) or ()
    cols = [HEADERS.get(_text(h).lower() if _text(h).isascii() else _text(h)) for h in header]
    if not {"site", "building", "unit"} <= set(cols):
        raise InvalidInput(
            _("The first row must name the columns 项目编码, 楼栋 and 房号."), code="bad_header"
        )
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise InvalidInput(
                _("At most %(n)d rows per file.") % {"n": MAX_ROWS}, code="too_many_rows"
            )
        values = {c: row[i] if i < len(row) else None for i, c in enumerate(cols) if c}
        if any(_text(v) for v in values.values()):
            yield number, values


def _check(values: dict, sites: dict) -> dict:
    """Validate one row; raise ValueError with the reason."""
    site = sites.get(_text(values.get("site")))
    if site is None:
        raise ValueError(_("unknown site code or not one of your sites"))
    building, unit = _text(values.get("building")), _text(values.get("unit"))
    if not building or not unit or len(unit) > 50 or len(building) > 50:
        raise ValueError(_("building and unit are required (at most 50 characters)"))
    row = {"site": site, "building": building, "unit": unit, "name": _text(values.get("name"))}
    floor = _text(values.get("floor"))
    if floor and not re.fullmatch(r"-?\d{1,3}", floor):
        raise ValueError(_("floor must be a whole number"))
    row["floor"] = int(floor) if floor else None
    if row["name"]:
        _check_resident(values, row)
    return row


def _check_resident(values: dict, row: dict) -> None:
    if len(row["name"]) > 50:
        raise ValueError(_("name is longer than 50 characters"))
    for key in ("phone", "phone2"):
        row[key] = _text(values.get(key))
        if (key == "phone" or row[key]) and not PHONE.match(row[key]):
            raise ValueError(_("phone number %(value)s is not valid") % {"value": row[key] or "—"})
    row["id_number"] = _text(values.get("id_number")).upper()
    if row["id_number"] and not ID_NUMBER.match(row["id_number"]):
        raise ValueError(_("ID number is not a valid 18-character number"))
    relation = RELATIONS.get(_text(values.get("relation")).lower() or "业主")
    if relation is None:
        raise ValueError(_("relation must be 业主, 租户 or 家属"))
    row["relation"] = relation
    row["move_in"] = _date(values.get("move_in"))


def directory_import(*, actor, fh, sites) -> ImportResult:
    """Validate every row first; save all of them in one transaction only if none has an error."""
    by_code = {s.code: s for s in sites}
    result, checked = ImportResult(), []
    for number, values in _read_rows(fh):
        try:
            checked.append(_check(values, by_code))
        except ValueError as exc:
            result.errors.append((number, str(exc)))
    if result.errors or not checked:
        if not checked and not result.errors:
            result.errors.append((2, _("the file has no data rows")))
        return result
    with transaction.atomic():
        for row in checked:
            _save_row(row, result)
        event_record(
            target=actor,
            code="directory.imported",
            actor=actor,
            data={"units": result.units_created, "residents": result.residents_created},
        )
    return result


def _save_row(row: dict, result: ImportResult) -> None:
    site: Site = row["site"]
    building, _created = Building.objects.get_or_create(site=site, name=row["building"])
    unit = Unit.objects.filter(site=site, code=row["unit"]).first()
    if unit is None:
        unit = Unit(site=site, building=building, code=row["unit"], floor=row["floor"])
        unit.save()
        result.units_created += 1
    if not row["name"]:
        return
    resident = Resident.objects.filter(name=row["name"], phone=row["phone"]).first()
    if resident is None:
        resident = Resident.objects.create(
            name=row["name"],
            phone=row["phone"],
            phone2=row.get("phone2", ""),
            id_number=row["id_number"],
        )
        result.residents_created += 1
    if not Occupancy.objects.filter(resident=resident, unit=unit).exists():
        Occupancy(
            resident=resident, unit=unit, relation=row["relation"], move_in=row["move_in"]
        ).save()
