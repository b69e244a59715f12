"""Personas: two sites A and B, and one user per role (agent_b sees nothing of A)."""

from importlib import import_module

import pytest

from propdesk.core.localcache import LocalCache
from tests.factories import DepartmentFactory, SiteFactory, UnitFactory, make_user, resident_in

# P3: personal data of the fixtures never in URLs, logs or error pages (the whole suite).
pytest_plugins = ["tests.privacy"]


@pytest.fixture(autouse=True)
def _fast_and_clean(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    LocalCache.clear_all()  # each test starts from its own database rows, not the last test's
    # Sweeps run in tests must never start a real backup (of whatever DATABASE_URL names).
    settings.PROPDESK = {**settings.PROPDESK, "BACKUP_SCHEDULE": False,
                         "BACKUP_DIR": str(tmp_path / "backups")}  # fmt: skip


# Rows written by data migrations. A transactional test flushes every table when it ends, so the
# next test would find no roles, calendars, categories or SLA policies: put them back when missing.
SEED = [
    ("propdesk.people.migrations.0002_roles", "create_roles"),
    ("propdesk.core.migrations.0005_default_calendar", "create_default"),
    ("propdesk.tickets.migrations.0002_default_categories", "create"),
    ("propdesk.tickets.migrations.0005_default_sla_policies", "create"),
    ("propdesk.records.migrations.0002_default_form_templates", "create_defaults"),
    ("propdesk.archives.migrations.0002_default_classes", "seed"),
    ("propdesk.archives.migrations.0008_checklist_seed", "seed"),
    ("propdesk.surveys.migrations.0002_default_questionnaire", "seed"),
    ("propdesk.performance.migrations.0002_default_weights", "seed"),
]
_state_apps = []


def _reseed():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if not _state_apps:
        _state_apps.append(MigrationExecutor(connection).loader.project_state().apps)
    for module, fn in SEED:
        getattr(import_module(module), fn)(_state_apps[0], None)


@pytest.fixture(autouse=True)
def _migration_data(request, django_db_blocker):
    if "django_db" not in {m.name for m in request.node.iter_markers()} and not any(
        f in request.fixturenames for f in ("db", "transactional_db", "live_server")
    ):
        yield
        return
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        if not Group.objects.filter(name="agent").exists():
            _reseed()
    yield


@pytest.fixture
def db(db, django_db_blocker):
    """The database, with the migrations' rows back even when the test asked for it late (a
    persona taken with `request.getfixturevalue` after a transactional test flushed them)."""
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="agent").exists():
        _reseed()
    return db


@pytest.fixture
def site_a(db):
    return SiteFactory(name="翠湖花园", code="cuihu")


@pytest.fixture
def site_b(db):
    return SiteFactory(name="国贸中心大厦", code="gmzx", kind="office")


@pytest.fixture
def eng_dept_a(site_a):
    return DepartmentFactory(site=site_a, kind="engineering", name="工程部")


@pytest.fixture
def unit_a(site_a):
    return UnitFactory(building__site=site_a, code="3栋1单元502", building__name="3栋")


@pytest.fixture
def unit_b(site_b):
    return UnitFactory(building__site=site_b, code="A座1201", building__name="A座")


@pytest.fixture
def resident_a(unit_a):
    return resident_in(unit_a, name="张伟", phone="13812345678", id_number="110101199003071234")


@pytest.fixture
def resident_b(unit_b):
    return resident_in(unit_b, name="李娜", phone="13987654321")


@pytest.fixture
def agent_a(site_a):
    return make_user("agent", site_a)


@pytest.fixture
def agent_b(site_b):
    return make_user("agent", site_b)


@pytest.fixture
def lead_a(site_a):
    return make_user("supervisor", site_a)


@pytest.fixture
def csm(site_a, site_b):
    return make_user("cs_manager", site_a, site_b)


@pytest.fixture
def dept_head_a(site_a, eng_dept_a):
    user = make_user("dept_head", site_a, department=eng_dept_a)
    eng_dept_a.head = user
    eng_dept_a.save()
    return user


@pytest.fixture
def pcm_a(site_a):
    return make_user("centre_manager", site_a)


@pytest.fixture
def gm(db):
    return make_user("gm")


@pytest.fixture
def archivist(db):
    return make_user("archivist")


@pytest.fixture
def auditor(db):
    return make_user("auditor")


@pytest.fixture
def resident_user(resident_a):
    user = make_user("resident")
    resident_a.user = user
    resident_a.save()
    return user


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: `client_for(agent_a)`."""

    def login(user):
        client.force_login(user)
        return client

    return login
