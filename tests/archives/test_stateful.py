"""Property test of borrowing and destruction (SECURITY.md C4), random actions by random people.
Invariants after every step: a lent or returned loan carries every approval it needs, none by its
borrower (R-AR-5); a destroyed record is past its retention and its batch has two approvals by two
different people, neither the proposer (R-AR-4); each successful action adds exactly one event to
its loan or batch; a refused action changes nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass, ArchiveLoan, ArchiveRecord, DestructionBatch
from propdesk.core.exceptions import DomainError
from propdesk.core.models import Event
from tests.factories import SiteFactory, make_user

PEOPLE = ["agent", "csm", "csm2", "pcm", "gm", "archivist", "both", "auditor"]
WHO = st.sampled_from(PEOPLE)
SEEN: set[str] = set()


def _events(obj) -> int:
    ct = ContentType.objects.get_for_model(obj)
    return Event.objects.filter(content_type=ct, object_id=obj.pk).count()


class Archive(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def setup(self):
        site = SiteFactory()
        self.site = site
        p = self.people = {
            "agent": make_user("agent", site),
            "csm": make_user("cs_manager", site),
            "csm2": make_user("cs_manager", site),
            "pcm": make_user("centre_manager", site),
            "gm": make_user("gm"),
            "archivist": make_user("archivist"),
            "both": make_user("cs_manager", site),
            "auditor": make_user("auditor"),
        }
        p["both"].groups.add(Group.objects.get(name="centre_manager"))
        cls = ArchiveClass.objects.get(code="ts")
        with time_machine.travel("2020-03-01 10:00 +0800", tick=False):
            self.old = services.record_create(
                actor=p["archivist"],
                archive_class=cls,
                site=site,
                title="旧卷",
                date_to=date(2020, 2, 28),
            )
        self.records = [
            services.record_create(
                actor=p["archivist"],
                archive_class=cls,
                site=site,
                title=f"卷{i}",
                secrecy="confidential" if i else "internal",
            )
            for i in range(2)
        ] + [self.old]
        self.loans: list[ArchiveLoan] = []
        self.batches: list[DestructionBatch] = []

    def _try(self, target, call) -> bool:
        before = _events(target)
        state = type(target).objects.get(pk=target.pk).state
        try:
            call()
        except DomainError:
            target.refresh_from_db()
            assert target.state == state and _events(target) == before
            return False
        target.refresh_from_db()
        assert _events(target) == before + 1
        return True

    @rule(who=WHO, i=st.integers(0, 2), outside=st.booleans())
    def ask(self, who, i, outside):
        try:
            loan = services.loan_request(
                actor=self.people[who],
                record=self.records[i],
                mode="borrow",
                purpose="核对",
                due_date=timezone.localdate() + timedelta(days=3),
                outside_body="区住建局" if outside else "",
            )
        except DomainError:
            return
        self.loans.append(loan)

    def _loan(self, n):
        return self.loans[n % len(self.loans)] if self.loans else None

    @rule(who=WHO, n=st.integers(0, 20))
    def approve(self, who, n):
        if loan := self._loan(n):
            self._try(loan, lambda: services.loan_approve(actor=self.people[who], loan=loan))

    @rule(who=WHO, n=st.integers(0, 20))
    def lend(self, who, n):
        if loan := self._loan(n):
            self._try(loan, lambda: services.loan_lend(actor=self.people[who], loan=loan))

    @rule(who=WHO, n=st.integers(0, 20), intact=st.booleans())
    def take_back(self, who, n, intact):
        if loan := self._loan(n):
            self._try(
                loan,
                lambda: services.loan_take_back(
                    actor=self.people[who], loan=loan, intact=intact, damage_note="破损"
                ),
            )

    @rule(who=WHO)
    def propose(self, who):
        try:
            batch = services.destruction_propose(
                actor=self.people[who], site=self.site, record_ids=[self.old.pk], reason="期满"
            )
        except DomainError:
            return
        self.batches.append(batch)

    @rule(who=WHO, n=st.integers(0, 5))
    def approve_destruction(self, who, n):
        if self.batches:
            b = self.batches[n % len(self.batches)]
            self._try(b, lambda: services.destruction_approve(actor=self.people[who], batch=b))

    @rule(who=WHO, n=st.integers(0, 5))
    def execute(self, who, n):
        if self.batches:
            b = self.batches[n % len(self.batches)]
            self._try(
                b,
                lambda: services.destruction_execute(
                    actor=self.people[who], batch=b, method="粉碎", witnesses="甲、乙"
                ),
            )

    @rule(i=st.integers(0, 2), outside=st.booleans())
    def usual_loan(self, i, outside):
        """What usually happens: the desk asks, the managers approve, the archivist lends."""
        self.ask("agent", i, outside)
        n = len(self.loans) - 1
        for who in ("csm", "pcm", "gm", "archivist"):
            if who == "archivist":
                self.lend(who, n)
            else:
                self.approve(who, n)

    @rule()
    def usual_destruction(self):
        self.propose("archivist")
        n = len(self.batches) - 1
        for who in ("csm", "pcm", "archivist"):
            if who == "archivist":
                self.execute(who, n)
            else:
                self.approve_destruction(who, n)

    @invariant()
    def lent_means_approved(self):
        for loan in ArchiveLoan.objects.filter(state__in=("lent", "returned")).select_related(
            "record"
        ):
            SEEN.add("lent")
            assert loan.head_approved_at and loan.head_approved_by_id != loan.borrower_id
            if loan.record.secrecy == "confidential":
                assert loan.centre_approved_by_id not in (None, loan.borrower_id)
            if loan.outside_body:
                assert loan.gm_approved_by_id not in (None, loan.borrower_id)

    @invariant()
    def destroyed_means_two_approvals_past_retention(self):
        for record in ArchiveRecord.objects.filter(state="destroyed"):
            SEEN.add("destroyed")
            assert record.retention_end < timezone.localdate()
            batch = record.destructions.get(state="destroyed")
            approvers = {batch.csm_approved_by_id, batch.pcm_approved_by_id}
            assert None not in approvers and len(approvers) == 2
            assert batch.proposed_by_id not in approvers


@pytest.mark.django_db
def test_c4_borrowing_and_destruction_properties():
    """R-AR-4, R-AR-5: lent ⇒ approved; destroyed ⇒ two approvals and past retention; one event
    per successful action; refusals change nothing."""
    run_state_machine_as_test(
        Archive,
        settings=settings(
            max_examples=30,
            stateful_step_count=40,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert {"lent", "destroyed"} <= SEEN, SEEN
