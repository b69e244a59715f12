"""Text messages to a phone number through the SMS relay webhook (docs/notifications.md).

An administrator connects an SMS gateway by adding a webhook endpoint whose event codes name an
`sms.` code (`sms.*`, `sms.mail`): only such an endpoint receives phone numbers. An endpoint for
"every notification" (empty codes) never does. The message rows belong to the app that sends
them (an `OutboundSend` model); `send_once` runs their attempts like any delivery.
"""

from .delivery import webhook_post
from .models import WebhookEndpoint

PREFIX = "sms."


def _relays(endpoint: WebhookEndpoint, code: str) -> bool:
    patterns = [p.strip() for p in endpoint.event_codes.split(",") if p.strip()]
    return any(
        p.startswith("sms") and (code.startswith(p[:-1]) if p.endswith("*") else code == p)
        for p in patterns
    )


def sms_endpoint(code: str) -> WebhookEndpoint | None:
    """The active endpoint that relays text messages of `code` (e.g. `sms.mail`), if one is set up."""
    if not code.startswith(PREFIX):
        raise ValueError(code)
    for endpoint in WebhookEndpoint.objects.filter(active=True).order_by("pk"):
        if _relays(endpoint, code):
            return endpoint
    return None


def sms_post(*, endpoint, key: str, code: str, phone: str, text: str, site_id=None) -> None:
    """Send one text through the relay (signed like every webhook); raises as `webhook_post`."""
    webhook_post(
        endpoint=endpoint,
        key=key,
        event=code,
        build=lambda timestamp: {
            "delivery": key,
            "event": code,
            "timestamp": timestamp,
            "site_id": site_id,
            "sms": {"to": phone, "text": text},
        },
    )
