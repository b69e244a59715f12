"""Front-desk wording and links found in the QA walkthrough: handover words of their own (not
the tickets' "Accepted"/"Running"), translated event codes and check items, links by role."""

from django.conf import settings
from django.urls import reverse

from propdesk.frontdesk import services
from propdesk.frontdesk.models import ShiftHandover
from propdesk.frontdesk.templatetags.frontdesk_tags import EVENT_LABELS
from tests.frontdesk.conftest import read_all


def en(client):
    """Pages in English: the language cookie (the product answers in Chinese by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_handover_states_do_not_share_the_tickets_accepted_msgid():
    """'Accepted' is a ticket word (已接单); a handover is taken over (已接班)."""
    from django.utils import translation

    with translation.override("en"):
        assert ShiftHandover.State.ACCEPTED.label == "Taken over"
        assert str(EVENT_LABELS["accept"]) == "Taken over"
        labels = {str(label) for _v, label in ShiftHandover.State.choices}
        assert "Accepted" not in labels and "Running" not in labels
    with translation.override("zh-hans"):
        assert str(ShiftHandover.State.ACCEPTED.label) == "已接班"


def test_accepted_handover_reads_taken_over(client_for, submitted, agent2_a):
    services.handover_accept(actor=agent2_a, handover=read_all(submitted, agent2_a))
    page = en(client_for(agent2_a)).get(reverse("frontdesk:handover-detail", args=[submitted.pk]))
    html = page.content.decode()
    assert "Taken over" in html and ">Accepted<" not in html


def test_running_duty_log_reads_on_duty(client_for, submitted, agent_a):
    html = en(client_for(agent_a)).get(reverse("frontdesk:dutylog-list")).content.decode()
    assert "On duty" in html and "Running" not in html


def test_every_event_shown_on_handover_and_mail_pages_has_a_label():
    """The handover and mail pages show their history through EVENT_LABELS: no raw code."""
    from propdesk.frontdesk.services.handover import HANDOVER_FLOW
    from propdesk.frontdesk.services.mail import MAIL_FLOW

    codes = {"opened", "checked", "read.handover", "read.log", "question_asked"}
    codes |= {"question_answered", "received", "corrected"}
    codes |= {f"signed.{s}" for s in ("outgoing", "incoming", "supervisor", "manager")}
    codes |= set(HANDOVER_FLOW.transitions) | set(MAIL_FLOW.transitions)
    assert codes <= set(EVENT_LABELS)


def test_visitor_lookup_link_only_for_roles_that_may_look_up(
    client_for, desk_a, agent_a, lead_a, csm, pcm_a, auditor, django_user_model
):
    """The 访客查询 link is shown exactly to the users /desk/lookup/ lets in (no link to a 403);
    the lookup log link exactly to its readers."""
    admin = django_user_model.objects.create_superuser("qa-admin", "qa-admin@example.com", "x")
    lookup, log = reverse("frontdesk:lookup"), reverse("frontdesk:lookup-log")
    for user in (agent_a, lead_a, csm, pcm_a, auditor, admin):
        c = client_for(user)
        html = c.get(reverse("frontdesk:home")).content.decode()
        assert (f'href="{lookup}"' in html) == (c.get(lookup).status_code == 200), user
        assert (f'href="{log}"' in html) == (c.get(log).status_code == 200), user
    html = client_for(csm).get(reverse("frontdesk:home")).content.decode()
    assert f'href="{lookup}"' not in html and f'href="{log}"' in html


def test_start_handover_when_one_is_open_leads_to_it(client_for, submitted, agent_a):
    """开始交接班 on a desk whose handover is already in progress opens that handover."""
    resp = client_for(agent_a).post(reverse("frontdesk:handover-open", args=[submitted.desk_id]))
    assert resp.status_code == 302
    assert resp["Location"] == reverse("frontdesk:handover-detail", args=[submitted.pk])
    assert ShiftHandover.objects.filter(desk=submitted.desk).count() == 1


def test_default_check_items_follow_the_viewer_language(client_for, submitted, agent_a):
    """Built-in check items are stored by code and translated when shown; custom ones as typed."""
    check = submitted.checks.get(code="keys_counted")
    assert check.label == ""
    from django.conf import settings

    c = client_for(agent_a)
    url = reverse("frontdesk:handover-detail", args=[submitted.pk])
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Keys counted" in c.get(url).content.decode()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "钥匙已清点" in c.get(url).content.decode()
    submitted.checks.filter(pk=check.pk).update(label="对讲机电池已充电")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "对讲机电池已充电" in c.get(url).content.decode()


def test_data_migration_maps_stored_chinese_defaults_to_codes(submitted):
    import importlib

    from django.apps import apps

    mig = importlib.import_module(
        "propdesk.frontdesk.migrations.0004_handover_check_builtin_labels"
    )
    submitted.checks.filter(code="keys_counted").update(label="钥匙已清点")
    submitted.checks.filter(code="desk_tidy").update(label="我们自己的检查项")
    mig.forwards(apps, None)
    labels = dict(submitted.checks.values_list("code", "label"))
    assert labels["keys_counted"] == "" and labels["desk_tidy"] == "我们自己的检查项"
