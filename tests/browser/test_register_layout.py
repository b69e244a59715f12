"""At a desk PC's 1366×768 the header is one row and the contact register reads across, in both
languages: no column wraps one character per line, no header wraps, nothing scrolls sideways."""

import pytest

from propdesk.tickets import services
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAYOUT = """() => {
  const line = parseFloat(getComputedStyle(document.body).lineHeight) || 24;
  const table = document.querySelector('#contact-register');
  const heads = [...table.querySelectorAll('thead th')];
  const short = [...table.querySelectorAll('tbody tr')].flatMap(r => [1, 2, 3, 8].map(i => r.cells[i]));
  return {
    navbar: document.querySelector('nav.navbar').offsetHeight,
    headRow: table.querySelector('thead tr').offsetHeight,
    line: line,
    // the text's own height, not the cell's (a cell is as tall as its row's longest content)
    tallShortCell: Math.max(...short.map(c => { const r = document.createRange(); r.selectNodeContents(c); return r.getBoundingClientRect().height; })),
    narrowest: Math.min(...[...table.querySelectorAll('tbody td')].map(c => c.clientWidth)),
    overflow: table.parentElement.scrollWidth - table.parentElement.clientWidth,
  };
}"""


@pytest.fixture
def register(csm, site_a, unit_a, resident_a, agent_a):
    csm.name = (
        "刘洋"  # a name as people have them (the factory's "cs_manager-12" is three times longer)
    )
    csm.save()
    for i in range(6):
        services.contact_register(
            actor=agent_a, site=site_a, channel="phone" if i % 2 else "visit",
            kind="complaint" if i % 3 else "repair", resident=resident_a, unit=unit_a,
            content="楼上卫生间漏水，我家天花板一直在滴水，墙面已经发霉了，麻烦尽快派人来看看。" * (1 + i % 2),
        )  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_contact_register_reads_across_at_1366(browser, live_server, csm, register, lang, tmp_path):
    page = signed_in_page(browser, live_server, csm, width=1366, height=768)
    if lang == "en":
        page.click("#nav-main .user-name")  # the account menu holds the language switch
        page.click("button[name=language][value=en]")
        page.wait_for_load_state()
    page.goto("/tickets/contacts/")
    page.screenshot(path=str(tmp_path / f"register-{lang}.png"), full_page=True)
    m = page.evaluate(LAYOUT)
    assert m["navbar"] < 70, m  # one row of menu, switcher, search, bell and account
    assert m["headRow"] < 2 * m["line"], m  # no header label on two rows
    assert m["tallShortCell"] < 2.2 * m["line"], m  # channel, kind, time, receiver: one line
    assert m["narrowest"] > 2 * 16, m  # no column squeezed to one character
    assert m["overflow"] <= 1, m
    nav = page.locator("#nav-main").text_content()  # the register sits in the desk dropdown
    assert ("来人来电来访登记" if lang == "zh-hans" else "Contact register") in nav


PHONE_LAYOUT = """() => [...document.querySelectorAll('.table-responsive > table tbody td')]
  .filter(c => c.textContent.trim()).map(c => c.clientWidth)"""


def test_a_register_on_a_phone_scrolls_instead_of_squeezing(
    browser, live_server, agent_a, register
):
    """At 390×844 a wide register keeps readable columns (≥ 4 characters) and scrolls sideways;
    the page itself never does."""
    from propdesk.tickets.models import Category, Contact

    for contact in Contact.objects.filter(ticket__isnull=True)[:3]:
        category = Category.objects.filter(kind=contact.kind).first()
        services.ticket_open(
            actor=agent_a, contact=contact, kind=contact.kind, category=category, title="漏水"
        )
    page = signed_in_page(browser, live_server, agent_a, width=390, height=844)
    page.goto("/tickets/")
    widths = page.evaluate(PHONE_LAYOUT)
    assert widths and min(widths) >= 4 * 14, widths
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
