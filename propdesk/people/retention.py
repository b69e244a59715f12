"""What the directory keeps of residents who moved out long ago (core.retention, P4)."""

from django.db.models import Exists, OuterRef, Q


def _moved_out_before(cutoff) -> Q:
    from .models import Occupancy

    occ = Occupancy.objects.filter(resident=OuterRef("pk"))
    still_here = occ.filter(Q(move_out__isnull=True) | Q(move_out__gte=cutoff.date()))
    return Q(Exists(occ)) & ~Q(Exists(still_here))


def register_retention() -> None:
    from propdesk.core import retention

    from .models import Resident

    retention.register(
        "residents",
        model=Resident,
        date_field="created_at",
        default_days=3 * 365,
        values={"name": "", "phone": "", "phone2": "", "id_number": "", "note": ""},
        where=_moved_out_before,
    )
