"""Archive records in the one search index (R-AR-3: fast retrieval): number, title, class,
location and unit; a reader finds the records of their sites."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from propdesk.search.registry import SearchFields, register

from .models import ArchiveRecord
from .permissions import is_reader, record_scope


def record_search_fields(record: ArchiveRecord) -> SearchFields:
    return SearchFields(
        title=f"{record.number} {record.title}",
        body="\n".join(
            filter(None, [record.archive_class.name, record.location, record.description])
        ),
        site_id=record.site_id,
        updated_at=record.created_at,
        numbers=[record.number],
        units=[record.unit.code] if record.unit_id else [],
        keywords=[record.archive_class.name, record.box],
    )


def visible_records(user):
    """Site scoping decides for every reader; others find none."""
    return None if is_reader(user) else record_scope(user)


def register_search() -> None:
    register(
        "archive_record",
        model=ArchiveRecord,
        label=_("Archive record"),
        build=record_search_fields,
        url=lambda pk: reverse("archives:record-detail", args=[pk]),
        visible=visible_records,
        queryset=lambda: ArchiveRecord.objects.select_related("archive_class", "unit"),
    )
