"""Lobby incidents (大堂特殊情况): report, take, note, close. R-FS-6."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.notify.services import notify

from .. import selectors
from ..models import Incident, IncidentNote
from ..permissions import require_site
from ..workflow import DESK, INCIDENT_FLOW, INCIDENT_RECIPIENTS
from .common import recipients_language, require_choice, require_text


def _url(incident: Incident) -> str:
    return reverse("service:incident-detail", args=[incident.pk])


@transaction.atomic
def incident_report(
    *,
    actor,
    site,
    title: str,
    location: str,
    severity: str,
    occurred_at=None,
    description: str = "",
) -> Incident:
    """The desk reports a lobby situation it cannot handle; the site's CS supervisors and
    managers are notified at once (R-FS-6)."""
    require_role(actor, DESK)
    require_site(actor, site.pk)
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timezone.timedelta(minutes=5):
        raise InvalidInput(fields={"occurred_at": _("This time is in the future.")})
    incident = Incident.objects.create(
        number=number_next(scheme="SJ", site_id=site.pk),
        site=site,
        title=require_text(title, "title", _("Say what happened."), 100),
        location=require_text(location, "location", _("Say where it happened."), 100),
        severity=require_choice(severity, Incident.Severity.values, "severity"),
        description=(description or "").strip()[:4000],
        occurred_at=occurred_at,
        reported_by=actor,
        reported_at=now,
    )
    event_record(target=incident, code="reported", actor=actor, data={"severity": severity})
    _tell_leads(incident, actor)
    return incident


def _tell_leads(incident: Incident, actor) -> None:
    """R-FS-6: the site's CS supervisors and managers hear of it at once (in-app in this transaction)."""
    recipients = selectors.site_staff(incident.site_id, INCIDENT_RECIPIENTS).exclude(pk=actor.pk)
    with recipients_language():
        notify(
            recipients=recipients,
            code=f"incident.{incident.severity}",
            title=gettext("Lobby incident %(number)s (%(severity)s): %(title)s")
            % {
                "number": incident.number,
                "severity": incident.get_severity_display(),
                "title": incident.title,
            },
            body=f"{incident.location}\n{incident.description}".strip(),
            url=_url(incident),
            site_id=incident.site_id,
            dedupe_key=f"incident.reported.{incident.pk}",
        )


@transaction.atomic
def incident_take(*, actor, incident: Incident, version: int | None = None) -> Incident:
    """A supervisor or manager takes charge of the incident (R-FS-6)."""
    require_site(actor, incident.site_id)
    transition_apply(
        obj=incident,
        machine=INCIDENT_FLOW,
        action="take",
        actor=actor,
        changes={"handler": actor, "handling_started_at": timezone.now()},
        expected_version=version,
    )
    return incident


@transaction.atomic
def incident_note(*, actor, incident: Incident, text: str) -> IncidentNote:
    """Add an entry to the handling record (R-FS-6)."""
    require_site(actor, incident.site_id)
    INCIDENT_FLOW.check(action="note", state=incident.state, user=actor)
    text = require_text(text, "text", _("Write the note."), 2000)
    note = IncidentNote.objects.create(incident=incident, author=actor, text=text)
    event_record(target=incident, code="note", actor=actor, data={"note": note.pk}, note=text)
    return note


@transaction.atomic
def incident_close(
    *, actor, incident: Incident, result: str, version: int | None = None
) -> Incident:
    """Close the incident with its result; the reporter is told (R-FS-6)."""
    require_site(actor, incident.site_id)
    result = require_text(result, "result", _("Write the result."), 4000)
    transition_apply(
        obj=incident,
        machine=INCIDENT_FLOW,
        action="close",
        actor=actor,
        changes={"result": result, "closed_at": timezone.now(), "closed_by": actor},
        note=result,
        expected_version=version,
    )
    if incident.reported_by_id != actor.pk:
        with recipients_language():
            notify(
                recipients=[incident.reported_by],
                code="incident.closed",
                title=gettext("Lobby incident %(number)s is closed") % {"number": incident.number},
                body=result,
                url=_url(incident),
                site_id=incident.site_id,
                dedupe_key=f"incident.closed.{incident.pk}",
            )
    return incident
