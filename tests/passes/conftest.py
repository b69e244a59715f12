"""Passes personas and builders: guards of the security department, an approved renovation,
a worker pass with a real photo, a goods release at each step of its flow."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from propdesk.passes import services
from tests.factories import DepartmentFactory, make_user, resident_in

VALID_ID = "11010519491231002X"  # the GB 11643 example number, check character X
VALID_ID_2 = "330106198503121231"


def photo(name="worker.jpg", size=(120, 160)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def today():
    return timezone.localdate()


@pytest.fixture
def security_a(site_a):
    return DepartmentFactory(site=site_a, kind="security", name="秩序部")


@pytest.fixture
def guard_a(site_a, security_a):
    return make_user("dept_staff", site_a, department=security_a, username="guard_a")


@pytest.fixture
def guard_b(site_b):
    dept = DepartmentFactory(site=site_b, kind="security", name="秩序部")
    return make_user("dept_staff", site_b, department=dept, username="guard_b")


@pytest.fixture
def owner_a(unit_a):
    return resident_in(unit_a, name="张伟", phone="13812345678", phone2="057188001234")


@pytest.fixture
def tenant_a(unit_a):
    return resident_in(unit_a, relation="tenant", name="刘租", phone="13700001111")


def renovation_for(actor, unit, owner, *, days=30, **extra):
    fields = {
        "applicant_name": owner.name,
        "applicant_phone": "13812345678",
        "company": "美家装饰有限公司",
        "lead_name": "王工",
        "lead_phone": "13911112222",
        "deposit": "2000",
        **extra,
    }
    return services.renovation_submit(
        actor=actor,
        unit=unit,
        owner=owner,
        start_date=today(),
        end_date=today() + timedelta(days=days),
        **fields,
    )


@pytest.fixture
def renovation(agent_a, lead_a, unit_a, owner_a):
    r = renovation_for(agent_a, unit_a, owner_a)
    services.renovation_approve(actor=lead_a, renovation=r)
    return r


def issue_pass(actor, renovation, *, days=10, id_number=VALID_ID, **extra):
    fields = {
        "name": "李师傅",
        "phone": "13500001234",
        "id_number": id_number,
        "company": "美家装饰有限公司",
        "trade": "水电工",
        "receipt_no": "SJ0001",
        **extra,
    }
    return services.pass_issue(
        actor=actor,
        renovation=renovation,
        photo=photo(),
        valid_from=today(),
        valid_until=min(today() + timedelta(days=days), renovation.end_date),
        **fields,
    )


@pytest.fixture
def worker_pass(agent_a, renovation):
    return issue_pass(agent_a, renovation)


ITEMS = [
    {"name": "沙发", "quantity": 1, "unit": "张"},
    {"name": "纸箱", "quantity": 6, "unit": "个"},
]


def release_for(actor, unit, *, relation="tenant", resident=None, name="刘租", **extra):
    fields = {
        "release_type": "tenant_move_out",
        "applicant_name": name,
        "applicant_relation": relation,
        "applicant_resident": resident,
        "vehicle_plate": "浙A12345",
        "pass_date": today(),
        "items": ITEMS,
        **extra,
    }
    return services.release_create(actor=actor, unit=unit, **fields)


@pytest.fixture
def approved_release(agent_a, unit_a, owner_a):
    g = release_for(agent_a, unit_a)
    services.release_consent(actor=agent_a, release=g, method="owner_present", owner=owner_a)
    services.release_approve(actor=agent_a, release=g, arrears_checked=True)
    return g
