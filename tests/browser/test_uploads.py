"""F1 in a real browser: a JPEG/HTML polyglot uploaded to a ticket is downloaded, never rendered."""

import pytest

from propdesk.core.attachments import attachment_list_for
from propdesk.tickets import services
from tests.browser.conftest import signed_in_page
from tests.core.test_uploads import _jpeg, _up
from tests.tickets.conftest import *  # noqa: F403 (open_ticket and its departments)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_f1_a_polyglot_attachment_is_a_download_and_runs_no_script(
    browser, live_server, agent_a, open_ticket
):
    """F1: served as an attachment (nosniff, sandbox): the browser saves it; 0 dialogs, 0 scripts."""
    ticket = open_ticket()
    polyglot = _jpeg() + b"<html><script>alert(document.domain)</script></html>"
    services.ticket_attach(
        actor=agent_a, ticket=ticket, upload=_up("x.html", polyglot, "text/html")
    )
    page = signed_in_page(browser, live_server, agent_a)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/tickets/{ticket.pk}/")
    att = attachment_list_for(ticket).get()
    with page.expect_download() as info:
        page.click(f"a[href$='/attachments/{att.key}/']")
    assert info.value.suggested_filename == "x.jpg"
    page.wait_for_timeout(300)
    assert dialogs == [] and page.url.endswith(f"/tickets/{ticket.pk}/")
