"""Two web instances (two gunicorn processes on two ports) on one database share nothing else, as
two machines would: a session, a lockout, a rate limit and an SLA policy edit hold across them.
Runs on a file SQLite database, and on PostgreSQL when DATABASE_URL is set."""

import http.client
import json
import os
import re
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import make_password
from django.forms.models import model_to_dict

from propdesk.core.management.commands.serve import gunicorn_command
from propdesk.people.services import api_token_create
from propdesk.tickets.models import SlaPolicy, Ticket
from tests.factories import PASSWORD, make_user
from tests.notify.conftest import WorkerDatabase

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.instances,
    pytest.mark.django_db(transaction=True),
]
REPAIR = {"kind": "repair", "category": "plumbing", "title": "厨房水管漏水",
          "content": "住户来电厨房水管漏水", "caller_name": "王先生"}  # fmt: skip


class Instance:
    """One web instance: a gunicorn process with one worker on its own loopback port."""

    def __init__(self, db_url: str, var: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {**os.environ, "DATABASE_URL": db_url, "PROPDESK_VAR_DIR": str(var),
               "PYTHONPATH": str(ROOT)}  # fmt: skip
        cmd = gunicorn_command(f"127.0.0.1:{self.port}", 1, access_log="/dev/null")
        var.mkdir(parents=True, exist_ok=True)
        self.log = var / "gunicorn.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)

    def wait(self) -> "Instance":
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn stopped")
            try:
                self.request("GET", "/accounts/login/")
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def request(self, method, path, *, cookies=None, form=None, body=None, token=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
        data = None
        if form is not None:
            data = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        resp.text = resp.read().decode()
        conn.close()
        jar = SimpleCookie()
        for value in resp.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        resp.cookies = {k: m.value for k, m in jar.items()}
        return resp


def _form_post(instance, path, form, cookies=None):
    """GET the form for its CSRF token (any instance's token is valid on all), then POST it."""
    page = instance.request("GET", path, cookies=cookies)
    jar = {**(cookies or {}), **page.cookies}
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, (page.status, instance.log.read_text()[-3000:])
    token = found.group(1)
    return instance.request("POST", path, cookies=jar, form={**form, "csrfmiddlewaretoken": token})


def _login(instance, username, password):
    return _form_post(instance, "/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def pair(tmp_path, settings, site_a, unit_a, eng_dept_a, dept_head_a):
    """Users and a ticket written first, then instances A and B started on the same database."""
    # A hasher the instances accept (their settings are not the tests'); scrypt is the quickest.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.ScryptPasswordHasher"]
    hashed = make_password(PASSWORD)
    agent, other = make_user("agent", site_a), make_user("agent", site_a)
    admin = make_user("sysadmin", is_staff=True, is_superuser=True)
    for user in (agent, other, admin):
        user.password = hashed
        user.save()
    db = WorkerDatabase(tmp_path)
    context = {"agent": agent, "other": other, "admin": admin, "unit": unit_a,
               "token": api_token_create(user=agent, name="two")[1]}  # fmt: skip
    db.push()
    a, b = Instance(db.url(), tmp_path / "a"), Instance(db.url(), tmp_path / "b")
    yield a.wait(), b.wait(), context
    for instance in (a, b):
        instance.proc.terminate()
        instance.proc.wait(15)


def test_a_session_made_on_one_instance_is_valid_on_the_other(pair):
    a, b, ctx = pair
    resp = _login(a, ctx["agent"].username, PASSWORD)
    assert resp.status == 302 and "sessionid" in resp.cookies
    page = b.request("GET", "/tickets/", cookies={"sessionid": resp.cookies["sessionid"]})
    assert page.status == 200 and ctx["agent"].name in page.text


def test_s1_failures_split_over_both_instances_lock_the_account_on_both(pair):
    """S1: 3 failures on A and 2 on B reach the limit of 5; the right password is then refused."""
    a, b, ctx = pair
    name = ctx["other"].username
    for instance in (a, a, a, b):
        assert _login(instance, name, "wrong-password-1").status == 200
    assert _login(b, name, "wrong-password-1").status == 429  # the 5th failure locks
    assert _login(a, name, PASSWORD).status == 429


def _create(instance, ctx):
    resp = instance.request(
        "POST", "/api/v1/tickets/", body={**REPAIR, "unit": ctx["unit"].pk}, token=ctx["token"]
    )
    assert resp.status == 201, resp.text
    return json.loads(resp.text)


def test_urging_twice_within_5_minutes_is_refused_whichever_instance_is_asked(pair):
    a, b, ctx = pair
    ticket = _create(a, ctx)
    path = f"/api/v1/tickets/{ticket['id']}/urge"
    first = a.request("POST", path, body={"version": ticket["version"]}, token=ctx["token"])
    assert first.status == 200, first.text
    again = b.request("POST", path, body={"version": json.loads(first.text)["version"]},
                      token=ctx["token"])  # fmt: skip
    assert again.status == 409 and json.loads(again.text)["code"] == "too_soon"


def _response_minutes(ticket: dict) -> int:
    return next(s["target_minutes"] for s in ticket["sla"] if s["stage"] == "response")


def test_an_sla_policy_edited_on_one_instance_applies_on_the_other_at_once(pair):
    """R-SS-1: B's cached policies (a minute in memory) are dropped by A's edit, not a minute later."""
    a, b, ctx = pair
    before = _response_minutes(_create(b, ctx))  # B has now cached the policies
    policy = _policy_for(ctx)
    login = _login(a, ctx["admin"].username, PASSWORD)
    cookies = {"sessionid": login.cookies["sessionid"]}
    form = {k: ("" if v is None else v) for k, v in model_to_dict(policy).items() if v is not False}
    form.update({"response_minutes": before + 7, "_save": "1"})
    saved = _form_post(a, f"/admin/tickets/slapolicy/{policy.pk}/change/", form, cookies)
    assert saved.status == 302, saved.text[:2000]
    assert _response_minutes(_create(b, ctx)) == before + 7


def _policy_for(ctx) -> SlaPolicy:
    """The policy B applied to the tickets it created (read from the shared database)."""
    from propdesk.tickets.sla import policy_for

    return policy_for(Ticket(site=ctx["unit"].site, kind="repair", priority="normal",
                             category_id=_plumbing_id()))  # fmt: skip


def _plumbing_id() -> int:
    from propdesk.tickets.models import Category

    return Category.objects.get(code="plumbing", kind="repair").pk
