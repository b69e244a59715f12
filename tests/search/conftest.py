"""A test-only document type ("note", wrapping core Event) proves the engine without tickets."""

import pytest

from propdesk.core.events import event_record
from propdesk.core.models import Event
from propdesk.search import registry
from propdesk.search.registry import SearchFields
from propdesk.search.services import search_index_update


def _note_fields(event: Event) -> SearchFields:
    data = event.data
    return SearchFields(
        title=data.get("title", ""),
        body=event.note,
        site_id=event.site_id,
        updated_at=event.created_at,
        numbers=[data["number"]] if data.get("number") else [],
        units=[data["unit"]] if data.get("unit") else [],
        phones=[data["phone"]] if data.get("phone") else [],
    )


def _narrow(qs, filters):
    return qs.filter(code=filters["code"]) if filters.get("code") else qs


@pytest.fixture
def note_type(db):
    """Register the "note" type for one test, then remove it."""
    registry.register(
        "note",
        model=Event,
        label="Note",
        build=_note_fields,
        url=lambda pk: f"/notes/{pk}/",
        narrow=_narrow,
        queryset=lambda: Event.objects.filter(code__startswith="note"),
    )
    yield "note"
    registry.unregister("note")


@pytest.fixture
def make_note(note_type):
    """Create and index a note: `make_note(site, "title", "body", unit=…, phone=…, number=…)`."""

    def make(site, title, body="", *, code="note", index=True, **data):
        event = event_record(
            target=site, site_id=site.pk, code=code, note=body, data={"title": title, **data}
        )
        if index:
            search_index_update("note", event)
        return event

    return make
