"""Property test of document sign-off and template approval (SECURITY.md C4), random actions by
random people. Invariants after every step: an archived document has every required signature
(R-DOC-1); each successful action adds exactly one event to its record (the automatic archive
and the retirement of the version replaced add theirs); a refused action changes nothing; no
template version is approved by its author (R-FM-1); at most one version of a form is in use."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from propdesk.core.exceptions import DomainError
from propdesk.core.models import Event, Signature
from propdesk.records import services
from propdesk.records.models import Document, DocumentSigner, FormTemplate, TemplateVersion
from tests.factories import DepartmentFactory, SiteFactory, make_user

PEOPLE = ["csm", "pcm", "head", "lead", "gm", "auditor"]
# Signers come up more often, so that runs reach "archived" (and the revision rules have work).
WHO = st.sampled_from(PEOPLE) | st.sampled_from(["csm", "pcm", "head"])
SEEN: set[str] = set()


def _events(obj) -> int:
    ct = ContentType.objects.get_for_model(obj)
    return Event.objects.filter(content_type=ct, object_id=obj.pk).count()


class SignOff(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()  # each example runs in a savepoint rolled back after
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def setup(self):
        site = SiteFactory()
        dept = DepartmentFactory(site=site)
        self.people = {
            "csm": make_user("cs_manager", site),
            "pcm": make_user("centre_manager", site),
            "head": make_user("dept_head", site, department=dept),
            "lead": make_user("supervisor", site),
            "gm": make_user("gm"),
            "auditor": make_user("auditor"),
        }
        self.doc = services.document_create(
            actor=self.people["csm"], kind="notice", sites=[site], title="通知", issuing_body="公司"
        )
        self.template = FormTemplate.objects.create(
            code="prop_form", name="测试表单", retention_days=30
        )
        self.label = 0

    def _try(self, target, call, expected_events=1):
        before = _events(target)
        state = target.__class__.objects.get(pk=target.pk).state
        try:
            call()
        except DomainError:
            target.refresh_from_db()
            assert target.state == state and _events(target) == before
            return False
        target.refresh_from_db()
        assert _events(target) == before + expected_events
        return True

    @rule(who=WHO)
    def issue(self, who):
        self._try(
            self.doc, lambda: services.document_issue(actor=self.people[who], document=self.doc)
        )

    @rule(who=WHO)
    def open_doc(self, who):
        signer = DocumentSigner.objects.filter(document=self.doc, user=self.people[who]).first()
        fresh = signer is not None and signer.opened_at is None and self.doc.state != "superseded"
        self._try(
            self.doc,
            lambda: services.document_open(actor=self.people[who], document=self.doc),
            expected_events=1 if fresh else 0,
        )

    @rule(who=WHO)
    def sign(self, who):
        unsigned = DocumentSigner.objects.filter(
            document=self.doc, signature__signed_at__isnull=True
        )
        last = unsigned.count() == 1 and unsigned.filter(user=self.people[who]).exists()
        self._try(
            self.doc,
            lambda: services.document_sign(actor=self.people[who], document=self.doc),
            expected_events=2 if last and self.doc.state == "circulating" else 1,
        )

    @rule(who=WHO)
    def open_and_sign(self, who):
        """What a signer does on the page: open it (recorded), then sign."""
        self.open_doc(who)
        self.sign(who)

    @rule(who=WHO)
    def draft_version(self, who):
        self.label += 1
        label = f"2027.{self.label}"
        try:
            services.template_version_draft(
                actor=self.people[who], template=self.template, label=label, change_note="改版"
            )
        except DomainError:
            assert not TemplateVersion.objects.filter(template=self.template, label=label).exists()

    @rule(who=WHO)
    def approve(self, who):
        draft = TemplateVersion.objects.filter(template=self.template, state="draft").first()
        if draft is None:
            return
        current = TemplateVersion.objects.filter(template=self.template, state="approved").first()
        before = _events(current) if current else 0
        ok = self._try(
            draft, lambda: services.template_version_approve(actor=self.people[who], version=draft)
        )
        if ok and current is not None:
            assert (
                _events(current) == before + 1
                and TemplateVersion.objects.get(pk=current.pk).state == "retired"
            )

    @invariant()
    def archived_means_all_signed(self):
        doc = Document.objects.get(pk=self.doc.pk)
        if doc.state == "archived":
            event("archived")
            SEEN.add("archived")
            ct = ContentType.objects.get_for_model(doc)
            assert not Signature.objects.filter(
                content_type=ct, object_id=doc.pk, signer__isnull=True
            ).exists()
            assert doc.signers.exists()

    @invariant()
    def no_self_approval_and_one_version_in_use(self):
        versions = TemplateVersion.objects.filter(template=getattr(self, "template", None))
        assert not any(v.approved_by_id and v.approved_by_id == v.author_id for v in versions)
        assert versions.filter(state="approved").count() <= 1


@pytest.mark.django_db
def test_c4_document_sign_off_and_template_approval_properties():
    """R-DOC-1, R-FM-1: the sign-off and approval invariants hold under random actions."""
    run_state_machine_as_test(
        SignOff,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            derandomize=True,  # the same runs every time: the coverage check below cannot flake
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert "archived" in SEEN, "no run reached an archived document"
