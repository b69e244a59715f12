"""Archive statistics (档案统计, R-AR-6): records per class, site, media and year filed; loans
(asked, out, overdue, returned); quarterly inspections (rounds, found, damaged, missing, files
failing their checksum). Every figure is a database aggregate over the reader's sites, so the page
costs the same few queries however many records there are.

Where the rules are silent: destroyed records are counted apart (they stay in the ledger); `year`
narrows records to the year filed, loans to the year asked and inspections to their year.
"""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import narrow_to_site

from .models import ArchiveLoan, ArchiveRecord
from .permissions import loan_scope, record_scope, round_scope


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value))


def archive_statistics(user, *, site_id: int | None = None, year: int | None = None) -> dict:
    records = narrow_to_site(record_scope(user), site_id)
    loans = narrow_to_site(loan_scope(user), site_id)
    rounds = narrow_to_site(round_scope(user), site_id)
    if year:
        records = records.filter(year=year)
        loans = loans.filter(created_at__year=year)
        rounds = rounds.filter(year=year)
    filed = records.filter(state=ArchiveRecord.State.FILED)
    by = {}
    for key, field in (
        ("class", "archive_class__name"),
        ("site", "site__name"),
        ("media", "media"),
        ("year", "year"),
    ):
        rows = filed.order_by().values(field).annotate(n=Count("pk")).order_by(field)
        by[key] = [(r[field], r["n"]) for r in rows]
    by["media"] = [(_label(ArchiveRecord.Media.choices, v), n) for v, n in by["media"]]
    L = ArchiveLoan.State
    today = timezone.localdate()
    loan_counts = loans.order_by().aggregate(
        asked=Count("pk"),
        waiting=Count("pk", filter=Q(state=L.REQUESTED)),
        out=Count("pk", filter=Q(state=L.LENT)),
        overdue=Count("pk", filter=Q(state=L.LENT, due_date__lt=today)),
        returned=Count("pk", filter=Q(state=L.RETURNED)),
        refused=Count("pk", filter=Q(state=L.REFUSED)),
    )
    totals = records.order_by().aggregate(
        filed=Count("pk", filter=Q(state=ArchiveRecord.State.FILED)),
        destroyed=Count("pk", filter=Q(state=ArchiveRecord.State.DESTROYED)),
    )
    inspections = rounds.order_by().aggregate(
        rounds=Count("pk"),
        found=Sum("found"),
        damaged=Sum("damaged"),
        missing=Sum("missing"),
        bad_files=Sum("bad_files"),
    )
    inspections = {k: v or 0 for k, v in inspections.items()}
    return {"by": by, "totals": totals, "loans": loan_counts, "inspections": inspections}


def statistics_rows(stats: dict):
    """The figures as (section, item, count) rows, for the page's export."""
    names = {
        "class": _("Class"),
        "site": _("Site"),
        "media": _("Media"),
        "year": _("Year filed"),
    }
    for key, label in names.items():
        for value, n in stats["by"][key]:
            yield (label, str(value), n)
    t = stats["totals"]
    yield (_("Records"), _("Filed"), t["filed"])
    yield (_("Records"), _("Destroyed"), t["destroyed"])
    loan_labels = {
        "asked": _("Asked"),
        "waiting": _("Awaiting approval"),
        "out": _("Lent"),
        "overdue": _("Overdue"),
        "returned": _("Loans returned"),
        "refused": _("Requests refused"),
    }
    for key, label in loan_labels.items():
        yield (_("Borrowing"), label, stats["loans"][key])
    insp_labels = {
        "rounds": _("Rounds"),
        "found": _("Found"),
        "damaged": _("Damaged"),
        "missing": _("Missing"),
        "bad_files": _("Files failing their checksum"),
    }
    for key, label in insp_labels.items():
        yield (_("Quarterly inspections"), label, stats["inspections"][key])
