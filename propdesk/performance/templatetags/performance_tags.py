"""The links of the performance sub-menu a user may open (a link to a refused page is never shown)."""

from django import template

from ..permissions import is_reporter, is_staff, may_review_reports

register = template.Library()


@register.filter
def performance_links(user) -> dict[str, bool]:
    staff = is_staff(user)
    return {
        "mine": is_reporter(user),
        "review": may_review_reports(user),
        "scores": staff,
        "training": staff,
    }
