"""Residents sign in with their mobile number and a one-time code (the portal's sign-in).

- A code has 6 digits from the OS CSPRNG, lasts 5 minutes, is used once, and allows at most 5
  tries; only its HMAC is stored (keyed with SECRET_KEY, bound to the code's row).
- Cool-downs: one code per number per minute and at most 5 per number per hour; at most 10 code
  requests per IP address per 10 minutes. They apply to every number, known or not.
- The same answer, on the same path, for a number nobody has: a row is kept (its code is never
  sent), so the cool-downs and the wording cannot tell the two apart.
- Numbers are stored and compared as HMACs; no log line carries a code or a full number (the
  console gateway prints the text to the console as a phone would show it, with the number
  masked; it is the development and demo stand-in for an SMS).
- The gateway is pluggable (`settings.PORTAL_SMS_GATEWAY`): the console one by default, or
  `WebhookGateway`, which posts the text through the notification app's signed SMS relay
  webhook (an endpoint whose event codes name `sms.signin` or `sms.*`).
"""

import hashlib
import hmac
import logging
import re
import secrets
import sys
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import InvalidInput
from propdesk.core.masking import mask_phone
from propdesk.people.models import Resident
from propdesk.people.roles import Role

from .models import SignInCode

log = logging.getLogger(__name__)

CODE_MINUTES = 5
MAX_TRIES = 5
NUMBER_COOLDOWN = timedelta(minutes=1)
NUMBER_PER_HOUR = 5
IP_WINDOW = timedelta(minutes=10)
IP_PER_WINDOW = 10
MOBILE = re.compile(r"^1[3-9]\d{9}$")
SMS_CODE = "sms.signin"


class TooSoon(InvalidInput):
    status = 429
    default_code = "too_soon"


def normalise(raw: str) -> str:
    """A mainland mobile number from what was typed (spaces, hyphens, +86 dropped), or ''."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if MOBILE.match(digits) else ""


def _mac(*parts: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, "|".join(parts).encode(), hashlib.sha256).hexdigest()


def number_hash(number: str) -> str:
    return _mac("signin-number", number)


def ip_hash(ip: str) -> str:
    return _mac("signin-ip", ip or "-")


def _code_hash(row_nonce: str, code: str) -> str:
    return _mac("signin-code", row_nonce, code)


def resident_user_for(number: str):
    """The active resident login whose directory entry has this mobile number, or None."""
    resident = (
        Resident.objects.filter(phone=number, user__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if resident is None or not resident.user.has_any_role({Role.RESIDENT}):
        return None
    return resident.user


class ConsoleGateway:
    """Development and demo: the text is printed to the console (the number masked)."""

    def send(self, *, number: str, text: str) -> None:
        print(f"[SMS → {mask_phone(number)}] {text}", file=sys.stdout, flush=True)


class WebhookGateway:
    """Production: the notification app's signed SMS relay webhook (`sms.signin`)."""

    def send(self, *, number: str, text: str) -> None:
        from propdesk.notify.sms import sms_endpoint, sms_post

        endpoint = sms_endpoint(SMS_CODE)
        if endpoint is None:
            log.warning("sign-in code not sent: no SMS relay endpoint for %s", SMS_CODE)
            return
        sms_post(
            endpoint=endpoint,
            key=f"signin-{secrets.token_hex(8)}",
            code=SMS_CODE,
            phone=number,
            text=text,
        )


def gateway():
    return import_string(settings.PORTAL_SMS_GATEWAY)()


def _check_cooldowns(number_h: str, ip_h: str, now) -> None:
    recent = SignInCode.objects.filter(
        number_hash=number_h, created_at__gte=now - timedelta(hours=1)
    )
    latest = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if latest is not None and now - latest < NUMBER_COOLDOWN:
        wait = int((NUMBER_COOLDOWN - (now - latest)).total_seconds()) + 1
        raise TooSoon(
            _("A code was sent less than a minute ago. Please wait %(s)d seconds.") % {"s": wait}
        )
    if recent.count() >= NUMBER_PER_HOUR:
        raise TooSoon(_("Too many codes for this number in the last hour. Please try later."))
    if (
        SignInCode.objects.filter(ip_hash=ip_h, created_at__gte=now - IP_WINDOW).count()
        >= IP_PER_WINDOW
    ):
        raise TooSoon(_("Too many codes requested from this network. Please try later."))


SENT = _(
    "If this number is registered with us, a 6-digit code is on its way. It is valid for 5 minutes."
)


@transaction.atomic
def code_request(*, raw_number: str, ip: str) -> str:
    """Send a sign-in code to `raw_number` if a resident has it; the same answer either way."""
    number = normalise(raw_number)
    if not number:
        raise InvalidInput(
            _("Enter your 11-digit mobile number."), fields={"phone": _("Not a mobile number.")}
        )
    now = timezone.now()
    number_h, ip_h = number_hash(number), ip_hash(ip)
    _check_cooldowns(number_h, ip_h, now)
    user = resident_user_for(number)
    code = f"{secrets.randbelow(10**6):06d}"
    nonce = secrets.token_hex(16)
    SignInCode.objects.create(
        number_hash=number_h,
        ip_hash=ip_h,
        user=user,
        nonce=nonce,
        code_hash=_code_hash(nonce, code),
        created_at=now,
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    if user is not None:
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext(
                "Your PropDesk sign-in code is %(code)s, valid for 5 minutes. "
                "Do not tell it to anyone, not even the front desk."
            ) % {"code": code}
        transaction.on_commit(lambda: gateway().send(number=number, text=text))
    return str(SENT)


WRONG = _("The code is wrong or has expired. Check it, or ask for a new code.")


def code_verify(*, raw_number: str, code: str):
    """The resident login for a right, fresh, unused code of this number; else InvalidInput.

    Each try counts against the code (at most 5), right or wrong; a used code never works again.
    """
    number = normalise(raw_number)
    code = (code or "").strip()
    if not number or not re.fullmatch(r"\d{6}", code):
        raise InvalidInput(WRONG, fields={"code": _("6 digits.")})
    now = timezone.now()
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(number_hash=number_hash(number), used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            raise InvalidInput(WRONG, fields={"code": _("Wrong or expired.")})
        if row.tries >= MAX_TRIES:
            raise InvalidInput(
                _("Too many wrong tries for this code. Ask for a new code."),
                code="too_many_tries",
                fields={"code": _("Ask for a new code.")},
            )
        SignInCode.objects.filter(pk=row.pk).update(tries=F("tries") + 1)
        right = hmac.compare_digest(row.code_hash, _code_hash(row.nonce, code))
        if not right or row.user_id is None:
            # An unknown number's code was never sent: wrong, like any wrong code.
            raise_later = True
        else:
            raise_later = False
            SignInCode.objects.filter(pk=row.pk).update(used_at=now)
    if raise_later:
        raise InvalidInput(WRONG, fields={"code": _("Wrong or expired.")})
    user = row.user
    if not user.is_active or not user.has_any_role({Role.RESIDENT}):
        raise InvalidInput(WRONG, fields={"code": _("Wrong or expired.")})
    return user


def signin_codes_sweep() -> int:
    """Codes older than a day are of no use (the cool-downs look back one hour): deleted."""
    deleted, _rows = SignInCode.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=1)
    ).delete()
    return deleted
