"""API of archive statistics (R-AR-6): the same database aggregates as the statistics page."""

from ninja import Router, Schema

from propdesk.core.api import Id

from ..permissions import require_reader
from ..statistics import archive_statistics

router = Router(tags=["archives"])


class CountOut(Schema):
    value: str
    count: int


class StatisticsOut(Schema):
    by_class: list[CountOut]
    by_site: list[CountOut]
    by_media: list[CountOut]
    by_year: list[CountOut]
    totals: dict[str, int]
    loans: dict[str, int]
    inspections: dict[str, int]


@router.get("/archives/statistics", response=StatisticsOut)
def statistics(request, site: Id | None = None, year: int | None = None):
    """Records per class, site, media and year filed; loans; inspections — over your sites."""
    require_reader(request.auth)
    if year is not None and not 2000 <= year <= 2100:
        year = None
    s = archive_statistics(request.auth, site_id=site, year=year)
    rows = {k: [{"value": str(v), "count": n} for v, n in s["by"][k]] for k in s["by"]}
    return {
        "by_class": rows["class"],
        "by_site": rows["site"],
        "by_media": rows["media"],
        "by_year": rows["year"],
        "totals": s["totals"],
        "loans": s["loans"],
        "inspections": s["inspections"],
    }
