"""The household of a unit on the portal, and residents' requests to link a new person.

What a resident sees of the others linked to their units (decided here, docs/portal.md):
- an owner sees everyone linked to the unit now, with relation and masked mobile number;
- a tenant or family member sees the owner's name only (no number) and no other member.

Who may ask: an owner may ask to link a tenant or a family member; a tenant, a family member
of theirs; a family member asks nobody (the owner or the desk does). Becoming owner is the
desk's (title documents), never a portal request. The desk of the unit's site (agent, shift
lead, CS manager) confirms — the directory gets the link through `people.services` — or
refuses with a reason; whoever asked never confirms it (A7), and the resident is told.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import visible_site_ids
from propdesk.core.exceptions import InvalidInput, NotAllowed, NotFound
from propdesk.core.masking import mask_phone
from propdesk.core.statemachine import StateMachine, Transition, transition_apply
from propdesk.core.text import require_text
from propdesk.people.models import Occupancy
from propdesk.people.roles import Role

from .models import HouseholdRequest

R = HouseholdRequest.State
DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
HOUSEHOLD_FLOW = StateMachine(
    {
        "confirm": Transition({R.PENDING}, R.CONFIRMED, DESK),
        "refuse": Transition({R.PENDING}, R.REFUSED, DESK),
    }
)
MAY_ASK = {
    Occupancy.Relation.OWNER: {HouseholdRequest.Relation.TENANT, HouseholdRequest.Relation.FAMILY},
    Occupancy.Relation.TENANT: {HouseholdRequest.Relation.FAMILY},
}
NAME_MAX = 50
REASON_MAX = 200

EVENT_LABELS = {
    "asked": _("The resident asked to link a person"),
    "confirm": _("Linked in the directory"),
    "refuse": _("Refused"),
}


def _current(resident):
    return list(
        Occupancy.objects.filter(resident=resident)
        .exclude(move_out__lt=timezone.localdate())
        .select_related("unit", "site")
        .order_by("site__name", "unit__code")
    )


def household_for_resident(resident) -> list[dict]:
    """Per current unit: the resident's relation, whom they see, their requests. Three queries."""
    mine = _current(resident)
    units = [o.unit_id for o in mine]
    others = (
        Occupancy.objects.filter(unit_id__in=units)
        .exclude(resident=resident)
        .exclude(move_out__lt=timezone.localdate())
        .select_related("resident")
        .order_by("relation", "id")
    )
    by_unit: dict[int, list] = {}
    for o in others:
        by_unit.setdefault(o.unit_id, []).append(o)
    asked: dict[int, list] = {}
    for r in HouseholdRequest.objects.filter(resident=resident, unit_id__in=units)[:100]:
        asked.setdefault(r.unit_id, []).append(r)
    out = []
    for o in mine:
        owner = o.relation == Occupancy.Relation.OWNER
        members = [
            {
                "name": m.resident.name,
                "relation": m.get_relation_display(),
                "phone": mask_phone(m.resident.phone) if owner else "",
            }
            for m in by_unit.get(o.unit_id, [])
            if owner or m.relation == Occupancy.Relation.OWNER
        ]
        out.append(
            {
                "occupancy": o,
                "is_owner": owner,
                "members": members,
                "may_ask": sorted(MAY_ASK.get(o.relation, set())),
                "requests": asked.get(o.unit_id, []),
            }
        )
    return out


def relations_choices(relations) -> list[tuple[str, str]]:
    return [(r, HouseholdRequest.Relation(r).label) for r in relations]


@transaction.atomic
def link_request_create(*, actor, resident, unit_id, name, phone, relation) -> HouseholdRequest:
    """A resident asks the desk to link a person to one of their units."""
    from .signin import normalise

    occ = next((o for o in _current(resident) if o.unit_id == unit_id), None)
    if occ is None:
        raise InvalidInput(
            _("Choose one of your own units."), fields={"unit": _("Choose one of your own units.")}
        )
    allowed = MAY_ASK.get(occ.relation, set())
    if not allowed:
        raise NotAllowed(
            _("Only the owner or the tenant of the unit may ask to link a person."),
            code="relation",
        )
    if relation not in allowed:
        raise InvalidInput(
            _("Choose one of the relations offered."),
            fields={"relation": _("Choose one of the relations offered.")},
        )
    name = require_text(name, "name", _("Give the person's name."), NAME_MAX)
    number = normalise(phone or "")
    if not number:
        raise InvalidInput(
            _("Give a mainland mobile number of 11 digits."),
            fields={"phone": _("Give a mainland mobile number of 11 digits.")},
        )
    if Occupancy.objects.filter(
        unit_id=unit_id, resident__phone=number, move_out__isnull=True
    ).exists():
        raise InvalidInput(
            _("Someone with this mobile number is already linked to the unit."),
            fields={"phone": _("Already linked to the unit.")},
        )
    if HouseholdRequest.objects.filter(unit_id=unit_id, phone=number, state=R.PENDING).exists():
        raise InvalidInput(
            _("A request for this mobile number already waits for the front desk."),
            fields={"phone": _("Already asked.")},
        )
    req = HouseholdRequest.objects.create(
        site_id=occ.site_id,
        unit_id=unit_id,
        resident=resident,
        requested_by=actor,
        name=name,
        phone=number,
        relation=relation,
        created_at=timezone.now(),
    )
    from propdesk.core.events import event_record

    event_record(target=req, code="asked", actor=actor)
    _tell_desk(req)
    return req


def _tell_desk(req: HouseholdRequest) -> None:
    from propdesk.notify.services import notify
    from propdesk.people.models import User

    desk = User.objects.filter(
        groups__name__in=[Role.AGENT, Role.SUPERVISOR], staff__sites=req.site_id, is_active=True
    ).distinct()
    notify(
        recipients=list(desk),
        code="household.requested",
        site_id=req.site_id,
        title=_("A resident asks to link a person to %(unit)s") % {"unit": req.unit.code},
        url="/household-requests/",
        dedupe_key=f"household.requested:{req.pk}",
        channels=(),
    )


def link_request_list_for_desk(user, *, state: str = R.PENDING) -> QuerySet[HouseholdRequest]:
    qs = HouseholdRequest.objects.select_related("unit", "site", "resident")
    ids = visible_site_ids(user)
    if ids is not None:
        qs = qs.filter(site_id__in=ids)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("created_at", "id") if state == R.PENDING else qs


def link_request_get_for_desk(user, pk: int) -> HouseholdRequest:
    req = link_request_list_for_desk(user, state="").filter(pk=pk).first()
    if req is None:
        raise NotFound()
    return req


def can_decide(user, req: HouseholdRequest) -> bool:
    """Whether confirm/refuse would be allowed (the queue's buttons and the API follow it)."""
    return (
        req.state == R.PENDING
        and req.requested_by_id != user.pk
        and bool(HOUSEHOLD_FLOW.allowed_actions(state=req.state, user=user))
    )


def _not_self(actor, req):
    if req.requested_by_id == actor.pk:
        raise NotAllowed(_("Nobody confirms their own request."), code="self")


def _tell_resident(req: HouseholdRequest, title, **values) -> None:
    from .notices import tell_resident

    tell_resident(
        resident=req.resident,
        code="resident.household",
        title=title,
        values={"name": req.name, "unit": req.unit.code, **values},
        url="/portal/household/",
        site_id=req.site_id,
        dedupe_key=f"household:{req.pk}:{req.state}",
    )


@transaction.atomic
def link_request_confirm(*, actor, req: HouseholdRequest, version=None) -> HouseholdRequest:
    """The desk confirms: the person is linked to the unit in the directory."""
    from propdesk.people.services import occupancy_link

    HOUSEHOLD_FLOW.check_role(action="confirm", user=actor)
    link_request_get_for_desk(actor, req.pk)
    _not_self(actor, req)
    linked = occupancy_link(
        actor=actor, unit=req.unit, name=req.name, phone=req.phone, relation=req.relation
    )
    transition_apply(
        obj=req,
        machine=HOUSEHOLD_FLOW,
        action="confirm",
        actor=actor,
        changes={"decided_at": timezone.now(), "decided_by": actor, "linked": linked},
        expected_version=version,
    )
    _tell_resident(req, _("%(name)s is now linked to %(unit)s"))
    return req


@transaction.atomic
def link_request_refuse(
    *, actor, req: HouseholdRequest, reason: str, version=None
) -> HouseholdRequest:
    HOUSEHOLD_FLOW.check_role(action="refuse", user=actor)
    link_request_get_for_desk(actor, req.pk)
    _not_self(actor, req)
    reason = require_text(reason, "reason", _("Give the reason."), REASON_MAX)
    transition_apply(
        obj=req,
        machine=HOUSEHOLD_FLOW,
        action="refuse",
        actor=actor,
        note=reason,
        changes={"decided_at": timezone.now(), "decided_by": actor, "refuse_reason": reason},
        expected_version=version,
    )
    _tell_resident(
        req, _("The front desk did not link %(name)s to %(unit)s: %(reason)s"), reason=reason
    )
    return req
