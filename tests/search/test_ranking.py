"""Ranking on labelled queries: today's ticket with the words in its title comes first, and a
clearly better match still beats a newer weaker one (recall of bench/search_queries.json kept)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from propdesk.tickets import services
from propdesk.tickets.models import Category

URL = "/search/"
LONG = (
    "业主来电反映，楼上住户家中卫生间漏水，导致其家中天花板大面积渗水，墙皮脱落，已影响正常生活，"
    "希望物业尽快联系楼上业主并安排维修人员上门查看处理。"
)


@pytest.fixture
def ticket_at(agent_a, site_a, unit_a, resident_a, eng_dept_a):
    """ticket_at(days_ago, title, description) -> a repair ticket registered that many days ago."""

    def make(days_ago: float, title: str, description: str):
        with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
            contact = services.contact_register(
                actor=agent_a, site=site_a, channel="phone", kind="repair",
                content=description, resident=resident_a, unit=unit_a,
            )  # fmt: skip
            category = Category.objects.get(kind="repair", code="plumbing")
            return services.ticket_open(
                actor=agent_a, contact=contact, kind="repair", category=category, title=title
            )

    return make


def _ticket_order(client, q: str) -> list[int]:
    page = client.get(URL, {"q": q, "type": "ticket"}).context["page"]
    return [h.object_id for h in page.hits]


def test_todays_ticket_with_the_word_in_its_title_comes_first(client_for, agent_a, ticket_at):
    """Labelled: 漏水 → today's ticket, although older ones have shorter descriptions."""
    older = [
        ticket_at(7 + 3 * i, "厨房水管漏水", "厨房水槽下面的水管漏水，地上都湿了。")
        for i in range(8)
    ]
    today = ticket_at(0, "楼上卫生间漏水", LONG)
    order = _ticket_order(client_for(agent_a), "漏水")
    assert order[0] == today.pk and set(order) == {today.pk, *(t.pk for t in older)}


def test_an_old_title_match_beats_a_new_ticket_with_the_words_only_in_its_text(
    client_for, agent_a, ticket_at
):
    """Labelled: 鱼缸漏水 → the ticket titled so, a year old, before today's mention in a text."""
    planted = ticket_at(365, "阳台鱼缸漏水淹了地板", "业主来电：鱼缸漏水淹了地板，请尽快处理。")
    mention = ticket_at(
        0, "地板受潮", "楼下反映楼上可能是鱼缸或水管漏水，地板受潮，需上门查看原因。"
    )
    assert _ticket_order(client_for(agent_a), "鱼缸漏水") == [planted.pk, mention.pk]


def test_a_whole_word_match_beats_a_newer_match_of_its_characters(client_for, agent_a, ticket_at):
    """Labelled: 群租 → the ticket about 群租, before today's text that only has 群 and 租 apart."""
    planted = ticket_at(200, "次卧群租扰民", "业主反映隔壁群租，人员进出频繁。")
    chars = ticket_at(0, "租户投诉", "一群租户在楼道里聊天，声音很大。")
    order = _ticket_order(client_for(agent_a), "群租")
    assert order[0] == planted.pk and chars.pk in order
