"""Document titles and minutes text in the one search index, within the user's sites (R-AR-3)."""

from django.urls import reverse

from propdesk.meetings import services as meeting_services
from propdesk.records import services
from propdesk.search.selectors import search
from tests.factories import make_user


def test_document_titles_are_found_at_each_of_their_sites_once(notice, csm, site_b):
    services.document_update(
        actor=csm,
        document=notice,
        sites=[notice.sites.get(), site_b],
        title=notice.title,
        issuing_body=notice.issuing_body,
    )
    assert search(csm, "国庆 值班", doc_types=["document"]).total == 0  # a draft is not searchable
    services.document_issue(actor=csm, document=notice)
    assert search(csm, "国庆 值班", doc_types=["document"]).total == 1  # one hit, not one per site
    assert search(make_user("agent", site_b), "国庆", doc_types=["document"]).total == 1
    assert search(make_user("dept_staff", site_b), "国庆", doc_types=["document"]).total == 0


def test_a_hit_opens_the_document_and_other_sites_get_404(client_for, csm, notice, site_b):
    services.document_issue(actor=csm, document=notice)
    hit = search(csm, "国庆", doc_types=["document"]).hits[0]
    resp = client_for(csm).get(hit.url)
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "records:document-detail", args=[notice.pk]
    )
    assert client_for(make_user("agent", site_b)).get(hit.url).status_code == 404


def test_minutes_text_is_found_by_meeting_readers_of_the_site(held_meeting, csm, agent_a, site_b):
    meeting_services.meeting_minutes_write(
        actor=csm, meeting=held_meeting, minutes="讨论地下车库照明改造方案"
    )
    assert search(csm, "车库照明", doc_types=["meeting"]).total == 1
    assert (
        search(agent_a, "车库照明", doc_types=["meeting"]).total == 0
    )  # agents do not read minutes
    assert search(make_user("cs_manager", site_b), "车库照明", doc_types=["meeting"]).total == 0
