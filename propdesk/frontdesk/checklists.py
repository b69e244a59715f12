"""Built-in checklists: handover check items (DOMAIN §1.9) and conduct standards (R-FS-3).

Codes are stored; labels are translated when shown. A desk's own `CheckTemplate` rows
replace these defaults (configured in the admin). A handover check item of a built-in code is
stored with an empty label (`checklist_to_store`) and shown through `builtin_label`, so it reads
in the viewer's language; a custom label is stored and shown as typed.
"""

from django.utils.translation import gettext_lazy as _

HANDOVER_DEFAULTS = [
    ("open_problems", _("Open problems explained to the incoming agent")),
    ("written_records", _("Repairs, complaints and major events recorded in writing")),
    ("tools_counted", _("Tools and equipment counted (lent or lost ones named)")),
    ("keys_counted", _("Keys counted")),
    ("equipment_working", _("Phones, intercom, radio, computer and printer working")),
    ("cctv_working", _("CCTV and access control working")),
    ("logbook_complete", _("Logbooks and forms complete")),
    ("desk_tidy", _("Desk, floor, chairs and cabinets clean and tidy")),
    ("parcels_counted", _("Parcels waiting counted")),
    ("cash_counted", _("Cash, deposits and pass stock counted")),
]

CONDUCT_DEFAULTS = [
    ("greeting", _("Greets every visitor")),
    ("standing", _("Stands to serve")),
    ("private_calls", _("No private calls over 3 minutes")),
    ("answers_questions", _("Answers every question or finds out")),
    ("no_chatting", _("No chatting at the desk")),
    ("post_attended", _("Post never left unattended")),
    ("desk_tidy", _("Desk clean and tidy")),
    ("uniform", _("Uniform and name badge worn")),
]

_DEFAULTS = {"handover": HANDOVER_DEFAULTS, "conduct": CONDUCT_DEFAULTS}


def builtin_label(kind: str, code: str) -> str:
    """The translated built-in label of `code`, or the code itself when it is not built in."""
    return str(dict(_DEFAULTS[kind]).get(code, code))


def checklist_to_store(*, kind: str, desk_id: int) -> list[tuple[str, str]]:
    """Like `checklist_for_desk`, but a line labelled by its built-in code has an empty label."""
    from .models import CheckTemplate

    rows = list(
        CheckTemplate.objects.filter(kind=kind, is_active=True, desk_id__in=[desk_id])
        .values_list("code", "label")
        .order_by("sort_order", "id")
    ) or list(
        CheckTemplate.objects.filter(kind=kind, is_active=True, desk__isnull=True)
        .values_list("code", "label")
        .order_by("sort_order", "id")
    )
    if not rows:
        return [(code, "") for code, _label in _DEFAULTS[kind]]
    return [(code, label or "") for code, label in rows]


def checklist_for_desk(*, kind: str, desk_id: int) -> list[tuple[str, str]]:
    """(code, label) pairs for `kind` at the desk: the desk's own rows, else the site-wide rows, else defaults."""
    from .models import CheckTemplate

    rows = list(
        CheckTemplate.objects.filter(kind=kind, is_active=True, desk_id__in=[desk_id])
        .values_list("code", "label")
        .order_by("sort_order", "id")
    ) or list(
        CheckTemplate.objects.filter(kind=kind, is_active=True, desk__isnull=True)
        .values_list("code", "label")
        .order_by("sort_order", "id")
    )
    builtin = dict(_DEFAULTS[kind])
    if not rows:
        return [(code, str(label)) for code, label in _DEFAULTS[kind]]
    return [(code, label or str(builtin.get(code, code))) for code, label in rows]
