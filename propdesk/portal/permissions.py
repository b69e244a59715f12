"""Who the portal is for: a signed-in resident whose account is linked to a directory entry.

Everyone else (staff, the system administrator, a resident login nobody linked yet) gets 404 on
every portal page but the home page, which tells an unlinked resident whom to ask.
"""

from django.http import Http404

from propdesk.people.roles import Role


def portal_resident(user):
    """The directory entry of the resident signed in as `user`, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not user.has_any_role({Role.RESIDENT}) or user.is_config_only:
        return None
    return getattr(user, "resident", None)


def is_portal_user(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_any_role({Role.RESIDENT})
        and not user.is_config_only
    )


def require_portal_resident(user):
    resident = portal_resident(user)
    if resident is None:
        raise Http404
    return resident
