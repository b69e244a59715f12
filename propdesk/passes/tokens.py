"""Signed gate codes of passes and slips: the QR payload and the code a guard types.

A code carries the record number and its site, signed with the server's secret (Django's salted
HMAC-SHA256, as `django.core.signing` uses), so a forged or altered code is refused before any
record is read, and a code of another site is recognised as such without reading its record.

    QR:    PD1:CZ-2026-000045:3:<26 signature characters>   (130 bits of signature)
    typed: CZ-2026-000045-7KQ4M2XD                          (the first 8, 40 bits; the site is
                                                            the one the guard works at)

The signature alphabet is Crockford's base 32 (no I, L, O, U), read back case-insensitively with
O→0 and I/L→1, so a code copied by hand off a paper slip still reads.
"""

import base64
import re
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "propdesk.passes.gate"
PREFIX = "PD1"
FULL, SHORT = 26, 8
KINDS = {"CZ": "pass", "FX": "release"}
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = str.maketrans(_B32, _CROCKFORD)
_READ = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NUMBER = r"(CZ|FX)-?(\d{4})-?(\d{6})"
_QR = re.compile(rf"^{PREFIX}:{_NUMBER}:(\d{{1,9}}):([0-9A-Z]{{{FULL}}})$")
_TYPED = re.compile(rf"^{_NUMBER}-?([0-9A-Z]{{{SHORT}}})$")


@dataclass(frozen=True)
class ParsedCode:
    kind: str  # "pass" or "release"
    number: str
    site_id: int | None  # None for a typed code: the gate's site decides
    signature: str


def _signature(number: str, site_id: int) -> str:
    digest = salted_hmac(SALT, f"{number}|{site_id}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode().translate(_TO_CROCKFORD)[:FULL]


def qr_payload(*, number: str, site_id: int) -> str:
    """What the QR code of a pass or slip encodes."""
    return f"{PREFIX}:{number}:{site_id}:{_signature(number, site_id)}"


def typed_code(*, number: str, site_id: int) -> str:
    """The short code printed under the QR for typing: number and the signature's first 8."""
    return f"{number}-{_signature(number, site_id)[:SHORT]}"


def parse(text: str) -> ParsedCode | None:
    """Read a scanned or typed code (spaces and case ignored); None if it is no code of ours."""
    raw = re.sub(r"\s+", "", text or "").upper()[:80]
    m = _QR.match(raw)
    if m:
        prefix, year, seq, site, sig = m.groups()
        return ParsedCode(KINDS[prefix], f"{prefix}-{year}-{seq}", int(site), sig.translate(_READ))
    m = _TYPED.match(raw)
    if m:
        prefix, year, seq, sig = m.groups()
        return ParsedCode(KINDS[prefix], f"{prefix}-{year}-{seq}", None, sig.translate(_READ))
    return None


def signed_by(code: ParsedCode, site_id: int) -> bool:
    """Whether `code` is a genuine code of its number at `site_id` (constant-time comparison)."""
    expected = _signature(code.number, site_id)[: len(code.signature)]
    return constant_time_compare(expected, code.signature)
