"""What the page shell needs: navigation by role and the site switcher."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .sites import current_site_id

PASSES_READERS = {
    "agent",
    "supervisor",
    "cs_manager",
    "dept_head",
    "centre_manager",
    "gm",
    "archivist",
    "auditor",
}


def _is_guard(user) -> bool:
    from propdesk.passes.permissions import is_guard

    return user.has_any_role({"dept_staff", "dept_head"}) and is_guard(user)


# (url name, label, roles that see it — or a check of the user; None = every signed-in staff user)
NAV = [
    (
        "people:directory",
        pgettext_lazy("menu", "Residents"),
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
        _("Desk work"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "auditor"},
    ),
    ("tickets:intake", _("Intake"), {"agent", "supervisor", "cs_manager"}),
    ("triage:model", _("Intake suggestions"), {"cs_manager", "centre_manager", "gm"}),
    (
        "tickets:list",
        _("Ticket list"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
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
        "announcements:list",
        _("Announcements"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "auditor"},
    ),
    ("passes:renovation-list", _("Renovations and passes"), PASSES_READERS),
    ("passes:release-list", _("Goods releases"), PASSES_READERS),
    ("passes:gate", _("Gate check"), lambda user: _is_guard(user)),
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
    # The resident portal (a resident's whole menu).
    ("portal:home", pgettext_lazy("portal", "My home"), {"resident"}),
    ("portal:request-list", _("My requests"), {"resident"}),
    ("portal:request-new", _("New request"), {"resident"}),
    ("portal:release-list", _("Goods releases"), {"resident"}),
    ("portal:parcel-list", _("Parcels"), {"resident"}),
    ("portal:announcement-list", _("Notices"), {"resident"}),
    ("portal:my-data", _("My data"), {"resident"}),
    (
        "archives:record-list",
        _("Archive ledger"),
        {"archivist", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
    ("archives:desk", _("Archivist's desk"), {"archivist"}),
    ("archives:intake-list", _("Waiting to be filed"), {"archivist"}),
    ("archives:round-list", _("Quarterly inspections"), {"archivist"}),
    (
        "archives:loan-list",
        _("Archive borrowing"),
        {
            "agent",
            "supervisor",
            "cs_manager",
            "dept_head",
            "dept_staff",
            "centre_manager",
            "gm",
            "archivist",
            "auditor",
        },
    ),
    (
        "surveys:survey-list",
        _("Satisfaction surveys"),
        {"supervisor", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
    ("performance:report-mine", _("My daily report"), {"agent", "supervisor"}),
    (
        "performance:report-list",
        _("Daily reports to review"),
        {"cs_manager", "centre_manager", "gm", "auditor"},
    ),
    (
        "performance:score-list",
        _("Performance scores"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
    (
        "performance:training-list",
        _("Training"),
        {"agent", "supervisor", "cs_manager", "centre_manager", "gm", "auditor"},
    ),
    ("quality:dashboard", _("Dashboard"), {"cs_manager", "centre_manager", "gm", "auditor"}),
    (
        "quality:analysis",
        _("Quarterly analysis"),
        {"cs_manager", "centre_manager", "gm", "supervisor", "auditor"},
    ),
    (
        "quality:report-list",
        _("Analysis reports"),
        {"cs_manager", "centre_manager", "gm", "supervisor", "auditor"},
    ),
    (
        "quality:capa-list",
        _("Corrective actions"),
        {"cs_manager", "centre_manager", "gm", "supervisor", "auditor", "dept_head"},
    ),
    (
        "staff:my-attendance",
        _("My attendance"),
        {"agent", "supervisor", "cs_manager", "centre_manager"},
    ),
    ("staff:my-month", _("My month"), {"agent", "supervisor", "cs_manager", "centre_manager"}),
    ("staff:review", _("Month review"), {"cs_manager", "centre_manager", "gm", "auditor"}),
    ("admin:index", _("Administration"), {"sysadmin"}),
]

# Links of one group share a dropdown (the header stays one row at 1366 px in either language);
# a group the user sees only one link of is shown as that link.
NAV_GROUPS = {
    "frontdesk:home": "desk",
    "tickets:contacts": "desk",
    "passes:renovation-list": "desk",
    "passes:release-list": "desk",
    "announcements:list": "desk",
    "records:document-list": "records",
    "meetings:board": "records",
    "records:template-list": "records",
    "archives:record-list": "archives",
    "archives:desk": "archives",
    "archives:intake-list": "archives",
    "archives:round-list": "archives",
    "archives:loan-list": "archives",
    "performance:report-mine": "staff",
    "performance:report-list": "staff",
    "performance:score-list": "staff",
    "performance:training-list": "staff",
    "tickets:list": "tickets",
    "tickets:queue": "tickets",
    "tickets:callbacks": "tickets",
    "tickets:escalations": "tickets",
    "tickets:countersign": "tickets",
    "tickets:tasks": "tickets",
    "service:board-lead": "service",
    "service:board-manager": "service",
    "service:board-centre": "service",
    "service:promise-list": "service",
    "service:incident-list": "service",
    "surveys:survey-list": "quality",
    "quality:dashboard": "quality",
    "quality:analysis": "quality",
    "quality:report-list": "quality",
    "quality:capa-list": "quality",
    "triage:model": "quality",  # how well intake suggestions match the desk's choices
    "staff:my-attendance": "staff",
    "staff:my-month": "staff",
    "staff:review": "staff",
}
GROUP_LABELS = {
    "desk": _("Front desk"),
    "tickets": _("Tickets"),
    "service": _("Service"),
    "records": pgettext_lazy("menu", "Records"),
    "archives": pgettext_lazy("menu", "Archives"),
    "quality": pgettext_lazy("menu", "Quality"),
    "staff": pgettext_lazy("menu", "Staff"),
}


def nav_for(request, user) -> list[dict]:
    """The menu of `user`: links, and groups of links ({"label", "children", "active"})."""
    nav, groups = [], {}
    for name, label, roles in NAV:
        if roles is not None and not (roles(user) if callable(roles) else user.has_any_role(roles)):
            continue
        url = reverse(name)
        item = {"url": url, "label": label, "active": request.path == url}
        group = NAV_GROUPS.get(name)
        if group is None:
            nav.append(item)
            continue
        if group not in groups:
            groups[group] = {"label": GROUP_LABELS[group], "children": [], "active": False}
            nav.append(groups[group])
        groups[group]["children"].append(item)
        groups[group]["active"] |= item["active"]
    return [i["children"][0] if len(i.get("children", ())) == 1 else i for i in nav]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from propdesk.orgs.selectors import site_list_for_user

    from .dashboard import is_resident_only

    nav = nav_for(request, user)
    # A resident works in no site's scope: no switcher, and no query for one (portal pages).
    resident_only = is_resident_only(user)
    sites = [] if resident_only else list(site_list_for_user(user).only("id", "name"))

    return {
        "nav_items": nav,
        # the staff search finds nothing of a resident's, nor anything for the administrator
        "show_search": not resident_only and not user.is_config_only,
        "switcher_sites": sites if len(sites) > 1 else [],
        "current_site_id": current_site_id(request),
        "current_site": next((s for s in sites if s.pk == current_site_id(request)), None),
    }
