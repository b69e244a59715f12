"""Session idle/absolute timeouts, no-store caching for signed-in pages, the query-string text
rule, the request size limit."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .text import text_problem


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session["login_at"] = now
        request.session["seen_at"] = now
        if getattr(user, "role_codes", None) == {"resident"}:
            # A resident's phone is their own, not a shared desk PC: a longer session
            # (RESIDENT_SESSION_DAYS), kept across browser restarts, ended by signing out.
            request.session["resident_session"] = True
            request.session.set_expiry(settings.RESIDENT_SESSION_DAYS * 86400)


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without requests or SESSION_ABSOLUTE_HOURS in all.

    Desk PCs are shared between shifts (ASVS 7.3.1–7.3.2); the expired session is flushed
    server-side, so the old cookie is worthless. The last-seen stamp (and with it the session's
    server-side expiry) is renewed at most once a minute, not on every request: a page view
    then costs no session write, and the idle limit is still kept to the minute.
    """

    RENEW_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and "login_at" in request.session:
            now = int(time.time())
            idle = now - int(request.session.get("seen_at", now))
            age = now - int(request.session["login_at"])
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            age_limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if request.session.get("resident_session"):
                idle_limit = age_limit = settings.RESIDENT_SESSION_DAYS * 86400
            if idle > idle_limit or age > age_limit:
                logout(request)
            elif idle >= self.RENEW_SECONDS:
                request.session["seen_at"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for signed-in users may hold personal data: never keep them in a browser cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class ChineseByDefaultMiddleware:
    """The UI is Chinese unless the user chose English with the language switch (a cookie).

    Desk PCs often run an English browser; the department works in Chinese, so the browser's
    Accept-Language is not used to pick the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class QueryTextMiddleware:
    """A page's query string with refused characters (`core.text`, e.g. `?q=%00`) answers 400.

    Pages read some query parameters directly (a search box, a list filter); PostgreSQL refuses
    NUL in a query, which would be a 500. The API applies the same rule in its parser, with its
    JSON error, so its paths are left to it.
    """

    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.API_PREFIX):
            for key, values in request.GET.lists():
                problem = next(filter(None, map(text_problem, [key, *values])), None)
                if problem is not None:
                    return render(request, "errors/400.html", {"message": problem}, status=400)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request body over its limit with 413 before reading it (F3, issue 19).

    Two limits: any body over PROPDESK["MAX_REQUEST_BYTES"] (files: one file is limited to 10 MB
    by `core.attachments` with a message on its form), and a body that carries no file (JSON,
    a urlencoded form) over PROPDESK["MAX_TEXT_REQUEST_BYTES"] (1 MB): the longest text field
    accepted is 4,000 characters, 36 KB even percent-encoded, so a larger text body is never a
    form a person filled in. Neither is read, spooled or parsed, so a worker's memory does not
    grow with what a client chooses to send.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PROPDESK.get("MAX_REQUEST_BYTES", 20 * 1024 * 1024)
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > limit:
            return self._too_large(request, limit)
        text_limit = settings.PROPDESK.get("MAX_TEXT_REQUEST_BYTES", 1024 * 1024)
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        if size > text_limit and not multipart:
            return self._too_large(request, text_limit, text=True)
        return self.get_response(request)

    @staticmethod
    def _too_large(request, limit: int, *, text: bool = False):
        mb = max(limit // (1024 * 1024), 1)
        if request.path.startswith("/api/"):
            message = _("The request is larger than %(mb)d MB.") % {"mb": mb}
            body = {"code": "too_large", "message": message, "fields": {}}
            return JsonResponse(body, status=413)
        return render(request, "errors/413.html", {"limit_mb": mb, "text": text}, status=413)
