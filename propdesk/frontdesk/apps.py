from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "propdesk.frontdesk"
    label = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self):
        from propdesk.core import openitems

        from .openitems import frontdesk_open_items_for_site

        openitems.register("frontdesk", frontdesk_open_items_for_site)
