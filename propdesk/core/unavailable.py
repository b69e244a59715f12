"""When the database is away (restarting, failed over, unreachable): a clear 503, not a traceback.

Every request that hits a connection error ends in `handler500` (`core.views.error_500`), which
answers 503 with `Retry-After` — JSON `{code, message, fields}` under /api/, a static page
elsewhere (rendered without the request's context processors, which would query the database).
The log gets one line per request instead of a traceback. Django reconnects on the next request
(CONN_HEALTH_CHECKS), so pages come back as soon as the database does.
"""

import json
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exc: BaseException | None) -> bool:
    """A connection-level database error (PostgreSQL down, SQLite locked past the busy timeout)."""
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {
            "code": "database_unavailable",
            "message": _("The service is briefly unavailable. Please try again in a moment."),
            "fields": {},
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=503,
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableFilter(logging.Filter):
    """Log a request that failed on an unreachable database as one line, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if is_database_unavailable(exc):
            record.msg = f"{record.getMessage()} (database unavailable: {type(exc).__name__})"
            record.args, record.exc_info, record.exc_text = (), None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
