from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "propdesk.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from .providers import register_tickets

        register_tickets()
