from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "propdesk.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from .providers import register_tickets

        register_tickets()
        from propdesk.core.retention import anonymised

        from .services import search_index_refresh

        # Anonymised records (core.retention) must not stay findable by their old names and phones.
        anonymised.connect(search_index_refresh, weak=False, dispatch_uid="search-anonymised")
