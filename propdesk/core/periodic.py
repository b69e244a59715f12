"""Periodic sweeps (SLA warnings, desk escalation, promise reminders, lease recovery).

Apps register sweeps in `AppConfig.ready()`:

    periodic.register("tickets.sla_sweep", timedelta(minutes=1), sla_sweep)

`propdesk run_sweeps` runs each due sweep once; `propdesk scheduler` calls it every 30 s. Each
sweep has a `PeriodicSweep` row; a runner claims a sweep with a guarded UPDATE on the
`next_run_at` it read, so when two runners race only one runs it. The next run is set to
now + every, so a sweep that missed an hour of downtime runs once, not sixty times. Sweeps must
still be idempotent (a sweep that crashed half-way runs again at its next turn).
"""

import datetime
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .models_calendar import PeriodicSweep

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sweep:
    name: str
    every: datetime.timedelta
    fn: Callable[[], object]


_registry: dict[str, Sweep] = {}


def register(name: str, every: datetime.timedelta, fn: Callable[[], object]) -> None:
    """Add (or replace) the sweep `name`, run at most once per `every`."""
    if every <= datetime.timedelta(0):
        raise ValueError("a sweep needs a positive interval")
    _registry[name] = Sweep(name=name, every=every, fn=fn)


def unregister(name: str) -> None:
    """Remove a sweep (tests)."""
    _registry.pop(name, None)


def registered() -> list[Sweep]:
    """The registered sweeps, by name."""
    return [_registry[name] for name in sorted(_registry)]


def claim(sweep: Sweep, now: datetime.datetime) -> bool:
    """Take this turn of `sweep` if it is due; True for exactly one of several racing runners."""
    row, _ = PeriodicSweep.objects.get_or_create(name=sweep.name, defaults={"next_run_at": now})
    if row.next_run_at > now:
        return False
    taken = PeriodicSweep.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
        next_run_at=now + sweep.every, last_started_at=now
    )
    return taken == 1


def _run(sweep: Sweep) -> bool:
    error = ""
    try:
        sweep.fn()
    except Exception:  # one failing sweep must not stop the others
        log.exception("sweep %s failed", sweep.name)
        error = traceback.format_exc()[-2000:]
    PeriodicSweep.objects.filter(name=sweep.name).update(
        last_finished_at=timezone.now(), last_error=error
    )
    return not error


def run_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Run every due sweep once; return the names of the sweeps this runner ran."""
    now = now or timezone.now()
    ran = []
    for sweep in registered():
        if claim(sweep, now):
            _run(sweep)
            ran.append(sweep.name)
    return ran
