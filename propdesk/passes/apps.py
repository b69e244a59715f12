from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassesConfig(AppConfig):
    name = "propdesk.passes"
    label = "passes"
    verbose_name = _("Renovations, passes and goods releases")

    def ready(self):
        from propdesk.core import openitems

        from .exports import register_exports
        from .openitems import passes_open_items_for_site
        from .search import register_search

        openitems.register("passes", passes_open_items_for_site)
        register_exports()
        register_search()
