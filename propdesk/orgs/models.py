"""The organisation: company, sites (项目/小区/大厦), buildings, units, departments, desks, shifts."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    """The property-management company; its name and logo go on every print (R-FM-2)."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    logo = models.ImageField(_("logo"), upload_to="company/", blank=True)
    hotline = models.CharField(_("service hotline"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A managed site (项目): residential community, office building, hospital or mall."""

    class Kind(models.TextChoices):
        RESIDENTIAL = "residential", _("Residential community")
        OFFICE = "office", _("Office building")
        HOSPITAL = "hospital", _("Hospital")
        COMMERCIAL = "commercial", _("Commercial complex")

    class ServiceLevel(models.IntegerChoices):
        ONE = 1, _("Level 1")
        TWO = 2, _("Level 2")
        THREE = 3, _("Level 3")

    class DispatchFallback(models.TextChoices):
        """Who receives a handling form dispatched to a department that has no head (R-CP-2)."""

        REFUSE = "", _("Nobody: the dispatch is refused")
        CS_MANAGER = "cs_manager", _("The CS manager of the site")
        CENTRE_MANAGER = "centre_manager", _("The property-centre manager of the site")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="sites")
    code = models.SlugField(
        _("code"), max_length=16, unique=True, help_text=_("Short code used in record numbers.")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("type"), max_length=16, choices=Kind.choices, default=Kind.RESIDENTIAL
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    hotline = models.CharField(_("service hotline"), max_length=30, blank=True)
    service_level = models.PositiveSmallIntegerField(
        _("service level"), choices=ServiceLevel.choices, default=ServiceLevel.ONE
    )
    is_active = models.BooleanField(_("active"), default=True)
    dispatch_fallback = models.CharField(
        _("when a department has no head"),
        max_length=16,
        choices=DispatchFallback.choices,
        blank=True,
        default=DispatchFallback.REFUSE,
        help_text=_(
            "Who receives the handling form when it is dispatched to a department without a head."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    """A building (栋/座) of a site."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["site", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="uniq_building_site_name")
        ]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self) -> str:
        return self.name


_UNIT_PARTS = re.compile(r"\d+|[A-Za-z]+")


def unit_search_key(code: str) -> str:
    """Normalise a unit code so `3栋1单元502`, `3-1-502` and `3 1 502` compare equal: `3-1-502`."""
    return "-".join(p.upper() for p in _UNIT_PARTS.findall(code or ""))


class Unit(models.Model):
    """A unit (房号), e.g. 3栋1单元502; unique per site."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="units")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("unit"), max_length=50)
    search_key = models.CharField(max_length=60, db_index=True, editable=False)
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    area = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["site", "building__sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="uniq_unit_site_code")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        # A derived lookup column, not business logic: keeps `3-1-502` searches indexable.
        self.search_key = unit_search_key(self.code)
        super().save(*args, **kwargs)


class Department(models.Model):
    """A department of a site (客服部, 工程部, 秩序部 …) with its head."""

    class Kind(models.TextChoices):
        CS = "cs", _("Customer service")
        ENGINEERING = "engineering", _("Engineering")
        SECURITY = "security", _("Security and order")
        ENVIRONMENT = "environment", _("Environment and cleaning")
        LANDSCAPING = "landscaping", _("Landscaping")
        QUALITY = "quality", _("Quality")
        FINANCE = "finance", _("Finance")
        MANAGEMENT = "management", _("Property centre management")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="departments")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
        verbose_name=_("head"),
    )

    class Meta:
        ordering = ["site", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="uniq_department_site_kind")
        ]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class FrontDesk(models.Model):
    """A front desk (前台/总台) of a site."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="desks")
    name = models.CharField(_("name"), max_length=50)
    location = models.CharField(_("location"), max_length=100, blank=True)

    class Meta:
        ordering = ["site", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="uniq_desk_site_name")]
        verbose_name = _("front desk")
        verbose_name_plural = _("front desks")

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"


class Shift(models.Model):
    """A shift of a desk, e.g. 早班 08:00–16:00; a shift may end after midnight (end ≤ start)."""

    desk = models.ForeignKey(FrontDesk, on_delete=models.CASCADE, related_name="shifts")
    name = models.CharField(_("name"), max_length=30)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["desk", "sort_order", "start"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "name"], name="uniq_shift_desk_name")
        ]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}–{self.end:%H:%M}"
