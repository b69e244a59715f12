from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "propdesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from datetime import timedelta

        from . import periodic
        from .backup_schedule import SWEEP_EVERY, backup_sweep
        from .idempotency import idempotency_keys_purge
        from .retention import retention_sweep

        periodic.register("core.idempotency_purge", timedelta(hours=1), idempotency_keys_purge)
        periodic.register("core.backup_daily", SWEEP_EVERY, backup_sweep)
        periodic.register("core.retention", timedelta(hours=24), retention_sweep)
