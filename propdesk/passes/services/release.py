"""Goods release writes: create, owner consent by every path, approve, cancel. R-FD-3.

A slip reaches "approved" only from "consented", and "consented" only with a recorded consent of
an owner of the unit as registered in the directory: the owner at the desk, the owner's signed
authorisation (uploaded), a phone call to the owner's number in the directory confirmed by a
second desk person, or the owner's own confirmation in the resident portal.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.attachments import attachment_add
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from propdesk.core.numbering import number_next
from propdesk.core.statemachine import transition_apply
from propdesk.people.models import Occupancy

from ..models import GoodsRelease, GoodsReleaseItem
from ..permissions import require_desk
from ..search import search_index
from ..selectors import rules_for_site, unit_owners
from ..validators import clean_phone
from ..workflow import RELEASE_FLOW
from .common import future_date, optional_text, require_site, require_text
from .signatures import slip_lines_open

G = GoodsRelease.State
C = GoodsRelease.Consent
MAX_ITEMS = 50
MAX_DAYS_AHEAD = 30


def _items(items) -> list[GoodsReleaseItem]:
    rows = []
    for i, raw in enumerate(items or []):
        name = (raw.get("name") or "").strip()[:60]
        unit = (raw.get("unit") or "").strip()[:10]
        qty = raw.get("quantity")
        if not name and not qty:
            continue  # an empty form row
        if not name or not isinstance(qty, int) or not 1 <= qty <= 9999:
            raise InvalidInput(
                _("Item %(n)s needs a name and a quantity from 1 to 9999.") % {"n": i + 1},
                code="bad_item",
                fields={f"items.{i}": _("Name and quantity.")},
            )
        rows.append(GoodsReleaseItem(name=name, quantity=qty, unit=unit, sort_order=len(rows)))
    if not rows:
        raise InvalidInput(
            _("List at least one item to be taken out."),
            code="no_items",
            fields={"items": _("At least one item.")},
        )
    if len(rows) > MAX_ITEMS:
        raise InvalidInput(
            _("At most %(n)s items per slip.") % {"n": MAX_ITEMS}, fields={"items": _("Too many.")}
        )
    return rows


def _applicant(unit, d: dict) -> tuple[dict, object]:
    relation = d.get("applicant_relation")
    if relation not in GoodsRelease.Relation.values:
        raise InvalidInput(
            _("Choose the applicant's relation to the unit."),
            fields={"applicant_relation": _("Required.")},
        )
    resident = d.get("applicant_resident")
    if resident is not None and not Occupancy.objects.filter(unit=unit, resident=resident).exists():
        raise InvalidInput(
            _("This resident is not registered in that unit."),
            fields={"applicant_resident": _("Not in unit.")},
        )
    plate = optional_text(d.get("vehicle_plate"), "vehicle_plate", 12).upper().replace(" ", "")
    return {
        "applicant_name": require_text(
            d.get("applicant_name"), "applicant_name", _("Who applies?"), 50
        ),
        "applicant_relation": relation,
        "applicant_resident": resident,
        "applicant_phone": clean_phone(d.get("applicant_phone"), "applicant_phone", required=False),
        "applicant_company": optional_text(d.get("applicant_company"), "applicant_company", 100),
        "vehicle_plate": plate,
    }, resident


def _is_owner(unit, resident) -> bool:
    return resident is not None and unit_owners(unit).filter(resident=resident).exists()


@transaction.atomic
def release_create(
    *, actor, unit, release_type: str, pass_date: date, items, **applicant
) -> GoodsRelease:
    """Open a goods release slip; an applicant identified as the unit's owner is its consent. R-FD-3."""
    require_desk(actor)
    require_site(actor, unit.site_id)
    if release_type not in GoodsRelease.Type.values:
        raise InvalidInput(
            _("Choose the type of release."), fields={"release_type": _("Required.")}
        )
    future_date(pass_date, "pass_date", label=_("date of the release"))
    if pass_date > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            _("A slip is issued at most 30 days ahead."), fields={"pass_date": _("Too far ahead.")}
        )
    fields, resident = _applicant(unit, applicant)
    rows = _items(items)
    owner_applies = fields["applicant_relation"] == GoodsRelease.Relation.OWNER and _is_owner(
        unit, resident
    )
    now = timezone.now()
    consent = (
        {
            "consent_method": C.OWNER_PRESENT,
            "consent_owner": resident,
            "consent_by": actor,
            "consent_at": now,
        }
        if owner_applies
        else {}
    )
    days = max(1, rules_for_site(unit.site_id).release_valid_days)
    release = GoodsRelease.objects.create(
        site_id=unit.site_id,
        number=number_next(scheme="FX", site_id=unit.site_id),
        unit=unit,
        state=G.CONSENTED if owner_applies else G.AWAITING_CONSENT,
        release_type=release_type,
        pass_date=pass_date,
        valid_until=pass_date + timedelta(days=days - 1),
        created_by=actor,
        **fields,
        **consent,
    )
    for row in rows:
        row.release = release
    GoodsReleaseItem.objects.bulk_create(rows)
    data = {"consent": C.OWNER_PRESENT} if owner_applies else {}
    event_record(target=release, code="created", actor=actor, data=data)
    search_index("release", release)
    if not owner_applies:
        _tell_owners(release)
    return release


def _tell_owners(release: GoodsRelease) -> None:
    """The unit's owners are asked in the portal (and by message, if they chose it) to consent
    or decline (R-FD-3, R-ST-10); the applicant's phone is not in the notice."""
    from propdesk.portal.notices import tell_resident

    for occ in unit_owners(release.unit).select_related("resident__user"):
        tell_resident(
            resident=occ.resident,
            code="resident.release.consent",
            title=_("A goods release for %(unit)s waits for your consent (%(number)s)"),
            values={"unit": release.unit.code, "number": release.number},
            url=f"/portal/releases/{release.pk}/",
            site_id=release.site_id,
            dedupe_key=f"resident.release:{release.pk}",
        )


def _move(release, action, actor, *, note="", changes=None, data=None, version=None):
    return transition_apply(
        obj=release,
        machine=RELEASE_FLOW,
        action=action,
        actor=actor,
        note=note,
        changes=changes,
        data=data,
        expected_version=version,
    )


def _owner_of(release, resident):
    if not _is_owner(release.unit, resident):
        raise InvalidInput(
            _("Only an owner of the unit as registered in the directory can consent."),
            code="not_owner",
            fields={"owner": _("Not an owner of the unit.")},
        )
    return resident


@transaction.atomic
def release_consent(
    *, actor, release: GoodsRelease, method: str, owner, document=None, note: str = "", version=None
) -> GoodsRelease:
    """Record the owner's consent given at the desk in person or by signed authorisation. R-FD-3."""
    if method not in (C.OWNER_PRESENT, C.SIGNED):
        raise InvalidInput(_("Choose how the owner consented."), fields={"method": _("Required.")})
    RELEASE_FLOW.check(action="consent", state=release.state, user=actor)
    _owner_of(release, owner)
    changes = {
        "consent_method": method,
        "consent_owner": owner,
        "consent_by": actor,
        "consent_at": timezone.now(),
        "consent_note": optional_text(note, "consent_note", 300),
    }
    if method == C.SIGNED:
        if document is None:
            raise InvalidInput(
                _("Upload the owner's signed authorisation (a photo or a PDF)."),
                code="no_document",
                fields={"document": _("Required.")},
            )
        changes["consent_document"] = attachment_add(
            target=release, upload=document, actor=actor, purpose="authorisation"
        )
    _move(
        release,
        "consent",
        actor,
        note=changes["consent_note"],
        changes=changes,
        data={"method": method},
        version=version,
    )
    return release


def _owner_by_phone(release, phone: str):
    for occ in unit_owners(release.unit):
        numbers = {occ.resident.phone, occ.resident.phone2} - {""}
        if phone in numbers:
            return occ.resident
    raise InvalidInput(
        _(
            "This number is not the phone of an owner of the unit in the directory: call the owner's number."
        ),
        code="not_owner_phone",
        fields={"phone": _("Not an owner's number.")},
    )


@transaction.atomic
def release_consent_phone(
    *, actor, release: GoodsRelease, phone: str, note: str = "", version=None
) -> GoodsRelease:
    """Record a phone verification: the number called must be an owner's number in the directory;
    a second desk person must confirm it before the slip can be approved. R-FD-3."""
    RELEASE_FLOW.check(action="consent_phone", state=release.state, user=actor)
    number = clean_phone(phone)
    owner = _owner_by_phone(release, number)
    changes = {
        "consent_method": C.PHONE,
        "consent_owner": owner,
        "consent_by": actor,
        "consent_at": timezone.now(),
        "consent_phone": number,
        "consent_note": optional_text(note, "consent_note", 300),
    }
    _move(
        release,
        "consent_phone",
        actor,
        note=changes["consent_note"],
        changes=changes,
        version=version,
    )
    return release


@transaction.atomic
def release_consent_confirm(*, actor, release: GoodsRelease, note: str = "", version=None):
    """A second desk person confirms the recorded phone consent; never the one who called. R-FD-3."""
    RELEASE_FLOW.check(action="consent_confirm", state=release.state, user=actor)
    if release.consent_by_id == actor.pk:
        raise NotAllowed(
            _("Someone other than the person who called the owner must confirm the phone consent."),
            code="self_confirm",
        )
    changes = {"consent_confirmed_by": actor, "consent_confirmed_at": timezone.now()}
    _move(
        release,
        "consent_confirm",
        actor,
        note=optional_text(note, "note", 300),
        changes=changes,
        version=version,
    )
    return release


def _owner_resident(actor, release):
    resident = getattr(actor, "resident", None)
    if resident is None or not _is_owner(release.unit, resident):
        raise NotFound()
    return resident


@transaction.atomic
def release_owner_respond(
    *, actor, release: GoodsRelease, consent: bool, note: str = "", version=None
) -> GoodsRelease:
    """The owner's own answer in the resident portal: consent, or decline. R-FD-3."""
    resident = _owner_resident(actor, release)
    text = optional_text(note, "note", 300)
    if not consent:
        _move(
            release,
            "owner_decline",
            actor,
            note=text,
            changes={"closing_note": text},
            version=version,
        )
        return release
    changes = {
        "consent_method": C.PORTAL,
        "consent_owner": resident,
        "consent_by": actor,
        "consent_at": timezone.now(),
        "consent_note": text,
    }
    _move(release, "owner_consent", actor, note=text, changes=changes, version=version)
    return release


def consent_is_complete(release: GoodsRelease) -> bool:
    """R-FD-3: an owner's consent is recorded (and a phone consent was confirmed by someone else)."""
    if not release.consent_method or not release.consent_owner_id or not release.consent_at:
        return False
    if release.consent_method == C.PHONE:
        return bool(release.consent_confirmed_by_id) and (
            release.consent_confirmed_by_id != release.consent_by_id
        )
    if release.consent_method == C.SIGNED:
        return bool(release.consent_document_id)
    return True


@transaction.atomic
def release_approve(*, actor, release: GoodsRelease, arrears_checked: bool, version=None):
    """The desk's stamp: only with the owner's recorded consent and the arrears checked. R-FD-3."""
    RELEASE_FLOW.check(action="approve", state=release.state, user=actor)
    if not consent_is_complete(release):
        raise Conflict(_("There is no recorded consent of the owner."), code="no_consent")
    if release.consent_method == C.PHONE and release.consent_by_id == actor.pk:
        raise NotAllowed(
            _("You recorded the phone consent yourself: another desk person approves this slip."),
            code="self_approve",
        )
    if not arrears_checked:
        raise InvalidInput(
            _("Check that the unit has no unpaid fees before approving."),
            code="arrears_unchecked",
            fields={"arrears_checked": _("Required.")},
        )
    if release.valid_until < timezone.localdate():
        raise Conflict(_("The date of this slip has passed; issue a new one."), code="expired")
    changes = {"arrears_checked": True, "approved_by": actor, "approved_at": timezone.now()}
    _move(release, "approve", actor, changes=changes, version=version)
    slip_lines_open(release, actor)  # the desk's stamp, signed; the guard's line, to sign
    return release


@transaction.atomic
def release_cancel(*, actor, release: GoodsRelease, reason: str, version=None) -> GoodsRelease:
    """Cancel a slip not yet used (the move was called off, or it was entered wrongly)."""
    text = require_text(reason, "reason", _("Give the reason."), 300)
    _move(release, "cancel", actor, note=text, changes={"closing_note": text}, version=version)
    return release
