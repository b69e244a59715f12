"""Template helpers of the archive pages: event codes shown as translated words."""

from django import template

from propdesk.core.eventlabels import event_label as _event_label

register = template.Library()


@register.filter
def archive_event(code: str) -> str:
    return str(_event_label(code, app_label="archives"))


@register.filter
def archive_reader(user) -> bool:
    from propdesk.archives.permissions import is_reader

    return is_reader(user)


@register.filter
def transfer_reader(user) -> bool:
    from propdesk.archives.views.transfer import may_read_transfers

    return may_read_transfers(user)


@register.filter
def archive_desk(user) -> bool:
    from propdesk.archives.permissions import is_archivist

    return is_archivist(user)
