"""Sealed ticket timelines (issue 12 item 6): the handling form prints the chain head, a ticket's
chain survives its workflow, an event edited in the database is found, the demo data verifies."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from propdesk.core.audit_chain import chain_head, chains_verify
from propdesk.core.events import event_list_for
from propdesk.core.models import Event
from propdesk.tickets.prints import handling_form_pdf


def _pdf_text(buffer) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_handling_form_prints_the_chain_head(handled_ticket):
    t = handled_ticket(kind="repair")
    head, count = chain_head(t)
    text = _pdf_text(handling_form_pdf(t, url="https://desk.example/")).replace("\n", "")
    assert head[:16] in text and f"tickets.ticket:{t.pk}" in text and count >= 4


def test_a_worked_ticket_verifies_and_an_edited_step_is_found(handled_ticket):
    t = handled_ticket(kind="repair")
    assert chains_verify().ok
    dispatch = next(e for e in event_list_for(t) if e.code == "dispatch")
    Event.objects.filter(pk=dispatch.pk).update(data={**dispatch.data, "to": "closed"})
    out = StringIO()
    with pytest.raises(CommandError, match="FAILED: 1 problems"):
        call_command("audit", "verify", stdout=out)
    assert f"edited: event #{dispatch.pk} of tickets.ticket:{t.pk}" in out.getvalue()


def test_the_demo_data_passes_audit_verify(db):
    """The demo back-dates its timelines after driving the workflow, then seals them again."""
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("audit verify ok") and Event.objects.count() > 500
