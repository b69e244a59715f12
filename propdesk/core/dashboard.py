"""Home page figures, each read through the owning app's scoped selectors."""

from propdesk.orgs.selectors import site_list_for_user, unit_list_for_user
from propdesk.people.selectors import resident_list_for_user

from .sites import current_site_id


def home_context(request) -> dict:
    user = request.user
    site_id = current_site_id(request)
    sites = site_list_for_user(user)
    if site_id:
        sites = sites.filter(pk=site_id)
    return {
        "sites": sites,
        "unit_count": unit_list_for_user(user, site_id=site_id).count(),
        "resident_count": resident_list_for_user(user, site_id=site_id).count(),
    }
