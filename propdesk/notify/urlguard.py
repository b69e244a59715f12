"""SSRF guard for outgoing webhooks (SECURITY.md I7).

A webhook URL is accepted only when its host is in `PROPDESK_WEBHOOK_ALLOWED_HOSTS` and every
address it resolves to is public. An internal address (loopback, private, link-local, multicast,
reserved) is accepted only when the allow-list names that IP literally: an administrator's explicit
choice, never the result of a DNS answer. The check runs before any socket is opened, and the
connection is then made to the address that was checked (no second DNS lookup to rebind).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class WebhookRefused(Exception):
    """The URL may not be called; `message` says why in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to `ip`, send `Host: host`, request `path`."""

    scheme: str
    host: str
    port: int
    path: str
    ip: str


def allowed_hosts() -> set[str]:
    """The allow-list, read at call time so tests and deployments can change it."""
    return {h.strip().lower() for h in settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS if h.strip()}


def _literal_ip(host: str):
    """The IP a host names literally, in canonical form only (no decimal/octal tricks)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    return ip if str(ip) == host else None


def is_internal(ip) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified or otherwise not global."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _resolve(host: str, port: int) -> list:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise WebhookRefused(_("The webhook host cannot be resolved.")) from exc
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def _split(url: str):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookRefused(_("The webhook URL is not valid.")) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused(_("The webhook URL must start with http:// or https://."))
    if parts.username or parts.password:
        raise WebhookRefused(_("The webhook URL must not contain a user name or password."))
    default_port = 443 if parts.scheme == "https" else 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname.lower(), port or default_port, path


def check_url(url: str) -> Target:
    """Check `url` against the allow-list and the resolved addresses; raise WebhookRefused."""
    scheme, host, port, path = _split(url)
    if host not in allowed_hosts():
        raise WebhookRefused(
            _("The host %(host)s is not in the webhook allow-list.") % {"host": host}
        )
    explicit = _literal_ip(host)
    addresses = [explicit] if explicit is not None else _resolve(host, port)
    for ip in addresses:
        if is_internal(ip) and ip != explicit:
            raise WebhookRefused(
                _("The host %(host)s resolves to an internal address.") % {"host": host}
            )
    if not addresses:
        raise WebhookRefused(_("The webhook host cannot be resolved."))
    return Target(scheme=scheme, host=host, port=port, path=path, ip=str(addresses[0]))
