"""Property test of the release and renovation flows (SECURITY.md C4): random actions by random
people. After every step: approved ⇒ an owner's consent is recorded (a phone consent confirmed
by someone else); used ⇒ approved first and used once; a successful action wrote exactly one
event, a refused one changed nothing. R-FD-2, R-FD-3."""

from datetime import timedelta

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

from propdesk.core.exceptions import DomainError
from propdesk.core.models import Event
from propdesk.passes import services, tokens
from propdesk.passes.models import GoodsRelease, Renovation
from tests.factories import make_user

from .conftest import photo, release_for, renovation_for

PEOPLE = ["agent", "agent2", "lead", "lead2", "guard", "owner", "tenant", "auditor"]
RELEASE_ACTIONS = [
    "consent_present", "consent_tenant", "consent_signed", "consent_phone", "consent_phone_wrong",
    "consent_confirm", "owner_consent", "owner_decline", "approve", "approve_no_arrears",
    "let_out", "refuse", "cancel",
]  # fmt: skip
RENOVATION_ACTIONS = [
    "resubmit", "approve", "return", "start", "suspend", "resume", "extend", "inspect",
    "request_acceptance", "accept", "fail", "refund", "cancel",
]  # fmt: skip


class Flows(RuleBasedStateMachine):
    people: dict = {}
    unit = owner = tenant = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()  # each example runs in a savepoint rolled back after
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def records(self):
        self.release = release_for(self.people["agent"], self.unit, resident=self.tenant)
        self.renovation = renovation_for(self.people["agent"], self.unit, self.owner)
        self.let_outs = 0

    def _events(self, obj) -> int:
        ct = ContentType.objects.get_for_model(obj)
        return Event.objects.filter(content_type=ct, object_id=obj.pk).count()

    def _try(self, obj, call) -> bool:
        before_events, before_state = self._events(obj), type(obj).objects.get(pk=obj.pk).state
        try:
            with transaction.atomic():
                call()
        except DomainError:
            fresh = type(obj).objects.get(pk=obj.pk)
            assert fresh.state == before_state and self._events(obj) == before_events
            return False
        assert self._events(obj) == before_events + 1
        return True

    def _release_call(self, action, who):
        g = GoodsRelease.objects.get(pk=self.release.pk)
        code = tokens.qr_payload(number=g.number, site_id=g.site_id)
        calls = {
            "consent_present": lambda: services.release_consent(
                actor=who, release=g, method="owner_present", owner=self.owner
            ),
            "consent_tenant": lambda: services.release_consent(
                actor=who, release=g, method="owner_present", owner=self.tenant
            ),
            "consent_signed": lambda: services.release_consent(
                actor=who,
                release=g,
                method="signed_authorisation",
                owner=self.owner,
                document=photo(),
            ),
            "consent_phone": lambda: services.release_consent_phone(
                actor=who, release=g, phone=self.owner.phone
            ),
            "consent_phone_wrong": lambda: services.release_consent_phone(
                actor=who, release=g, phone=self.tenant.phone
            ),
            "consent_confirm": lambda: services.release_consent_confirm(actor=who, release=g),
            "owner_consent": lambda: services.release_owner_respond(
                actor=who, release=g, consent=True
            ),
            "owner_decline": lambda: services.release_owner_respond(
                actor=who, release=g, consent=False
            ),
            "approve": lambda: services.release_approve(actor=who, release=g, arrears_checked=True),
            "approve_no_arrears": lambda: services.release_approve(
                actor=who, release=g, arrears_checked=False
            ),
            "let_out": lambda: services.release_let_out(
                actor=who, code=code, goods_match=True, carrier_id_last4="1234"
            ),
            "refuse": lambda: services.release_refuse(
                actor=who, code=code, difference="多了一台冰箱"
            ),
            "cancel": lambda: services.release_cancel(actor=who, release=g, reason="不搬了"),
        }
        return g, calls[action]

    @rule(action=st.sampled_from(RELEASE_ACTIONS), who=st.sampled_from(PEOPLE))
    def act_on_release(self, action, who):
        g, call = self._release_call(action, self.people[who])
        if self._try(g, call) and action == "let_out":
            self.let_outs += 1

    def _renovation_call(self, action, who):
        r = Renovation.objects.get(pk=self.renovation.pk)
        today = timezone.localdate()
        kwargs = {
            "resubmit": {},
            "approve": {},
            "return": {"reason": "图纸不全"},
            "start": {},
            "suspend": {"reason": "违规"},
            "resume": {},
            "extend": {"end_date": r.end_date + timedelta(days=5), "reason": "工期延长"},
            "inspect": {"day": today, "inspector": "张强", "result": "ok"},
            "request_acceptance": {},
            "accept": {},
            "fail": {"reason": "墙面开裂"},
            "refund": {"deducted": "100", "reason": "损坏走廊"},
            "cancel": {"reason": "不装了"},
        }[action]
        service = getattr(services, f"renovation_{action}")
        return r, lambda: service(actor=who, renovation=r, **kwargs)

    @rule(action=st.sampled_from(RENOVATION_ACTIONS), who=st.sampled_from(PEOPLE))
    def act_on_renovation(self, action, who):
        r, call = self._renovation_call(action, self.people[who])
        self._try(r, call)

    @invariant()
    def release_rules_hold(self):
        if not hasattr(self, "release"):
            return
        g = GoodsRelease.objects.get(pk=self.release.pk)
        if g.state in ("approved", "released", "gate_refused"):
            assert services.consent_is_complete(g), g.consent_method
            assert g.approved_by_id and g.arrears_checked
            assert g.consent_owner.occupancies.filter(unit=g.unit, relation="owner").exists()
        ct = ContentType.objects.get_for_model(g)
        used = Event.objects.filter(
            content_type=ct, object_id=g.pk, code__in=["release", "refuse"]
        ).count()
        assert used <= 1 and self.let_outs <= 1
        if g.state == "released":
            assert used == 1 and g.gate_checked_by_id and g.goods_match
            assert (
                Event.objects.filter(content_type=ct, object_id=g.pk, code="approve").count() == 1
            )

    @invariant()
    def renovation_rules_hold(self):
        if not hasattr(self, "renovation"):
            return
        r = Renovation.objects.get(pk=self.renovation.pk)
        if r.state == "closed":
            assert (
                r.accepted_at
                and r.refunded_by_id
                and r.refunded_amount + r.deducted_amount == r.deposit
            )
        if r.state not in ("submitted", "returned", "cancelled"):
            assert r.reviewed_by_id


def test_c4_r_fd_2_r_fd_3_random_release_and_renovation_flows(
    site_a, unit_a, owner_a, tenant_a, agent_a, lead_a, guard_a, auditor
):
    """C4, R-FD-2, R-FD-3: approval only with consent, one use, one event per successful action."""
    owner_a.user = make_user("resident")
    owner_a.save()
    tenant_a.user = make_user("resident")
    tenant_a.save()
    Flows.unit, Flows.owner, Flows.tenant = unit_a, owner_a, tenant_a
    Flows.people = {
        "agent": agent_a,
        "agent2": make_user("agent", site_a),
        "lead": lead_a,
        "lead2": make_user("supervisor", site_a),
        "guard": guard_a,
        "owner": owner_a.user,
        "tenant": tenant_a.user,
        "auditor": auditor,
    }
    run_state_machine_as_test(
        Flows,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
