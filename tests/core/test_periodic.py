"""Periodic sweeps: one run when two runners race, one catch-up after downtime."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from propdesk.core import periodic
from propdesk.core.models import PeriodicSweep


@pytest.fixture
def counting_sweep():
    calls = []
    periodic.register("test.count", timedelta(minutes=1), lambda: calls.append(timezone.now()))
    yield calls
    periodic.unregister("test.count")


def _only_mine(names):
    return [n for n in names if n.startswith("test.")]


@pytest.mark.django_db
def test_two_runners_with_the_same_view_claim_once(counting_sweep):
    """The guarded UPDATE on the `next_run_at` both runners read lets only one of them run."""
    now = timezone.now()
    sweep = periodic._registry["test.count"]
    PeriodicSweep.objects.create(name="test.count", next_run_at=now - timedelta(seconds=1))
    assert [periodic.claim(sweep, now), periodic.claim(sweep, now)] == [True, False]


@pytest.mark.django_db
def test_missed_hour_catches_up_once(counting_sweep):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert _only_mine(periodic.run_due()) == ["test.count"]
        assert _only_mine(periodic.run_due()) == []  # not due again yet
        clock.shift(timedelta(hours=1))  # the scheduler was down for an hour
        assert _only_mine(periodic.run_due()) == ["test.count"]
        assert _only_mine(periodic.run_due()) == []
        row = PeriodicSweep.objects.get(name="test.count")
        assert row.next_run_at == timezone.now() + timedelta(minutes=1)
    assert len(counting_sweep) == 2


@pytest.mark.django_db
def test_failing_sweep_is_recorded_and_others_still_run(counting_sweep):
    def boom():
        raise RuntimeError("broken sweep")

    periodic.register("test.boom", timedelta(minutes=5), boom)
    try:
        assert set(_only_mine(periodic.run_due())) == {"test.boom", "test.count"}
    finally:
        periodic.unregister("test.boom")
    assert "broken sweep" in PeriodicSweep.objects.get(name="test.boom").last_error
    assert len(counting_sweep) == 1


@pytest.mark.django_db
def test_run_sweeps_command_lists_and_runs(counting_sweep, capsys):
    call_command("run_sweeps", "--list")
    assert "notify.recover_abandoned_work" in capsys.readouterr().out
    call_command("run_sweeps")
    assert "ran test.count" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_runners_run_a_sweep_once(counting_sweep):
    """Two runners in two threads (two connections) at the same moment: one execution."""
    if connection.vendor != "postgresql":
        pytest.skip("threads sharing the in-memory SQLite test database are not a real race")
    barrier = threading.Barrier(2)
    now = timezone.now()

    def runner():
        barrier.wait()
        try:
            periodic.run_due(now=now)
        finally:
            from django.db import connection as thread_connection

            thread_connection.close()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(counting_sweep) == 1
