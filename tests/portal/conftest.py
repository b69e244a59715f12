"""Portal fixtures: residents with logins on both sites, photos, a helper to submit a request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from propdesk.tickets.models import Category
from tests.factories import DepartmentFactory, UnitFactory, make_user, resident_in
from tests.notify.conftest import migration_data, receiver, worker_db  # noqa: F401  (the real worker)


def portal_user(resident):
    user = make_user("resident")
    resident.user = user
    resident.save()
    return user


def jpeg(name="leak.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def html_as_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


@pytest.fixture
def owner_a(resident_a):
    """张伟, owner of unit_a (site A), signed up for the portal."""
    return portal_user(resident_a)


@pytest.fixture
def owner_b(resident_b):
    """李娜, of unit_b (site B)."""
    return portal_user(resident_b)


@pytest.fixture
def neighbour_a(unit_a):
    """Another resident of site A, in another unit of the same building."""
    unit = UnitFactory(building=unit_a.building, code="3栋1单元602")
    return portal_user(resident_in(unit, name="王芳", phone="13611112222"))


@pytest.fixture
def plumbing():
    return Category.objects.get(kind="repair", code="plumbing")


@pytest.fixture
def eng_a(site_a, dept_head_a, eng_dept_a):
    return eng_dept_a


@pytest.fixture
def client_of():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def submit(client_of, unit_a, plumbing, eng_a):
    """submit(user=owner_a, **fields) -> the response of posting a new request."""

    def post(user, **fields):
        data = {
            "unit": unit_a.pk,
            "category": plumbing.pk,
            "content": "厨房水管漏水，地上都是水",
            **fields,
        }
        return client_of(user).post(reverse("portal:request-new"), data)

    return post


@pytest.fixture
def cs_dept_a(site_a):
    return DepartmentFactory(site=site_a, kind="cs", name="客服部")
