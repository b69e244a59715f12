"""The auditor reads everything and changes nothing: 403 on every write (A5).

The whole API is checked with the auditor's token in tests/core/test_api_contract.py (no 2xx on a
non-GET operation, every table unchanged); these are the cases written out.
"""

from django.urls import reverse

from propdesk.core.models import DataAccess


def test_auditor_reads_every_site(client_for, auditor, resident_a, resident_b):
    data = client_for(auditor).get("/api/v1/residents/").json()
    assert {r["name"] for r in data["items"]} == {"张伟", "李娜"}


def test_auditor_gets_403_on_every_write(client_for, auditor, resident_a):
    c = client_for(auditor)
    writes = [
        (reverse("people:resident-reveal", args=[resident_a.pk]), {"field": "phone"}),
        (reverse("people:directory-import"), {}),
    ]
    for url, data in writes:
        assert c.post(url, data).status_code == 403, url
    api = c.post(
        f"/api/v1/residents/{resident_a.pk}/reveal",
        {"field": "phone"},
        content_type="application/json",
    )
    assert api.status_code == 403 and api.json()["code"] == "forbidden"
    assert not DataAccess.objects.exists()


def test_a5_auditor_cannot_record_opening_a_document(
    client_for, auditor, site_a, unit_a, resident_a
):
    """A5: `POST /documents/{id}/open` is an action: 403 to the auditor, who reads with GET
    (found by the API1 fuzz, which checks every non-GET operation with the auditor's token)."""
    from tests.business_records import records_at

    doc = records_at(site_a, unit_a, resident_a)["document"]
    c = client_for(auditor)
    assert c.get(f"/api/v1/documents/{doc.pk}").status_code == 200
    refused = c.post(f"/api/v1/documents/{doc.pk}/open", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
