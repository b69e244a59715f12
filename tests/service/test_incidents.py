"""Lobby incidents (大堂特殊情况): R-FS-6 — reported, supervisors and managers told at once, closed
with a result."""

import pytest

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.models import Event
from propdesk.notify.models import Notification
from propdesk.service import services as svc
from tests.factories import make_user


def test_r_fs_6_incident_notifies_supervisor_and_manager_at_once(
    incident_a, lead_a, csm, agent_a, site_b
):
    """R-FS-6: in the reporting transaction the site's supervisors and CS managers are notified."""
    lead_b = make_user("supervisor", site_b)
    got = Notification.objects.filter(code="incident.critical").values_list("recipient", flat=True)
    assert sorted(got) == sorted([lead_a.pk, csm.pk])
    assert lead_b.pk not in got and agent_a.pk not in got
    n = Notification.objects.get(recipient=lead_a)
    assert incident_a.number in n.title and n.url == f"/service/incidents/{incident_a.pk}/"
    assert incident_a.number.startswith("SJ-") and incident_a.state == "open"


def test_r_fs_6_incident_closes_with_a_result_and_keeps_its_handling_record(
    incident_a, lead_a, agent_a
):
    """R-FS-6: open → handling → closed; notes and every move stay on the timeline."""
    svc.incident_take(actor=lead_a, incident=incident_a)
    svc.incident_note(actor=agent_a, incident=incident_a, text="已拨打120")
    svc.incident_close(actor=lead_a, incident=incident_a, result="120已将访客送医，家属已通知")
    incident_a.refresh_from_db()
    assert incident_a.state == "closed" and incident_a.handler == lead_a
    assert incident_a.result.startswith("120") and incident_a.closed_by == lead_a
    codes = list(Event.objects.filter(object_id=incident_a.pk).values_list("code", flat=True))
    assert codes == ["reported", "take", "note", "close"]
    assert Notification.objects.filter(recipient=agent_a, code="incident.closed").count() == 1


def test_r_fs_6_refused_moves(incident_a, lead_a, agent_a, site_b, auditor, site_a):
    with pytest.raises(Conflict):
        svc.incident_close(actor=lead_a, incident=incident_a, result="x")  # not handled yet
    with pytest.raises(NotAllowed):
        svc.incident_take(actor=agent_a, incident=incident_a)  # leads take charge
    with pytest.raises(NotFound):
        svc.incident_take(actor=make_user("supervisor", site_b), incident=incident_a)
    with pytest.raises(NotAllowed):
        svc.incident_report(actor=auditor, site=site_a, title="t", location="l", severity="minor")
    with pytest.raises(InvalidInput):
        svc.incident_report(actor=agent_a, site=site_a, title="t", location="l", severity="huge")
    svc.incident_take(actor=lead_a, incident=incident_a)
    with pytest.raises(InvalidInput):
        svc.incident_close(actor=lead_a, incident=incident_a, result="  ")


def test_r_fs_6_stale_version_is_refused(incident_a, lead_a, csm):
    svc.incident_take(actor=lead_a, incident=incident_a, version=0)
    with pytest.raises(Conflict):
        svc.incident_close(actor=csm, incident=incident_a, result="处理完毕", version=0)
