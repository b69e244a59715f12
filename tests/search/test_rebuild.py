"""`search_rebuild` re-indexes everything in batches and drops documents of deleted objects."""

import pytest
from django.core.management import CommandError, call_command

from propdesk.search.models import SearchDocument
from propdesk.search.selectors import search


def test_rebuild_indexes_unindexed_and_drops_deleted(agent_a, site_a, make_note):
    notes = [make_note(site_a, f"绿化带垃圾{i}", index=False) for i in range(5)]
    assert search(agent_a, "垃圾").total == 0
    call_command("search_rebuild", "--type", "note", "--batch", "2")
    assert search(agent_a, "垃圾").total == 5
    notes[0].delete()
    call_command("search_rebuild")
    assert SearchDocument.objects.filter(doc_type="note").count() == 4
    assert search(agent_a, "垃圾").total == 4


def test_rebuild_refuses_unknown_type(db):
    with pytest.raises(CommandError):
        call_command("search_rebuild", "--type", "nope")
