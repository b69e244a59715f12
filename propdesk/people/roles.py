"""The roles of the department (R-ST-1). Each is a django Group named by its code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Front-desk agent")
    SUPERVISOR = "supervisor", _("Shift lead / supervisor")
    CS_MANAGER = "cs_manager", _("Customer service manager")
    DEPT_HEAD = "dept_head", _("Department head")
    DEPT_STAFF = "dept_staff", _("Department staff")
    CENTRE_MANAGER = "centre_manager", _("Property-centre manager")
    GM = "gm", _("General manager")
    ARCHIVIST = "archivist", _("Archivist")
    RESIDENT = "resident", _("Resident")
    AUDITOR = "auditor", _("Auditor")
    SYSADMIN = "sysadmin", _("System administrator")


# Roles that see every site (matrix scope "*").
COMPANY_WIDE = frozenset({Role.GM, Role.ARCHIVIST, Role.AUDITOR})
# Configuration roles: they manage users, roles, sites, categories, calendars, SLA, templates and
# webhooks, and reach no business record anywhere (views, API, search, exports, admin): 404.
CONFIG_ROLES = frozenset({Role.SYSADMIN})
# Roles that may read but never change anything, enforced in services.
READ_ONLY = frozenset({Role.AUDITOR})
# Roles that see base salaries.
SALARY_READERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
# Roles that may reveal a full phone/ID number (always logged); GM and auditor see masked only.
REVEALERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.DEPT_HEAD, Role.CENTRE_MANAGER}
)
# Staff roles that use the resident/unit directory.
DIRECTORY_READERS = frozenset(set(Role) - {Role.RESIDENT, Role.DEPT_STAFF, Role.SYSADMIN})
# Roles that may import/export residents and units.
DIRECTORY_EDITORS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER})
