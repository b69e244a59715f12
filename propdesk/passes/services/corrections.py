"""Corrections of a renovation's and a worker pass's free-text and contact fields (R-FM-6).

Through the shared mechanism (`core.corrections.correction_apply`): the new value is set, the old
one stays visible in the record's errata with who, when and why, and the timeline gets a
"corrected" event. What can be corrected, and by whom (decisions where the issue is silent):

- a renovation: the renovation company, the site lead's name and phone, the refund account
  (holder, bank, number) and the scope of works (the application's notes) — never the unit, the
  owner, the dates or the money, which have their own actions (extension, refund);
- a worker pass: the worker's company, trade and the spelling of the name — never the ID number
  nor the photo (a wrong one means a new pass) nor the validity (extend);
- by the desk (agent, shift lead, CS manager) of the record's site, in every state: a record
  closed long ago still gets a misspelt name put right. Read-only roles never correct.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.corrections import correction_apply
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed

from ..models import Renovation, WorkerPass
from ..permissions import can_act
from ..search import search_index
from ..validators import clean_phone
from ..workflow import DESK
from .common import require_site

# field -> (required, max length); `None` length: a phone, checked as phones are at intake.
RENOVATION_FIELDS = {
    "company": (True, 100),
    "lead_name": (True, 50),
    "lead_phone": (True, None),
    "refund_account_name": (False, 50),
    "refund_bank": (False, 60),
    "refund_account_no": (False, 40),
    "scope": (False, 2000),
}
PASS_FIELDS = {"company": (True, 100), "trade": (True, 30), "name": (True, 50)}
PHONE_FIELDS = frozenset({"lead_phone"})
# Fields the search index holds (search.py): a correction of one re-indexes the record.
INDEXED = {"renovation": {"company", "lead_name"}, "worker_pass": {"company", "trade", "name"}}


def can_correct(user) -> bool:
    """The desk (the services also check the record's site, which its reader shares)."""
    return can_act(user, DESK)


def _require_corrector(user) -> None:
    if not can_correct(user):
        raise NotAllowed(_("Only the desk corrects a renovation or a pass."), code="role")


def _clean(fields: dict, field: str, value) -> str:
    if field not in fields:
        raise InvalidInput(
            _("This field cannot be corrected."),
            code="bad_field",
            fields={"field": _("Choose one of: %(values)s") % {"values": ", ".join(fields)}},
        )
    required, max_len = fields[field]
    if max_len is None:
        return clean_phone(value, "new_value")
    value = str(value or "").strip()
    if required and not value:
        raise InvalidInput(
            _("This field cannot be empty."), code="required", fields={"new_value": _("Required.")}
        )
    if len(value) > max_len:
        raise InvalidInput(
            _("The new value is too long (at most %(n)d characters).") % {"n": max_len},
            code="too_long",
            fields={"new_value": _("Too long.")},
        )
    return value


def _check_version(record, version: int | None) -> None:
    """A stale version answers 409; the row is locked so that two corrections cannot both win."""
    if version is None:
        return
    current = (
        type(record)
        .objects.select_for_update()
        .filter(pk=record.pk)
        .values_list("version", flat=True)
        .first()
    )
    if version != record.version or current != version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")


def _correct(doc_type, fields, *, actor, record, field, new_value, reason, version):
    _require_corrector(actor)
    require_site(actor, record.site_id)
    value = _clean(fields, field, new_value)
    _check_version(record, version)
    row = correction_apply(target=record, field=field, new_value=value, reason=reason, actor=actor)
    if field in INDEXED[doc_type]:
        search_index(doc_type, record)
    return row


@transaction.atomic
def renovation_correct(
    *, actor, renovation: Renovation, field: str, new_value, reason: str, version=None
):
    """R-FM-6: correct the company, the site lead, the refund account or the scope of works."""
    return _correct(
        "renovation",
        RENOVATION_FIELDS,
        actor=actor,
        record=renovation,
        field=field,
        new_value=new_value,
        reason=reason,
        version=version,
    )


@transaction.atomic
def pass_correct(
    *, actor, worker_pass: WorkerPass, field: str, new_value, reason: str, version=None
):
    """R-FM-6: correct the worker's company, trade or the spelling of the name."""
    return _correct(
        "worker_pass",
        PASS_FIELDS,
        actor=actor,
        record=worker_pass,
        field=field,
        new_value=new_value,
        reason=reason,
        version=version,
    )
