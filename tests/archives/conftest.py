"""Archives fixtures: the seeded class tree, a filed owner file of site A with a PDF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from propdesk.archives import services
from propdesk.archives.models import ArchiveClass


def pdf_upload(name="购房合同.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")


@pytest.fixture
def owner_class(db):
    return ArchiveClass.objects.get(code="yz")


@pytest.fixture
def owner_file(archivist, site_a, unit_a, owner_class):
    record = services.record_create(
        actor=archivist,
        archive_class=owner_class,
        site=site_a,
        unit_code=unit_a.code,
        title="3栋1单元502 业主档案",
        media="paper",
        room="档案室",
        cabinet="A柜",
        shelf="2层",
        box="YZ-001",
        quantity=3,
        secrecy="internal",
    )
    services.record_attach(actor=archivist, record=record, upload=pdf_upload())
    return record
