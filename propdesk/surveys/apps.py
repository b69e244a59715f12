from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Periodic satisfaction surveys (满意度调查): questionnaire, sample, channels, results. R-SS-3."""

    name = "propdesk.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from datetime import timedelta

        from propdesk.core import periodic
        from propdesk.core.eventlabels import event_labels_register

        from .services import survey_sweep
        from .workflow import EVENT_LABELS

        event_labels_register("surveys", EVENT_LABELS)
        periodic.register("surveys.open_close", timedelta(hours=1), survey_sweep)
