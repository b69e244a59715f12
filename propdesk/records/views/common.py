"""Shared helpers of the records pages: access, the site switcher, domain errors as messages."""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from propdesk.core.exports import Column, xlsx_response
from propdesk.core.sites import current_site_id  # noqa: F401 (re-exported for the views)
from propdesk.core.web import run_service

from ..permissions import is_reader

EXPORT_MAX = 10_000  # the lists of this app are short; an export is cut there


def records_page(view: Callable) -> Callable:
    """Login required; readers of documents and forms only (SECURITY.md §c), others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def run_action(request, action: Callable, *, success) -> bool:
    """Run a service; its refusal (and the fields it names) become messages. True on success."""
    return run_service(request, action, success=str(success), show_fields=True)


def version_of(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def export(*, title, filename: str, filters: dict, columns, rows):
    """An .xlsx of a list: title, filters used, typed columns (core.exports)."""
    cols = [Column(str(label), width) for label, width in columns]
    # A sheet title may not hold \ / ? * [ ] : (a document's own title may).
    title = re.sub(r"[\\/?*\[\]:]", " ", str(title))
    return xlsx_response(filename=filename, title=title, filters=filters, columns=cols, rows=rows)


NOT_SIGNED = _("Not signed")
