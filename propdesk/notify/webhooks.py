"""Outgoing webhook requests: signed JSON POSTs to a checked address, redirects never followed.

Receivers verify `X-PropDesk-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the
endpoint's secret, and drop a repeated `X-PropDesk-Delivery` key (docs/notifications.md).
"""

import hashlib
import hmac
import http.client
import json
import socket

from .urlguard import Target, check_url

TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 64 * 1024


class WebhookFailed(Exception):
    """The receiver did not accept the request; `retry` says whether trying again may help."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


def sign(secret: str, body: bytes) -> str:
    """The signature header value for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload: dict) -> bytes:
    """Canonical JSON body (UTF-8, Chinese kept readable)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked IP while sending the original Host header."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """TLS to the checked IP; the certificate is verified against the host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, secret: str, payload: dict, headers: dict[str, str]) -> int:
    """POST `payload` to `url` (checked again now, I7); return the status or raise WebhookFailed."""
    target = check_url(url)
    body = encode(payload)
    all_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "PropDesk-Webhook/1",
        "X-PropDesk-Signature": sign(secret, body),
        **headers,
    }
    conn_class = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = conn_class(target, TIMEOUT_SECONDS)
    try:
        conn.request("POST", target.path, body=body, headers=all_headers)
        response = conn.getresponse()
        response.read(MAX_RESPONSE_BYTES)
    except (OSError, http.client.HTTPException) as exc:
        raise WebhookFailed(f"connection: {type(exc).__name__}", retry=True) from exc
    finally:
        conn.close()
    return _judge(response.status)


def _judge(status: int) -> int:
    if 200 <= status < 300:
        return status
    if 300 <= status < 400:
        raise WebhookFailed(f"HTTP {status}: redirects are not followed", retry=False)
    retry = status >= 500 or status in (408, 425, 429)
    raise WebhookFailed(f"HTTP {status}", retry=retry)
