"""Form templates: a new template or version is drafted with its change note, approved by a
company leader (GM or centre manager, never its author), retired. R-FM-1, R-FM-3, R-FM-7, R-FM-8."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.orgs.models import Department

from .. import selectors
from ..common import apply, check_state, optional_text, require_text
from ..models import FormTemplate, TemplateVersion
from ..workflow import TEMPLATE_EDITORS, TEMPLATE_FLOW

V = TemplateVersion.State
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
LABEL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")


def form_version(code: str) -> str:
    """The approved version to fill a record of form `code` in with (refused when none, R-FM-1)."""
    return selectors.template_for_use(code, default="2026.1")


def _clean_label(label: str) -> str:
    label = (label or "").strip()
    if not LABEL.match(label):
        msg = _("A version is letters, digits, dots or dashes, e.g. 2026.2.")
        raise InvalidInput(msg, fields={"label": msg})
    return label


def _clean_template(fields: dict) -> dict:
    out = {"name": require_text(fields.get("name"), "name", _("Give the form a name."), 100)}
    out["name_en"] = optional_text(fields.get("name_en"), "name_en", 100)
    out["numbering"] = optional_text(fields.get("numbering"), "numbering", 120)
    department = fields.get("department") or "cs"
    if department not in Department.Kind.values:
        raise InvalidInput(fields={"department": _("Choose one of the offered values.")})
    out["department"] = department
    days = fields.get("retention_days")
    if days is None or not 1 <= int(days) <= 100 * 365:
        raise InvalidInput(fields={"retention_days": _("Between 1 day and 100 years.")})
    out["retention_days"] = int(days)
    return out


@transaction.atomic
def template_create(
    *, actor, code: str, label: str, change_note: str = "", **fields
) -> FormTemplate:
    """Record a new form with its first version as a draft (R-FM-1, R-FM-3, R-FM-8)."""
    require_role(actor, TEMPLATE_EDITORS)
    code = (code or "").strip()
    if not CODE.match(code):
        msg = _("A code is lower-case letters, digits and underscores, e.g. key_register.")
        raise InvalidInput(msg, fields={"code": msg})
    if FormTemplate.objects.filter(code=code).exists():
        msg = _("A form with this code already exists.")
        raise InvalidInput(msg, fields={"code": msg})
    template = FormTemplate.objects.create(code=code, created_by=actor, **_clean_template(fields))
    event_record(target=template, code="created", actor=actor)
    note = optional_text(change_note, "change_note", 1000) or _("First version")
    _draft(actor, template, label, str(note))
    return template


def _draft(actor, template: FormTemplate, label: str, note: str) -> TemplateVersion:
    label = _clean_label(label)
    if template.versions.filter(label=label).exists():
        msg = _("This version number is already used for this form.")
        raise InvalidInput(msg, fields={"label": msg})
    if template.versions.filter(state=V.DRAFT).exists():
        raise Conflict(_("This form already has a draft version."), code="draft_exists")
    try:
        with transaction.atomic():
            version = TemplateVersion.objects.create(
                template=template, label=label, change_note=note, author=actor
            )
    except IntegrityError:
        raise Conflict(_("This form already has a draft version."), code="draft_exists") from None
    event_record(target=version, code="drafted", actor=actor, data={"label": label}, note=note)
    return version


@transaction.atomic
def template_version_draft(
    *, actor, template: FormTemplate, label: str, change_note: str
) -> TemplateVersion:
    """Draft a revision of a form: a new version number and what changes (R-FM-7)."""
    require_role(actor, TEMPLATE_EDITORS)
    note = require_text(change_note, "change_note", _("Say what changes in this version."), 1000)
    return _draft(actor, template, label, note)


@transaction.atomic
def template_version_approve(
    *, actor, version: TemplateVersion, expected: int | None = None
) -> TemplateVersion:
    """A company leader approves a draft version: from today it is the one in use, and the one
    in use before is retired (R-FM-1, R-FM-7). The author never approves their own version."""
    check_state(version, TEMPLATE_FLOW, "approve", actor)
    if version.author_id == actor.pk:
        raise NotAllowed(_("The author of a version cannot approve it."), code="self_approval")
    now = timezone.now()
    current = version.template.versions.filter(state=V.APPROVED).first()
    if current is not None:
        apply(
            current,
            TEMPLATE_FLOW,
            "retire",
            actor,
            changes={"retired_by": actor, "retired_at": now},
            data={"by": version.pk},
        )
    changes = {"approved_by": actor, "approved_at": now, "effective_from": timezone.localdate()}
    apply(
        version,
        TEMPLATE_FLOW,
        "approve",
        actor,
        changes=changes,
        data={"label": version.label},
        expected_version=expected,
    )
    return version


@transaction.atomic
def template_version_retire(
    *, actor, version: TemplateVersion, reason: str, expected: int | None = None
) -> TemplateVersion:
    """A company leader retires the version in use: the form cannot be used until another
    version is approved (R-FM-1)."""
    reason = require_text(reason, "reason", _("Say why the form is retired."), 300)
    changes = {"retired_by": actor, "retired_at": timezone.now()}
    apply(
        version,
        TEMPLATE_FLOW,
        "retire",
        actor,
        changes=changes,
        note=reason,
        expected_version=expected,
    )
    return version
