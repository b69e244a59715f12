"""Telling residents (R-ST-10): in the portal always, and through the notification app's webhook
channel (a WeChat template message or SMS gateway, with its worker and retries) when the resident
chose it on the portal.

The residents are told when their request is dispatched, handled (and waits for their rating),
answered, or cancelled by the desk; when a goods release for their unit waits for their consent;
when a parcel arrives (the desk app's pickup notice follows the same choice); and when the desk
decides on a household link they asked for. Titles are written in the product's language and
carry the record number, the unit and the department's name only: never a staff note, a staff
name or number, nor the department's result text.
"""

from django.conf import settings
from django.utils import timezone, translation

from propdesk.notify.services import notify

from .models import NoticeChoice


def wants_messages(user) -> bool:
    choice = NoticeChoice.objects.filter(user=user).values_list("by_message", flat=True).first()
    return bool(choice)


def channels_for(user) -> tuple[str, ...]:
    """The outside channels of a resident's notices (the in-portal row is always written)."""
    return ("webhook",) if wants_messages(user) else ()


def notice_choice_set(*, user, by_message: bool) -> NoticeChoice:
    choice, _ = NoticeChoice.objects.update_or_create(
        user=user, defaults={"by_message": bool(by_message), "changed_at": timezone.now()}
    )
    return choice


def tell_resident(
    *, resident, code: str, title, values=None, url="", site_id=None, dedupe_key=""
) -> list:
    """One notice to the resident's portal login (nothing if they have none)."""
    user = getattr(resident, "user", None)
    if user is None or not user.is_active:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % values if values else str(title)
    return notify(
        recipients=[user],
        code=code,
        title=text,
        url=url,
        site_id=site_id,
        dedupe_key=dedupe_key,
        channels=channels_for(user),
    )
