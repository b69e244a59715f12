"""Version stamps of configuration kept in process memory (core.localcache)."""

from django.db import models


class ConfigStamp(models.Model):
    """Bumped whenever a cached configuration row (SLA policy, business calendar) is saved or
    deleted, so every process, on every machine, drops its copy within a second."""

    name = models.CharField(max_length=32, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
