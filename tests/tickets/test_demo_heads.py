"""The demo keeps every department headed (R-CP-2): each handling form it dispatches reaches a person."""

import io
import random

from propdesk.orgs import demo as orgs_demo
from propdesk.orgs.models import Department
from propdesk.people import demo as people_demo
from propdesk.tickets.models import Category
from propdesk.tickets.routing import form_recipient


def test_r_cp_2_every_demo_department_has_an_active_head_of_its_site(db):
    ctx = {"rng": random.Random(2026), "stdout": io.StringIO()}
    orgs_demo.load(ctx)
    people_demo.load(ctx)
    depts = list(Department.objects.select_related("site", "head__staff"))
    assert len(depts) == 2 * len(orgs_demo.DEPARTMENTS)
    headless = [f"{d.site.name}·{d.name}" for d in depts if d.head is None or not d.head.is_active]
    assert headless == []
    for d in depts:
        assert d.head.staff.sites.filter(pk=d.site_id).exists(), d
        assert form_recipient(d).via == "head"
    kinds = set(
        Category.objects.exclude(default_department="").values_list("default_department", flat=True)
    )
    assert kinds <= {kind for kind, _name in orgs_demo.DEPARTMENTS}
