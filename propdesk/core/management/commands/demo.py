"""`propdesk demo`: load the demo data (idempotent). Each app contributes `<app>/demo.py: load(ctx)`."""

import os
import random
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the demo company, sites, staff in every role, residents and activity (idempotent)."
    )

    def handle(self, *args, **opts):
        if os.environ.get("PROPDESK_PRODUCTION") == "1":
            raise CommandError("Demo data (with known passwords) is never loaded in production.")
        ctx: dict = {"rng": random.Random(2026), "stdout": self.stdout}
        for config in apps.get_app_configs():
            if not config.name.startswith("propdesk.") or find_spec(f"{config.name}.demo") is None:
                continue
            module = import_module(f"{config.name}.demo")
            with transaction.atomic():
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
