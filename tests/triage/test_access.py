"""Who reads the model page and who may retrain (CS manager, centre manager, GM; retrain: the
CS manager only). Only buttons that will succeed are shown."""

import pytest

from propdesk.triage.models import TriageModel
from tests.triage.conftest import make_ticket

pytestmark = pytest.mark.django_db
PAGE, RETRAIN = "/triage/", "/triage/retrain/"


@pytest.fixture
def trained(seed_model, site_a, agent_a):
    from propdesk.triage.services import triage_train

    for i in range(3):
        make_ticket(site_a, agent_a, f"电梯坏了{i}", kind="repair", code="elevator")
    make_ticket(site_a, agent_a, "楼道灯不亮", kind="repair", code="plumbing")
    return triage_train(site_a.company)


@pytest.mark.parametrize(
    ("who", "status", "button"),
    [
        ("csm", 200, True),
        ("pcm_a", 200, False),
        ("gm", 200, False),
        ("agent_a", 403, False),
        ("lead_a", 403, False),
        ("dept_head_a", 403, False),
        ("auditor", 403, False),
        ("archivist", 403, False),
    ],
)
def test_model_page_access_matrix(
    request, client_for, trained, who, status, button, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(who))
    with django_assert_max_num_queries(20):
        resp = client.get(PAGE)
    assert resp.status_code == status
    if status == 200:
        html = resp.content.decode()
        assert 'id="triage-accuracy"' in html and "75%" in html  # 3 of 4 right
        assert "报修 · 给排水/水暖" in html  # the confused pair, in words
        assert (f'action="{RETRAIN}"' in html) is button


@pytest.mark.parametrize(
    ("who", "status"), [("csm", 302), ("pcm_a", 403), ("gm", 403), ("agent_a", 403)]
)
def test_retrain_only_by_the_cs_manager(request, client_for, trained, who, status):
    before = TriageModel.objects.filter(company=trained.company).count()
    resp = client_for(request.getfixturevalue(who)).post(RETRAIN)
    assert resp.status_code == status
    after = TriageModel.objects.filter(company=trained.company).count()
    assert after == before + (1 if status == 302 else 0)


def test_menu_entry_for_managers(client_for, trained, csm, agent_a):
    assert f'href="{PAGE}"' in client_for(csm).get("/tickets/").content.decode()
    assert f'href="{PAGE}"' not in client_for(agent_a).get("/tickets/").content.decode()
