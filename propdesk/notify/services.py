"""Sending notifications. Other apps call `notify(...)`; it never breaks the calling action."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import Notification

log = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable,
    code: str,
    title: str,
    body: str = "",
    url: str = "",
    site_id: int | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Create in-app notifications for active `recipients` (deduplicated per recipient by `dedupe_key`).

    `title`/`body` are already rendered text in the recipient's language. Callers pass only
    recipients who may see the record (SECURITY.md: recipients are re-checked against scope).
    """
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        code=code,
                        title=title[:200],
                        body=body,
                        url=url[:300],
                        site_id=site_id,
                        dedupe_key=dedupe_key[:200],
                    )
                )
        except IntegrityError:
            continue  # already delivered under this dedupe key
    return created
