"""The rotating clock-in QR code of a desk (R-ST-3): a new code every 30 seconds, signed with the
server's secret by Django's salted HMAC-SHA256 — the mechanism of the passes' gate codes
(`propdesk.passes.tokens`). A forged, altered or expired code is refused before anything is read.

    PDQ1:<desk id>:<time step>:<26 signature characters>

A code is good during its own 30-second step and the next one (time to scan and send it).
"""

import base64
import re
import time

from django.utils.crypto import constant_time_compare, salted_hmac

from propdesk.passes.tokens import _TO_CROCKFORD

SALT = "propdesk.staff.clock"
PREFIX = "PDQ1"
STEP_SECONDS = 30
_CODE = re.compile(rf"^{PREFIX}:(\d{{1,9}}):(\d{{1,12}}):([0-9A-Z]{{26}})$")


def _step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def _signature(desk_id: int, step: int) -> str:
    digest = salted_hmac(SALT, f"{desk_id}|{step}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode().translate(_TO_CROCKFORD)[:26]


def desk_code(desk_id: int, now: float | None = None) -> str:
    """The code the desk's screen shows now."""
    step = _step(now)
    return f"{PREFIX}:{desk_id}:{step}:{_signature(desk_id, step)}"


def seconds_left(now: float | None = None) -> int:
    now = time.time() if now is None else now
    return STEP_SECONDS - int(now % STEP_SECONDS)


def desk_of_code(text: str, now: float | None = None) -> tuple[int | None, str]:
    """(desk id, "") for a genuine, current code; (None, why) otherwise: "forged" or "expired"."""
    raw = re.sub(r"\s+", "", text or "").upper()[:80]
    m = _CODE.match(raw)
    if not m:
        return None, "forged"
    desk_id, step, sig = int(m.group(1)), int(m.group(2)), m.group(3)
    if not constant_time_compare(_signature(desk_id, step), sig):
        return None, "forged"
    if not 0 <= _step(now) - step <= 1:
        return None, "expired"
    return desk_id, ""
