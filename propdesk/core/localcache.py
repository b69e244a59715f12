"""Small configuration tables read on every ticket write, kept in this process for a minute.

SLA policies and business calendars are read each time a ticket is created or moves on, and
change a few times a year. A `LocalCache` keeps what a loader returned for `ttl` seconds. Saving
or deleting a row of one of its models (admin, services) clears it at once in this process and
bumps a version stamp in the database (`ConfigStamp`) in the same transaction; every process
reads that stamp (one primary-key SELECT) once per request that uses a cache and at least once
a second, and drops all its copies when it changed (any edit clears every cache: they are
small). So an edit on one machine holds on every other machine from its next request. Tests
clear every cache before each test.
"""

import math
import threading
import time
from collections.abc import Callable, Hashable

from django.core.signals import request_started
from django.db.models import F
from django.db.models.signals import post_delete, post_save

STAMP = "config"
RECHECK_SECONDS = 1.0


class _Stamp(threading.local):
    """What this process (thread) last read of the stamp, and when."""

    checked = -math.inf
    seen: int | None = None
    pending = True  # a new request: read the stamp before the first cached value is used


_stamp = _Stamp()


class LocalCache:
    _instances: list["LocalCache"] = []

    def __init__(self, *models, ttl: float = 60.0):
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, object]] = {}
        for model in models:  # one handler per model, however many caches read it
            uid = f"propdesk.localcache.{model._meta.label_lower}"
            post_save.connect(_edited, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(_edited, sender=model, weak=False, dispatch_uid=uid)
        LocalCache._instances.append(self)

    def get(self, key: Hashable, load: Callable[[], object]):
        _check_stamp()
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        value = load()
        self._values[key] = (now, value)
        return value

    def clear(self) -> None:
        self._values.clear()

    @classmethod
    def clear_all(cls) -> None:
        for cache in cls._instances:
            cache.clear()
        _stamp.checked, _stamp.seen, _stamp.pending = -math.inf, None, True


def _edited(**kwargs) -> None:
    """A cached row was saved or deleted here: drop every copy now, tell the other processes."""
    for cache in LocalCache._instances:
        cache.clear()
    stamp_bump()


def stamp_bump() -> None:
    """Tell every process that cached configuration changed (in the caller's transaction)."""
    from .models_cache import ConfigStamp

    if not ConfigStamp.objects.filter(pk=STAMP).update(version=F("version") + 1):
        ConfigStamp.objects.get_or_create(pk=STAMP, defaults={"version": 1})


def _check_stamp() -> None:
    now = time.monotonic()
    if not _stamp.pending and now - _stamp.checked < RECHECK_SECONDS:
        return
    from .models_cache import ConfigStamp

    version = ConfigStamp.objects.filter(pk=STAMP).values_list("version", flat=True).first() or 0
    if version != _stamp.seen:
        for cache in LocalCache._instances:
            cache.clear()
    _stamp.checked, _stamp.seen, _stamp.pending = now, version, False


def _new_request(**kwargs) -> None:
    _stamp.pending = True


request_started.connect(_new_request, dispatch_uid="propdesk.localcache.stamp")
