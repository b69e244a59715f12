"""I7: webhook URLs outside the allow-list or resolving to internal addresses are refused,
at save and at send, before any socket is opened."""

import socket

import pytest
from django.utils import translation

from propdesk.notify.delivery import delivery_send
from propdesk.notify.models import Delivery, WebhookEndpoint
from propdesk.notify.services import notify
from propdesk.notify.urlguard import WebhookRefused, check_url

STUB_DNS = {
    "hooks.example.com": ["93.184.216.34"],
    "inside.example.com": ["10.1.2.3"],
    "meta.example.com": ["169.254.169.254"],
    "loop.example.com": ["127.0.0.1"],
    "v6loop.example.com": ["::1"],
    "mapped.example.com": ["::ffff:127.0.0.1"],
    "rebind.example.com": ["93.184.216.34", "192.168.1.10"],
    "mcast.example.com": ["224.0.0.1"],
    "2130706433": ["127.0.0.1"],
    "0177.0.0.1": ["127.0.0.1"],
    "0x7f000001": ["127.0.0.1"],
    "127.1": ["127.0.0.1"],
}


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch, settings):
    """Any connection attempt fails the test; names resolve through a stub resolver."""

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    def stub_getaddrinfo(host, port, *args, **kwargs):
        if host not in STUB_DNS:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in STUB_DNS[host]]

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", stub_getaddrinfo)
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = [*STUB_DNS, "127.0.0.1"]


@pytest.mark.parametrize(
    "url",
    [
        "http://inside.example.com/hook",
        "http://meta.example.com/latest/meta-data/",
        "http://loop.example.com/",
        "http://v6loop.example.com/",
        "http://mapped.example.com/",
        "http://rebind.example.com/",
        "http://mcast.example.com/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/",
        "http://[::1]/",
        "http://192.168.0.1:8080/",
        "http://unknown.example.com/",
        "http://user:pw@hooks.example.com/",
        "ftp://hooks.example.com/",
        "http://hooks.example.com:99999/",
    ],
)
def test_i7_internal_or_unlisted_targets_are_refused(url):
    """I7: refused without opening a socket (a patched connect would fail the test)."""
    with pytest.raises(WebhookRefused):
        check_url(url)


def test_i7_host_must_be_in_the_allow_list(settings):
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = ["other.example.com"]
    with translation.override("en"), pytest.raises(WebhookRefused, match="allow-list"):
        check_url("https://hooks.example.com/x")


def test_i7_public_allowed_host_is_pinned_to_the_checked_address():
    target = check_url("https://hooks.example.com/in?a=1")
    assert (target.ip, target.port, target.path) == ("93.184.216.34", 443, "/in?a=1")


def test_i7_internal_address_listed_literally_is_allowed():
    assert check_url("http://127.0.0.1:8080/hook").ip == "127.0.0.1"


ADD = "/admin/notify/webhookendpoint/add/"


@pytest.fixture
def sysadmin_user(db):
    from tests.factories import make_user

    return make_user("sysadmin", is_staff=True)


def _endpoint_form(url):
    return {
        "name": "短信网关",
        "url": url,
        "active": "on",
        "event_codes": "",
        "secret": "s3cret-key",
    }


@pytest.mark.django_db
def test_i7_refused_at_save(client_for, sysadmin_user):
    """I7: the administrator registers endpoints in the admin; an internal address is refused
    there with the reason on the URL field, and nothing is saved."""
    resp = client_for(sysadmin_user).post(ADD, _endpoint_form("http://meta.example.com/"))
    assert resp.status_code == 200 and "url" in resp.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()
    resp = client_for(sysadmin_user).post(ADD, _endpoint_form("https://hooks.example.com/in"))
    assert resp.status_code == 302
    assert WebhookEndpoint.objects.get().created_by == sysadmin_user


@pytest.mark.django_db
def test_i7_only_administrators_create_endpoints(client_for, agent_a):
    agent_a.is_staff = True
    agent_a.save(update_fields=["is_staff"])
    resp = client_for(agent_a).post(ADD, _endpoint_form("https://hooks.example.com/"))
    assert resp.status_code in (403, 404)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_i7_refused_again_at_send(settings, agent_a, django_capture_on_commit_callbacks):
    """I7: the allow-list changed after the endpoint was saved: the send is refused, no socket."""
    WebhookEndpoint.objects.create(name="gw", url="https://hooks.example.com/in")
    notify(recipients=[agent_a], code="x", title="t", channels=["webhook"])
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = []
    delivery = Delivery.objects.get()
    with translation.override("en"):
        assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert "allow-list" in delivery.last_error


INTERNAL = [
    "http://inside.example.com/hook",
    "http://meta.example.com/latest/meta-data/",
    "http://loop.example.com/",
    "http://v6loop.example.com/",
    "http://mapped.example.com/",
    "http://rebind.example.com/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.0.1:8080/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", INTERNAL)
def test_i7_every_internal_target_is_refused_at_save(settings, client_for, sysadmin_user, url):
    """I7: loopback, link-local metadata, RFC 1918, [::1], decimal/octal/hex/short forms and names
    resolving to them: refused at save. Every name is in the allow-list; an internal IP passes
    only when the allow-list names it literally (the administrator's explicit choice), so the
    canonical literals are left out of it here."""
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = list(STUB_DNS)
    resp = client_for(sysadmin_user).post(ADD, _endpoint_form(url))
    assert resp.status_code == 200 and "url" in resp.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", INTERNAL)
def test_i7_every_internal_target_is_refused_at_send(settings, agent_a, url):
    """I7: a row that reached the table without the save check (an import, an old release) is
    refused again when sending; no socket is opened (the patched connect would fail the test)."""
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = list(STUB_DNS)
    WebhookEndpoint.objects.create(name="gw", url=url, secret="s")
    notify(recipients=[agent_a], code="x", title="t", channels=["webhook"])
    delivery = Delivery.objects.get()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error


@pytest.mark.django_db
def test_i7_a_name_that_turns_internal_after_save_is_refused_at_send(
    client_for, sysadmin_user, agent_a
):
    """I7: DNS rebinding: public when saved, 10.x when sent; refused, no socket opened."""
    resp = client_for(sysadmin_user).post(ADD, _endpoint_form("https://hooks.example.com/in"))
    assert resp.status_code == 302
    notify(recipients=[agent_a], code="x", title="t", channels=["webhook"])
    STUB_DNS["hooks.example.com"] = ["10.9.8.7"]
    try:
        delivery = Delivery.objects.get()
        with translation.override("en"):
            assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
        delivery.refresh_from_db()
        assert "internal" in delivery.last_error
    finally:
        STUB_DNS["hooks.example.com"] = ["93.184.216.34"]
