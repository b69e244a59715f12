"""Records fixtures: a notice drafted by the CS manager for site A, signing helpers, a meeting."""

import pytest

from propdesk.records import services as record_services
from tests.meetings.conftest import *  # noqa: F403 (the weekly meeting fixtures)
from tests.tickets.conftest import *  # noqa: F403 (tickets to print)


@pytest.fixture
def notice(csm, site_a, pcm_a, dept_head_a):
    """A draft notice to site A's managers (CS manager, centre manager, department head)."""
    return record_services.document_create(
        actor=csm,
        kind="notice",
        sites=[site_a],
        title="关于加强国庆期间值班的通知",
        issuing_body="华庭物业总经理办公室",
        body="国庆期间各部门须安排值班。",
    )


def open_and_sign(document, *users):
    for user in users:
        record_services.document_open(actor=user, document=document)
        record_services.document_sign(actor=user, document=document)
    document.refresh_from_db()
    return document
