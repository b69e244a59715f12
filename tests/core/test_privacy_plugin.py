"""P3: the suite-wide check itself (tests/privacy.py) sees what it must."""

from django.urls import reverse

from tests.privacy import WATCH


def test_p3_fixture_numbers_and_names_are_watched(resident_a):
    assert WATCH.hits("/people/directory/?q=13812345678") == ["13812345678"]
    assert WATCH.hits("Not Found: /x/张伟/") == ["张伟"]
    assert WATCH.hits("id 110101199003071234 leaked") == ["110101199003071234"]
    assert WATCH.hits("/people/directory/?q=5678") == []  # a fragment is not the number


def test_p3_the_intake_search_keeps_the_callers_name_out_of_the_url(
    client_for, agent_a, resident_a
):
    """P3: the desk types a caller's name or phone; it travels in the body, not the URL."""
    resp = client_for(agent_a).post(reverse("tickets:intake-search"), {"q": "张伟"})
    assert resp.status_code == 200 and "张伟" in resp.content.decode()
    urls = [text for where, text in WATCH.found if where == "URL"]
    assert urls and not any(WATCH.hits(u) for u in urls)
