from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff: schedules and attendance, the monthly pay summary, complaints and fines, the
    rewards and penalties ledger. R-ST-3 … R-ST-7."""

    name = "propdesk.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from propdesk.core.eventlabels import event_labels_register

        from .workflow import EVENT_LABELS

        event_labels_register("staff", EVENT_LABELS)
