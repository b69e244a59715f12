"""People: users, staff profiles with roles and sites, residents and their units, API tokens."""

import hashlib
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.orgs.models import Department, Site, Unit

from .roles import COMPANY_WIDE, CONFIG_ROLES, READ_ONLY, Role


class User(AbstractUser):
    """A login: staff member or resident. Roles are Groups named by `Role` codes."""

    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        # The system administrator manages configuration and sees no business data (SECURITY.md
        # §c rule 2): a superuser, or a login holding the sysadmin role, is that role and no other.
        if self.is_superuser:
            return frozenset({Role.SYSADMIN})
        codes = frozenset(self.groups.values_list("name", flat=True))
        return frozenset({Role.SYSADMIN}) if Role.SYSADMIN in codes else codes

    def has_any_role(self, roles) -> bool:
        return bool(self.role_codes & set(roles))

    @property
    def is_read_only(self) -> bool:
        return bool(self.role_codes & READ_ONLY)

    @property
    def is_company_wide(self) -> bool:
        return bool(self.role_codes & COMPANY_WIDE)

    @property
    def is_config_only(self) -> bool:
        """The configuration role: users, roles, sites, categories, calendars, SLA, templates."""
        return bool(self.role_codes) and self.role_codes <= CONFIG_ROLES

    @cached_property
    def _site_ids(self) -> frozenset[int] | None:
        if self.is_company_wide:
            return None
        return frozenset(Site.objects.filter(staff__user=self).values_list("id", flat=True))

    def visible_site_ids(self) -> frozenset[int] | None:
        """None = every site; otherwise the ids of the sites this user is assigned to."""
        return self._site_ids


class StaffProfile(models.Model):
    """Staff record (员工档案): number, phone, department, sites, dates and base salary. R-ST-1."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff")
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        verbose_name=_("department"),
    )
    sites = models.ManyToManyField(Site, related_name="staff", blank=True, verbose_name=_("sites"))
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    probation_end = models.DateField(_("probation end date"), null=True, blank=True)
    base_salary = models.DecimalField(
        _("base salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.employee_no} {self.user}"


class Resident(models.Model):
    """A resident (业主/租户/家属); may hold several units, each with its relation. R-ST-10."""

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="resident"
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, db_index=True)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.name


class Occupancy(models.Model):
    """A resident's relation to a unit (owner / tenant / family member) with move-in and -out dates."""

    class Relation(models.TextChoices):
        OWNER = "owner", _("Owner")
        TENANT = "tenant", _("Tenant")
        FAMILY = "family", _("Family member")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="occupancies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="occupancies")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", editable=False)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    move_in = models.DateField(_("move-in date"), null=True, blank=True)
    move_out = models.DateField(_("move-out date"), null=True, blank=True)

    class Meta:
        ordering = ["unit__code", "relation"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "unit"], name="uniq_occupancy_resident_unit"
            )
        ]
        indexes = [models.Index(fields=["site", "resident"])]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")

    def __str__(self) -> str:
        return f"{self.resident} @ {self.unit} ({self.relation})"

    def save(self, *args, **kwargs):
        # Denormalised site for scoping queries without a join through the unit.
        self.site_id = self.unit.site_id
        super().save(*args, **kwargs)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=50)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UserSession(AbstractBaseSession):
    """A browser session with the id of its signed-in user (indexed): see `people.sessions`."""

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "people_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
