"""Every write of the quality app: reports (R-CP-6) and corrective actions (R-CP-5)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text, require_text
from propdesk.orgs.models import Department, Site

from .analysis import complaint_analysis, headline
from .models import AnalysisReport, CorrectiveAction
from .quarters import Quarter, parse_quarter
from .workflow import ANALYSIS_REPORT_FLOW, AUTHORS, CAPA_FLOW

FORM_CODE = "complaint_analysis_report"


def template_version() -> str:
    from propdesk.records.selectors import template_version_for

    return template_version_for(FORM_CODE, default="2026.1")


def _site_for(user, site_id) -> Site | None:
    if site_id in (None, ""):
        return None
    ids = visible_site_ids(user)
    site = Site.objects.filter(pk=site_id).first()
    if site is None or (ids is not None and site.pk not in ids):
        raise InvalidInput(
            _("Choose one of your sites."), fields={"site": _("Choose one of your sites.")}
        )
    return site


def _corrections(user, site_id, quarter: Quarter) -> list[dict]:
    """Figures of the previous quarter's approved report that the data no longer gives (a ticket
    corrected since): shown in this report with a note; the approved report keeps its own."""
    before = (
        AnalysisReport.objects.filter(
            site_id=site_id, quarter=str(quarter.previous), state=AnalysisReport.State.APPROVED
        )
        .order_by("-decided_at")
        .first()
    )
    if before is None:
        return []
    now = headline(user, site_id, quarter.previous)
    frozen = before.snapshot.get("totals", {})
    notes = []
    for key in ("complaints", "major", "repeats"):
        if key in frozen and frozen[key] != now[key]:
            notes.append({"figure": key, "reported": frozen[key], "now": now[key]})
    return notes


def _snapshot(user, site: Site | None, quarter: Quarter) -> dict:
    site_id = site.pk if site else None
    data = complaint_analysis(user, site_id=site_id, quarter=quarter)
    data["corrections"] = _corrections(user, site_id, quarter)
    return data


@transaction.atomic
def report_generate(*, actor, quarter, site_id=None) -> AnalysisReport:
    """Draft the quarter's report from the figures as they are now (R-CP-6)."""
    require_role(actor, AUTHORS)
    q = parse_quarter(quarter, allow_current=False)
    site = _site_for(actor, site_id)
    existing = (
        AnalysisReport.objects.filter(site=site, quarter=str(q))
        .exclude(state=AnalysisReport.State.RETURNED)
        .first()
    )
    if existing is not None:
        raise Conflict(
            _("The report for %(quarter)s already exists.") % {"quarter": q.label},
            code="exists",
        )
    report = AnalysisReport.objects.create(
        site=site,
        quarter=str(q),
        snapshot=_snapshot(actor, site, q),
        generated_at=timezone.now(),
        template_version=template_version(),
        created_by=actor,
    )
    event_record(target=report, code="drafted", actor=actor, data={"quarter": str(q)})
    return report


def report_quarter(report: AnalysisReport) -> Quarter:
    return parse_quarter(report.quarter)


@transaction.atomic
def report_edit(
    *, actor, report: AnalysisReport, summary: str, analysis_text: str, version: int | None = None
) -> AnalysisReport:
    summary = require_text(summary, "summary", _("Write the summary."), 4000, label=_("Summary"))
    analysis_text = optional_text(analysis_text, "analysis_text", 8000, label=_("Analysis"))
    transition_apply(
        obj=report,
        machine=ANALYSIS_REPORT_FLOW,
        action="edit",
        actor=actor,
        changes={"summary": summary, "analysis_text": analysis_text},
        expected_version=version,
    )
    return report


@transaction.atomic
def report_refresh(*, actor, report: AnalysisReport, version: int | None = None):
    """Take the figures again (a draft or a returned report only; approved ones never change)."""
    snapshot = _snapshot(actor, report.site, report_quarter(report))
    transition_apply(
        obj=report,
        machine=ANALYSIS_REPORT_FLOW,
        action="refresh",
        actor=actor,
        changes={"snapshot": snapshot, "generated_at": timezone.now()},
        expected_version=version,
    )
    return report


@transaction.atomic
def report_submit(*, actor, report: AnalysisReport, version: int | None = None):
    if not report.summary.strip():
        msg = _("Write the summary before submitting the report.")
        raise InvalidInput(msg, code="no_summary", fields={"summary": msg})
    transition_apply(
        obj=report,
        machine=ANALYSIS_REPORT_FLOW,
        action="submit",
        actor=actor,
        changes={"submitted_by": actor, "submitted_at": timezone.now()},
        expected_version=version,
    )
    return report


def _not_own(actor, report):
    if actor.pk in (report.created_by_id, report.submitted_by_id):  # A7
        raise NotAllowed(_("Nobody approves their own report."), code="own")


@transaction.atomic
def report_approve(*, actor, report: AnalysisReport, comment: str = "", version: int | None = None):
    """The GM approves (R-CP-6): the report and its figures are frozen from now on."""
    _not_own(actor, report)
    comment = optional_text(comment, "comment", 2000, label=_("Comments"))
    transition_apply(
        obj=report,
        machine=ANALYSIS_REPORT_FLOW,
        action="approve",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now(), "decision_comment": comment},
        note=comment,
        expected_version=version,
    )
    return report


@transaction.atomic
def report_return(*, actor, report: AnalysisReport, comment: str, version: int | None = None):
    _not_own(actor, report)
    comment = require_text(
        comment, "comment", _("Say what should change."), 2000, label=_("Comments")
    )
    transition_apply(
        obj=report,
        machine=ANALYSIS_REPORT_FLOW,
        action="return",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now(), "decision_comment": comment},
        note=comment,
        expected_version=version,
    )
    return report


def report_actions(user, report: AnalysisReport) -> list[str]:
    actions = ANALYSIS_REPORT_FLOW.allowed_actions(state=report.state, user=user)
    if user.pk in (report.created_by_id, report.submitted_by_id):
        actions = [a for a in actions if a not in ("approve", "return")]
    return actions


# --- corrective and preventive actions -------------------------------------------------


def _due(value, field="due_date") -> datetime.date:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime.date):
        msg = _("Give the due date as a date.")
        raise InvalidInput(msg, fields={field: msg})
    if value < timezone.localdate():
        msg = _("The due date cannot be in the past.")
        raise InvalidInput(msg, code="due_past", fields={field: msg})
    return value


@transaction.atomic
def capa_create(
    *,
    actor,
    site_id,
    department_id,
    kind,
    problem,
    cause,
    action,
    due_date,
    source="analysis",
    report: AnalysisReport | None = None,
) -> CorrectiveAction:
    """Record an action; its owner is the head of the department (R-CP-5)."""
    require_role(actor, AUTHORS | {"centre_manager", "supervisor"})
    site = _site_for(actor, site_id)
    if site is None:
        raise InvalidInput(
            _("Choose one of your sites."), fields={"site": _("Choose one of your sites.")}
        )
    department = Department.objects.filter(pk=department_id or 0, site=site).first()
    if department is None:
        msg = _("Choose a department of this site.")
        raise InvalidInput(msg, fields={"department": msg})
    if department.head_id is None:
        msg = _("This department has no head to own the action.")
        raise InvalidInput(msg, code="no_head", fields={"department": msg})
    if kind not in CorrectiveAction.Kind.values:
        msg = _("Choose corrective or preventive.")
        raise InvalidInput(msg, fields={"kind": msg})
    if source not in CorrectiveAction.Source.values:
        source = CorrectiveAction.Source.OTHER
    capa = CorrectiveAction.objects.create(
        site=site,
        report=report,
        source=source,
        kind=kind,
        problem=require_text(
            problem, "problem", _("Describe the problem."), 2000, label=_("Problem")
        ),
        cause=require_text(cause, "cause", _("Give the cause."), 2000, label=_("Cause")),
        action=require_text(action, "action", _("Describe the action."), 2000, label=_("Action")),
        department=department,
        owner_id=department.head_id,
        due_date=_due(due_date),
        created_by=actor,
    )
    event_record(target=capa, code="capa_created", actor=actor)
    return capa


@transaction.atomic
def capa_done(*, actor, capa: CorrectiveAction, evidence: str, version: int | None = None):
    if actor.pk != capa.owner_id:
        raise NotAllowed(_("Only the action's owner reports it done."), code="owner")
    evidence = require_text(
        evidence,
        "evidence",
        _("Give the evidence that the action is done."),
        4000,
        label=_("Evidence"),
    )
    transition_apply(
        obj=capa,
        machine=CAPA_FLOW,
        action="done",
        actor=actor,
        changes={"evidence": evidence, "done_at": timezone.now()},
        expected_version=version,
    )
    return capa


@transaction.atomic
def capa_verify(
    *,
    actor,
    capa: CorrectiveAction,
    effective: bool,
    comment: str = "",
    new_due_date=None,
    version: int | None = None,
):
    """The CS manager verifies: effective → closed; not effective → open again, new due date."""
    if effective:
        comment = optional_text(comment, "verification", 2000, label=_("Verification"))
        transition_apply(
            obj=capa,
            machine=CAPA_FLOW,
            action="verify",
            actor=actor,
            changes={"verified_by": actor, "verified_at": timezone.now(), "verification": comment},
            note=comment,
            expected_version=version,
        )
        return capa
    comment = require_text(
        comment,
        "verification",
        _("Say why the action was not effective."),
        2000,
        label=_("Verification"),
    )
    due = _due(new_due_date, "new_due_date")
    transition_apply(
        obj=capa,
        machine=CAPA_FLOW,
        action="reject",
        actor=actor,
        changes={
            "verification": comment,
            "due_date": due,
            "times_reopened": capa.times_reopened + 1,
            "done_at": None,
        },
        note=comment,
        data={"due": due.isoformat()},
        expected_version=version,
    )
    return capa


def capa_actions(user, capa: CorrectiveAction) -> list[str]:
    actions = CAPA_FLOW.allowed_actions(state=capa.state, user=user)
    if user.pk != capa.owner_id:
        actions = [a for a in actions if a != "done"]
    return actions
