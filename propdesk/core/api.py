"""API plumbing shared by every router: auth, errors as DESIGN.md says, input hygiene, paging.

Input hygiene (`core.text`) is applied by the parser, to every JSON body and every query string
of every endpoint: refused characters answer 400 `bad_text` naming the field, line breaks are
normalised, and a JSON integer outside the 64-bit range answers 400 `bad_number` (the databases
cannot compare with it). Integer query parameters are declared with `Id` (and `Offset`);
datetimes in input schemas are `AwareDatetime` (a time without its offset is refused: it would
be read in the server's zone, and compared with aware times it fails).
"""

import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi import schema as ninja_openapi
from ninja.parser import Parser
from ninja.schema import NinjaGenerateJsonSchema
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import AwareDatetime, BeforeValidator, WithJsonSchema

from .exceptions import DomainError, InvalidInput
from .text import BadText, text_clean, too_long_message, too_short_message

__all__ = [
    "Api",
    "AwareDatetime",
    "ErrorOut",
    "Id",
    "Limit",
    "Money",
    "Money8",
    "Quantity",
    "Offset",
    "one_of",
    "refuse_unknown_choice",
    "Page",
    "TextParser",
    "docs_login_required",
    "paginate",
]

INT_MAX = 2**63 - 1  # the databases' bigint
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000  # deeper pages: narrow the list with its filters (dates, site, state)
Id = Annotated[int, Field(ge=0, le=INT_MAX)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


def money(max_digits: int):
    """An amount of money in input (yuan, two decimals): a string such as "1200.50" or a whole
    number, never a JSON fraction such as 0.1 (binary fractions are not amounts). The document says exactly
    what the server takes (API1): at most `max_digits - 2` digits before the point."""
    whole = max_digits - 2
    pattern = rf"^[0-9]{{1,{whole}}}(\.[0-9]{{1,2}})?$"

    def parse(value):
        if isinstance(value, Decimal):
            return value
        if isinstance(value, float) and value.is_integer():  # 1606.0 is a JSON integer
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**whole:
            return Decimal(value)
        if isinstance(value, str) and re.match(pattern, value):  # `$` lets one final "\n" by
            return Decimal(value.strip())
        raise ValueError(
            _(
                "Give an amount such as 1200.50: at most %(whole)s digits before the point, two after it."
            )
            % {"whole": whole}
        )

    schema = {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": 10**whole - 1},
            {"type": "string", "pattern": pattern},
        ]
    }
    return Annotated[Decimal, BeforeValidator(parse), WithJsonSchema(schema, mode="validation")]


def one_of(values, *, blank: bool = True):
    """A code the server checks against `values` (refusing another with 400, e.g. `bad_filter`),
    declared as an enum in the document (API1). `blank`: "" (no filter) is allowed too."""
    enum = ([""] if blank else []) + [str(v) for v in values if v != ""]
    return Annotated[str, WithJsonSchema({"type": "string", "enum": enum}, mode="validation")]


def refuse_unknown_choice(field: str, value: str, values) -> None:
    """400 `bad_filter` on `field` unless `value` is blank or one of `values` (see `one_of`)."""
    if value and value not in values:
        raise InvalidInput(
            _("This filter value is not one of the choices."),
            code="bad_filter",
            fields={field: _("Choose one of: %(c)s") % {"c": ", ".join(values)}},
        )


Money = money(10)  # up to 99,999,999.99
Money8 = money(8)  # up to 999,999.99
Quantity = money(10)  # a material's quantity: the same form and bounds as Money


class ErrorOut(Schema):
    """Every refusal of the API (DESIGN.md): a stable English `code`, a `message` for people and
    the refused input `fields` (field → message; empty when the refusal is not about one field)."""

    code: str
    message: str
    fields: dict[str, str]


# The refusals every operation declares in the OpenAPI document (API1), as the handlers below
# answer them: 400 a service's InvalidInput or a refused text/number/paging, 401 no valid token or
# session, 403 NotAllowed, 404 a record out of reach (other sites' records, the configuration-only
# login on business data), 409 a state or version conflict, 422 input that does not match the
# operation's schema (only operations that take input).
REFUSALS = {
    400: "Refused input (`invalid`, `bad_text`, `bad_number`, `bad_paging`, …)",
    401: "No valid API token or session (`unauthenticated`)",
    403: "Not allowed for this user (`forbidden`)",
    404: "Not found, or not visible to this user (`not_found`)",
    409: "The record's state or version does not allow this (`conflict`, …)",
    422: "Input that does not match the schema (`invalid`, with `fields`)",
}
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens of inactive users or revoked tokens are refused."""

    def authenticate(self, request, token):
        from propdesk.people.models import ApiToken

        row = _token_row(token)
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


def _checked(value: Any, path: str, bad: dict) -> Any:
    """`value` with normalised strings; refused strings and out-of-range integers go into `bad`."""
    if isinstance(value, str):
        try:
            return text_clean(value)
        except BadText as exc:
            bad.setdefault("bad_text", {})[path or "request"] = str(exc)
            return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -INT_MAX - 1 <= value <= INT_MAX:
        bad.setdefault("bad_number", {})[path or "request"] = _("This number is too large.")
        return value
    if isinstance(value, dict):
        return {k: _checked(v, f"{path}.{k}" if path else str(k), bad) for k, v in value.items()}
    if isinstance(value, list):
        return [_checked(v, f"{path}.{i}" if path else str(i), bad) for i, v in enumerate(value)]
    return value


def _refuse_bad(bad: dict) -> None:
    if "bad_text" in bad:
        raise InvalidInput(
            _("The text contains characters that are not allowed."),
            code="bad_text",
            fields={k[:60]: v for k, v in list(bad["bad_text"].items())[:10]},
        )
    if "bad_number" in bad:
        raise InvalidInput(
            _("A number is too large."),
            code="bad_number",
            fields={k[:60]: v for k, v in list(bad["bad_number"].items())[:10]},
        )


class TextParser(Parser):
    """The default JSON parser with the text rule of `core.text` on every body and query value."""

    def parse_body(self, request):
        data = json.loads(request.body)
        bad: dict = {}
        data = _checked(data, "", bad)
        # ninja wraps a parser's exception into a bare 400; `http_error` unwraps this one.
        _refuse_bad(bad)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        bad: dict = {}
        for key in data:
            _checked(key, str(key), bad)
        result = {key: _checked(value, str(key), bad) for key, value in result.items()}
        _refuse_bad(bad)
        return result


class Api(NinjaAPI):
    """The project's NinjaAPI: the text parser, validation errors that keep the length of a
    refused text (ninja drops the input), so a length refusal can say what was sent, and an
    OpenAPI document in which every operation declares its refusals (`REFUSALS`, API1)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("parser", TextParser())
        super().__init__(**kwargs)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        UniqueNamesJsonSchema.shared_names = _shared_schema_names()
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_refusals(schema)
        return schema

    def validation_error_from_error_contexts(self, error_contexts):
        lengths = [
            len(e["input"]) if isinstance(e.get("input"), str | list) else None
            for context in error_contexts
            for e in context.pydantic_validation_error.errors(include_url=False)
        ]
        exc = super().validation_error_from_error_contexts(error_contexts)
        for err, length in zip(exc.errors, lengths, strict=False):
            if length is not None:
                err["input_length"] = length
        return exc


class UniqueNamesJsonSchema(NinjaGenerateJsonSchema):
    """Component names unique over the whole document: a schema class name used in two apps
    (`ReasonIn` of tickets, passes and meetings) gets its app's prefix (`TicketsReasonIn`).

    Ninja builds each operation's schema separately and merges the components by name, so two
    apps' `ReasonIn` overwrote each other and operations showed another app's fields (API1).
    """

    shared_names: frozenset[str] = frozenset()

    def get_defs_ref(self, core_mode_ref):
        ref = super().get_defs_ref(core_mode_ref)
        choices = self._prioritized_defsref_choices[ref]
        core_ref = core_mode_ref[0].rsplit(":", 1)[0]
        module, _, name = core_ref.rpartition(".")
        if name in self.shared_names and module.startswith("propdesk."):
            unique = self.normalize_name(module.split(".")[1].title() + name)
            choices[0], choices[1] = unique, f"{unique}-{choices[1].rsplit('-', 1)[-1]}"
        return ref


def _shared_schema_names() -> frozenset[str]:
    """Names of the project's schema classes that more than one module defines."""
    from collections import defaultdict

    from pydantic import BaseModel

    modules: dict[str, set[str]] = defaultdict(set)
    stack = [BaseModel]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("propdesk."):
                modules[sub.__name__].add(sub.__module__)
    return frozenset(name for name, found in modules.items() if len(found) > 1)


# Ninja's OpenAPI builder names its generator at module level; ours only changes the names.
ninja_openapi.NinjaGenerateJsonSchema = UniqueNamesJsonSchema


def declare_refusals(schema: dict) -> None:
    """Add `REFUSALS` with the shared `ErrorOut` schema to every operation of an OpenAPI document.

    A status an operation declares itself keeps its description; its body becomes `ErrorOut`.
    """
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorOut"] = ErrorOut.model_json_schema()
    content = {"application/json": {"schema": ERROR_REF}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
            for status, description in REFUSALS.items():
                if status == 422 and not takes_input:
                    continue
                declared = responses.get(status) or responses.get(str(status)) or {}
                responses.pop(str(status), None)
                responses[status] = {
                    "description": declared.get("description") or description,
                    "content": content,
                }


def docs_login_required(view):
    """The API docs for signed-in users (ASVS 13.4.5); the OpenAPI document also for an API token
    (`Authorization: Bearer …`), so integrators and CI read it without a browser (API1).

    Without either, a browser is sent to the login page; a refused token answers 401 in the API's
    error shape.
    """
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            token = header.split(" ", 1)[1].strip()
            if token and _token_row(token) is not None:
                return view(request, *args, **kwargs)
            body = {
                "code": "unauthenticated",
                "message": str(_("Please sign in or send a valid API token.")),
                "fields": {},
            }
            from django.http import JsonResponse

            return JsonResponse(body, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapper


def _token_row(token: str):
    """The live token row of `token` (its user active, the token not revoked), or None."""
    from propdesk.people.models import ApiToken, hash_token

    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


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
        if isinstance(exc.__cause__, DomainError):  # refused by the parser (TextParser)
            return domain_error(request, exc.__cause__)
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
        message, fields = _validation_errors(exc.errors)
        return _error(api, request, 422, "invalid", message, fields)


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


def _validation_errors(errors) -> tuple[str, dict]:
    """The message and per-field words of a refused body. A field the operation does not take
    (SECURITY.md A4: `priority`, `state`, `version` …) is named in the message; nothing is saved."""
    fields, extra = {}, []
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields[".".join(loc) or "request"] = _field_message(err)
        if err.get("type") == "extra_forbidden":
            extra.append(".".join(loc))
    if extra:
        names = ", ".join(extra)
        return _("These fields cannot be set here: %(names)s. Nothing was saved.") % {
            "names": names
        }, fields
    return _("Some fields are not valid."), fields


def _field_message(err: dict) -> str:
    """A validation error in user words where we know better than pydantic's English."""
    kind, ctx, length = err.get("type", ""), err.get("ctx") or {}, err.get("input_length", 0)
    if kind == "string_too_long":
        return too_long_message(limit=int(ctx.get("max_length", 0)), length=length)
    if kind == "string_too_short":
        return too_short_message(limit=int(ctx.get("min_length", 0)), length=length)
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field cannot be set here.")
    if kind == "timezone_aware":
        return _("Give the time with its offset from UTC, e.g. 2026-05-01T10:00:00+08:00.")
    if kind == "less_than_equal" and ctx.get("le") == INT_MAX:
        return _("This number is too large.")
    if kind in ("less_than_equal", "less_than"):
        return _("At most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("At least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    return str(err.get("msg", ""))


class Page(Schema):
    count: int
    limit: int
    offset: int


def paginate(qs, *, limit: int, offset: int, max_limit: int = MAX_LIMIT):
    """Slice a queryset in the database: one COUNT and one page query.

    An offset past MAX_OFFSET is refused (400 `bad_paging`): the databases cannot take one past
    their integer range, and no one pages a million rows deep.
    """
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(
            _("The offset must be between 0 and %(max)s.") % {"max": MAX_OFFSET},
            code="bad_paging",
            fields={"offset": _("At most %(limit)s.") % {"limit": MAX_OFFSET}},
        )
    limit = max(1, min(limit, max_limit))
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": list(qs[offset : offset + limit]),
    }
