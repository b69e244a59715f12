"""Retention: personal data past its period is anonymised, the record itself kept (P4).

PIPL Art. 19 and 47 ask for the shortest necessary retention, then deletion or anonymisation;
R-FM-8 keeps completed forms for their retention period. Both hold when the personal fields of an
expired row are emptied (names, phones, links to residents) and everything a report counts or a
number identifies — record numbers, dates, kinds, categories, states, sites, units — stays, so
totals and numbering are unchanged.

Apps register what they hold, in `AppConfig.ready()`:

    retention.register(
        "contacts", model=Contact, date_field="received_at", default_days=3 * 365,
        values={"caller_name": "", "caller_phone": "", "resident": None},
    )

The period of each name is `settings.PROPDESK["RETENTION_DAYS"][name]` (days), else
`default_days`; a per-form retention period kept elsewhere later can fill the same names.
`retention_sweep()` runs daily from the scheduler (core.periodic); `propdesk anonymise` runs it by
hand (`--dry-run` counts only). Updated rows are announced with the `anonymised` signal so the
search index drops the words it held for them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

# sent with sender=model, pks=[...] after a batch of rows was anonymised
anonymised = Signal()
BATCH = 500


@dataclass(frozen=True)
class Rule:
    name: str
    model: type[models.Model]
    date_field: str
    default_days: int
    values: dict  # field -> the value it takes ("" for text, None for a link)
    where: Callable[[datetime.datetime], Q] = field(default=lambda cutoff: Q())

    def days(self) -> int:
        return int(settings.PROPDESK.get("RETENTION_DAYS", {}).get(self.name, self.default_days))

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        return now - datetime.timedelta(days=self.days())

    def pending(self, now: datetime.datetime):
        """Rows past their period that still hold a personal value."""
        held = Q()
        for name, value in self.values.items():
            held |= Q(**{f"{name}__isnull": False}) if value is None else ~Q(**{name: value})
        expired = Q(**{f"{self.date_field}__lt": self.cutoff(now)}) & self.where(self.cutoff(now))
        return self.model._default_manager.filter(expired).filter(held)


_rules: dict[str, Rule] = {}


def register(
    name: str,
    *,
    model,
    date_field: str,
    default_days: int,
    values: dict,
    where: Callable[[datetime.datetime], Q] | None = None,
) -> Rule:
    """Add (or replace) the retention rule `name`."""
    rule = Rule(name, model, date_field, default_days, dict(values), where or (lambda c: Q()))
    _rules[name] = rule
    return rule


def rules() -> list[Rule]:
    return [_rules[name] for name in sorted(_rules)]


def _anonymise(rule: Rule, now) -> int:
    done = 0
    while True:
        with transaction.atomic():
            pks = list(rule.pending(now).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not pks:
                return done
            rule.model._default_manager.filter(pk__in=pks).update(**rule.values)
            anonymised.send(sender=rule.model, pks=pks)
        done += len(pks)


def retention_sweep(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict:
    """Anonymise every rule's expired rows; return {rule name: rows changed (or due, dry run)}."""
    now = now or timezone.now()
    if dry_run:
        return {rule.name: rule.pending(now).count() for rule in rules()}
    return {rule.name: _anonymise(rule, now) for rule in rules()}
