"""R-HO-2: the handover's open items list passes expiring within 3 days and slips approved but
not used, through the shared open-items mechanism."""

from datetime import timedelta

import pytest

from propdesk.core import openitems
from propdesk.passes import services, tokens

from .conftest import issue_pass

pytestmark = pytest.mark.django_db


def test_r_ho_2_open_items_list_expiring_passes_and_unused_slips(
    agent_a, renovation, approved_release, guard_a
):
    soon = issue_pass(agent_a, renovation, days=2)
    later = issue_pass(agent_a, renovation, days=20, id_number="330106198503121231")
    items = {i.number: i.kind for i in openitems.open_items_for_site(agent_a, renovation.site_id)}
    assert items[soon.number] == "pass.expiring" and later.number not in items
    assert items[approved_release.number] == "release.unused"
    code = tokens.qr_payload(number=approved_release.number, site_id=approved_release.site_id)
    services.release_let_out(actor=guard_a, code=code, goods_match=True, carrier_id_last4="1234")
    assert approved_release.number not in {
        i.number for i in openitems.open_items_for_site(agent_a, renovation.site_id)
    }
    assert timedelta(days=2) >= soon.valid_until - renovation.start_date
