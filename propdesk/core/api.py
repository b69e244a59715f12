"""API plumbing shared by every router: auth, errors as DESIGN.md says, paging."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from .exceptions import DomainError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens of inactive users or revoked tokens are refused."""

    def authenticate(self, request, token):
        from propdesk.people.models import ApiToken, hash_token

        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        _config_gate(request, row.user)
        return row.user


class SessionAuth(APIKeyCookie):
    """The browser's session; CSRF is checked on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            _config_gate(request, user)
            return user
        return None


def _config_gate(request, user) -> None:
    """A configuration-only login (the system administrator) gets 404 on business operations."""
    from propdesk.people.gate import config_gate

    config_gate(request, user)


def _error(api: NinjaAPI, request, status: int, code: str, message, fields=None):
    return api.create_response(
        request, {"code": code, "message": str(message), "fields": fields or {}}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return _error(
            api,
            request,
            exc.status,
            exc.code,
            exc.message,
            {k: str(v) for k, v in exc.fields.items()},
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _error(api, request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _error(
            api, request, 401, "unauthenticated", _("Please sign in or send a valid API token.")
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # e.g. a body that is not JSON: answer in our own error shape, never ninja's {"detail"}.
        code = {
            400: "invalid",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            413: "too_large",
        }.get(exc.status_code, "error")
        return _error(api, request, exc.status_code, code, _("The request is not valid."))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = {}
        for err in exc.errors:
            loc = [
                str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")
            ]
            fields[".".join(loc) or "request"] = err.get("msg", "")
        return _error(api, request, 422, "invalid", _("Some fields are not valid."), fields)


class CorrectionOut(Schema):
    """One errata entry of a record (R-FM-6): which field, old → new, why, who and when.

    Every API resource whose records can be corrected lists these next to the current values, so
    a correction is never a silent edit. `old` and `new` are the stored values (codes and ids as
    the record's own fields show them).
    """

    id: int
    field: str
    old: Any = None
    new: Any = None
    reason: str
    actor_id: int
    actor: str
    created_at: datetime

    @staticmethod
    def resolve_old(obj) -> Any:
        return obj.old_value

    @staticmethod
    def resolve_new(obj) -> Any:
        return obj.new_value

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor) if obj.actor_id else ""


class Page(Schema):
    count: int
    limit: int
    offset: int


def paginate(qs, *, limit: int, offset: int, max_limit: int = 100):
    """Slice a queryset in the database: one COUNT and one page query."""
    limit = max(1, min(limit, max_limit))
    offset = max(0, offset)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": list(qs[offset : offset + limit]),
    }
