from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "propdesk.frontdesk"
    label = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self):
        from propdesk.core.eventlabels import event_labels_register

        from .templatetags.frontdesk_tags import EVENT_LABELS

        event_labels_register("frontdesk", EVENT_LABELS)
        from propdesk.core import openitems

        from .openitems import frontdesk_open_items_for_site

        openitems.register("frontdesk", frontdesk_open_items_for_site)
        _register_sweeps()
        _register_outbound()
        from .retention import register_retention

        register_retention()


def _register_outbound():
    """Pickup-code text messages are released and re-queued by the notify lease sweeper."""
    from propdesk.notify.sweeps import register_outbound

    from .models import MailNotice
    from .services.notices import enqueue_notice

    register_outbound(MailNotice, enqueue_notice)


def _register_sweeps():
    from datetime import timedelta

    from propdesk.core import periodic

    from .services.mail import mail_remind_overdue
    from .services.review import review_overdue_notify

    periodic.register("frontdesk.parcel_reminders", timedelta(hours=1), mail_remind_overdue)
    periodic.register("frontdesk.review_overdue", timedelta(hours=1), review_overdue_notify)
