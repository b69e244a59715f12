from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "propdesk.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from .retention import register_retention

        register_retention()
