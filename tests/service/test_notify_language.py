"""Service notifications are written in the recipients' language (the product language, Chinese
by default), whatever language the actor's request or the sweep runs in; their texts use the
standard `gettext` names so that `makemessages` extracts them."""

import ast
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from propdesk.notify.models import Notification
from propdesk.service import services
from propdesk.service.services import incidents, promises

SERVICES = Path(incidents.__file__).parent


def test_notification_texts_use_extractable_gettext_names():
    """`makemessages` only extracts calls named gettext/_/…: no `_t` alias is left in the services."""
    for path in SERVICES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    assert alias.asname in (None, "_"), (path.name, alias.name, alias.asname)


def _spy_language(monkeypatch, module):
    seen = []

    def spy(message):
        seen.append(translation.get_language())
        return translation.gettext(message)

    monkeypatch.setattr(module, "gettext", spy)
    return seen


def test_incident_notification_in_product_language_from_an_english_request(
    monkeypatch, agent_a, site_a, lead_a
):
    seen = _spy_language(monkeypatch, incidents)
    with translation.override("en"):
        services.incident_report(
            actor=agent_a, site=site_a, title="电梯困人", location="二号梯", severity="serious"
        )
    assert seen == [settings.LANGUAGE_CODE]
    title = Notification.objects.get(recipient=lead_a, code="incident.serious").title
    assert "严重" in title and "Serious" not in title


def test_promise_reminder_and_overdue_in_product_language(monkeypatch, make_promise, agent_a):
    p = make_promise(hours=0.25)
    seen = _spy_language(monkeypatch, promises)
    with translation.override("en"):
        services.promise_sweep(now=timezone.now())
        services.promise_sweep(now=timezone.now() + timedelta(hours=1))
    assert seen and set(seen) == {settings.LANGUAGE_CODE}
    codes = set(Notification.objects.filter(recipient=agent_a).values_list("code", flat=True))
    assert {"promise.reminder", "promise.overdue"} <= codes
    assert p.pk
