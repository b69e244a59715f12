"""Factories for the organisation and people; personas live in conftest.py."""

import itertools

import factory
from django.contrib.auth.models import Group

from propdesk.orgs.models import Building, Company, Department, FrontDesk, Site, Unit
from propdesk.people.models import Occupancy, Resident, StaffProfile, User

_seq = itertools.count(1)
PASSWORD = "correct-horse-42"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ["name"]

    name = "测试物业服务有限公司"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"site{n}")
    name = factory.Sequence(lambda n: f"测试小区{n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"{n}栋")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    site = factory.SelfAttribute("building.site")
    code = factory.Sequence(lambda n: f"3栋1单元{500 + n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    site = factory.SubFactory(SiteFactory)
    kind = "engineering"
    name = "工程部"


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrontDesk

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"前台{n}")


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    name = factory.Sequence(lambda n: f"住户{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    id_number = factory.Sequence(lambda n: f"33010619800101{n:04d}")


def resident_in(unit, relation="owner", **kwargs) -> Resident:
    resident = ResidentFactory(**kwargs)
    Occupancy(resident=resident, unit=unit, relation=relation).save()
    return resident


def make_user(role: str, *sites, department=None, username=None, **extra) -> User:
    """A user holding `role` (a Role code), assigned to `sites`, with a staff profile."""
    n = next(_seq)
    user = User.objects.create_user(
        username=username or f"{role}{n}", password=PASSWORD, name=f"{role}-{n}", **extra
    )
    user.groups.add(Group.objects.get(name=role))
    if role != "resident":
        profile = StaffProfile.objects.create(
            user=user, employee_no=f"T{n:05d}", phone=f"1390000{n:04d}", department=department
        )
        profile.sites.set(sites)
    return user


def desk_holder(desk):
    """Who holds `desk` now (the desk pages read the same through `desk_holders`)."""
    from propdesk.frontdesk.selectors import desk_holders

    row = desk_holders([desk.pk]).get(desk.pk)
    return row.holder if row else None
