"""Files in an S3-compatible bucket (several machines, nothing shared but the database and the
bucket): uploads, background exports and print logos go through the storage API, and every
download streams through the app as an attachment. The bucket is moto's real S3 server on
127.0.0.1, not a mock of boto3."""

import io
import socket
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from openpyxl import load_workbook
from PIL import Image

from propdesk.config.settings import file_storage
from propdesk.core import printing
from propdesk.core.exporting import export_start
from propdesk.core.tasks_exports import run_export
from tests.factories import CompanyFactory
from tests.tickets.conftest import open_ticket  # noqa: F401 - fixture

BUCKET = "propdesk-files"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    """A fresh private bucket as the default storage, configured the way settings read the env."""
    for name, value in {"AWS_ACCESS_KEY_ID": "ci", "AWS_SECRET_ACCESS_KEY": "ci-secret"}.items():
        monkeypatch.setenv(name, value)
    env = {
        "PROPDESK_S3_BUCKET": f"{BUCKET}-{uuid.uuid4().hex[:8]}",
        "PROPDESK_S3_PREFIX": "propdesk",
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
    }
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=env["PROPDESK_S3_BUCKET"])
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(env)}
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"

    def keys() -> list[str]:
        listing = client.list_objects_v2(Bucket=env["PROPDESK_S3_BUCKET"])
        return [o["Key"] for o in listing.get("Contents", [])]

    yield keys
    assert not settings.MEDIA_ROOT.exists()  # nothing written beside the bucket


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 40, 40)).save(buf, "PNG")
    return buf.getvalue()


def test_ticket_photo_is_stored_in_the_bucket_and_downloaded_through_the_app(
    bucket,
    client_for,
    agent_a,
    agent_b,
    open_ticket,  # noqa: F811
):
    t, data = open_ticket(), _png()
    c = client_for(agent_a)
    photo = SimpleUploadedFile("漏水.png", data, content_type="image/png")
    assert c.post(reverse("tickets:attach", args=[t.pk]), {"file": photo}).status_code == 302
    [key] = bucket()
    assert key.startswith("propdesk/attachments/") and key.endswith(".png")
    att = c.get(reverse("tickets:detail", args=[t.pk])).context["attachments"][0]
    resp = c.get(reverse("tickets:attachment", args=[t.pk, att.key]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == data
    disposition = resp["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition.lower()
    assert resp["X-Content-Type-Options"] == "nosniff" and "Location" not in resp
    other = client_for(agent_b).get(reverse("tickets:attachment", args=[t.pk, att.key]))
    assert other.status_code == 404


def test_background_export_is_written_to_the_bucket_and_served_to_its_owner(
    bucket,
    settings,
    client_for,
    agent_a,
    open_ticket,  # noqa: F811
):
    settings.PROPDESK_EXPORT_INLINE_MAX = 1
    open_ticket(), open_ticket()
    job = export_start(agent_a, "tickets", {})
    assert job.state == "queued" and run_export.call(job.pk) == "done"
    [key] = bucket()
    assert key.startswith("propdesk/exports/") and key.endswith(".xlsx")
    resp = client_for(agent_a).get(reverse("core:export-download", args=[job.pk]))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert sheet.max_row >= 6  # title, filters, time, labels and the two tickets


def test_print_reads_the_company_logo_from_the_bucket(bucket, db):
    company = CompanyFactory(name="华庭物业服务有限公司")
    company.logo.save("logo.png", ContentFile(_png()))
    assert [k for k in bucket() if k.startswith("propdesk/company/")]
    doc = printing.PrintDocument(
        company=company, form_name="值班记录", record_number="ZB-1", template_version="A1"
    )
    pdf = doc.build([printing.title("值班记录")])
    assert b"/XObject" in pdf.getvalue()  # the logo is drawn
