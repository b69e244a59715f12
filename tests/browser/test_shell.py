"""The shell in a real browser: Chinese by default, English switch, directory search, unit page."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_logs_in_switches_language_finds_resident_by_phone_and_opens_unit(
    login, agent_a, resident_a, unit_a
):
    page = login(agent_a.username, PASSWORD)
    nav = page.locator("#nav-main")
    assert "住户与房屋" in nav.inner_text()
    page.click("#nav-main .user-name")  # the account menu holds the language switch
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Residents" in page.locator("#nav-main").inner_text()
    page.click("#nav-main >> text=Residents")
    page.fill("#id_q", "5678")
    page.wait_for_selector("#directory-results >> text=张伟")
    assert "138****5678" in page.locator("#directory-results").inner_text()
    page.click(f"#directory-results >> text={unit_a.code}")
    page.wait_for_url(f"**/people/units/{unit_a.pk}/")
    assert unit_a.code in page.locator("h1").inner_text()
    assert "张伟" in page.content()
