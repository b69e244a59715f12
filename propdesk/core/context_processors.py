"""What the page shell needs: navigation by role and the site switcher."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .sites import current_site_id

# (url name, label, roles that see it; None = every signed-in staff user)
NAV = [
    ("home", _("Home"), None),
    (
        "people:directory",
        _("Residents and units"),
        {
            "agent",
            "supervisor",
            "cs_manager",
            "dept_head",
            "centre_manager",
            "gm",
            "archivist",
            "auditor",
        },
    ),
    (
        "frontdesk:home",
        _("Front desk"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "auditor"},
    ),
    ("tickets:intake", _("Intake"), {"agent", "supervisor", "cs_manager"}),
    ("tickets:list", _("Tickets"), {"agent", "supervisor", "cs_manager"}),
    ("tickets:queue", _("Department tickets"), {"dept_head", "dept_staff"}),
    ("tickets:callbacks", _("Callbacks"), {"agent", "supervisor", "cs_manager"}),
    ("tickets:escalations", _("Escalations"), {"supervisor", "cs_manager"}),
    ("tickets:countersign", _("Awaiting countersign"), {"supervisor", "cs_manager"}),
    ("tickets:tasks", _("Tasks"), {"agent", "supervisor", "cs_manager"}),
    (
        "tickets:contacts",
        _("Contact register"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
    ("service:board-lead", _("Duty board"), {"supervisor"}),
    ("service:board-manager", _("Manager board"), {"cs_manager"}),
    ("service:board-centre", _("Major complaints"), {"centre_manager"}),
    ("service:promise-list", _("Promised replies"), {"agent", "supervisor", "cs_manager"}),
    ("service:incident-list", _("Lobby incidents"), {"agent", "supervisor", "cs_manager"}),
    (
        "records:document-list",
        _("Documents"),
        {
            "agent",
            "supervisor",
            "cs_manager",
            "dept_head",
            "centre_manager",
            "gm",
            "archivist",
            "auditor",
        },
    ),
    (
        "meetings:board",
        _("Meetings"),
        {"supervisor", "cs_manager", "dept_head", "centre_manager", "gm", "archivist", "auditor"},
    ),
    ("records:template-list", _("Form templates"), {"cs_manager", "centre_manager", "gm"}),
]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from propdesk.orgs.selectors import site_list_for_user

    nav = [
        {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
        for name, label, roles in NAV
        if roles is None or user.has_any_role(roles)
    ]
    sites = list(site_list_for_user(user).only("id", "name"))
    return {
        "nav_items": nav,
        "switcher_sites": sites if len(sites) > 1 else [],
        "current_site_id": current_site_id(request),
        "current_site": next((s for s in sites if s.pk == current_site_id(request)), None),
    }
