"""The current-site switcher: staff with several sites narrow every list to one of them."""

from propdesk.core.access import visible_site_ids

SESSION_KEY = "current_site_id"


def current_site_id(request) -> int | None:
    """The site chosen in the switcher, if the user may still see it; None = all my sites."""
    raw = request.session.get(SESSION_KEY)
    if raw is None:
        return None
    ids = visible_site_ids(request.user)
    site_id = int(raw)
    if ids is not None and site_id not in ids:
        return None
    return site_id


def site_id_for(request) -> int | None:
    """The site a page works on: the switcher's choice, or the user's only site (else None)."""
    chosen = current_site_id(request)
    if chosen:
        return chosen
    ids = visible_site_ids(request.user)
    return next(iter(ids)) if ids is not None and len(ids) == 1 else None
