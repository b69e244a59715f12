"""Small configuration tables read on every ticket write, kept in this process for a minute.

SLA policies and business calendars are read each time a ticket is created or moves on, and
change a few times a year. A `LocalCache` keeps what a loader returned for `ttl` seconds; saving
or deleting a row of one of its models (admin, services) clears it at once in this process, and
other processes see the edit within `ttl`. Tests clear every cache before each test.
"""

import time
from collections.abc import Callable, Hashable

from django.db.models.signals import post_delete, post_save


class LocalCache:
    _instances: list["LocalCache"] = []

    def __init__(self, *models, ttl: float = 60.0):
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, object]] = {}
        for model in models:
            post_save.connect(self._forget, sender=model, weak=False)
            post_delete.connect(self._forget, sender=model, weak=False)
        LocalCache._instances.append(self)

    def get(self, key: Hashable, load: Callable[[], object]):
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        value = load()
        self._values[key] = (now, value)
        return value

    def clear(self) -> None:
        self._values.clear()

    def _forget(self, **kwargs) -> None:
        self.clear()

    @classmethod
    def clear_all(cls) -> None:
        for cache in cls._instances:
            cache.clear()
