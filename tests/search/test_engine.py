"""The search engine on both databases: segmentation, units, phones, scope, freshness, rank."""

import pytest

from propdesk.search.selectors import search
from propdesk.search.services import search_index_delete, search_index_update


def _ids(page):
    return [hit.object_id for hit in page.hits]


def test_chinese_word_finds_its_sentence_not_a_similar_word(agent_a, site_a, make_note):
    """R-AR-3 (fast retrieval), R-FS-9: 漏水 finds 厨房水管漏水了 and not 水费."""
    leak = make_note(site_a, "厨房水管漏水了")
    make_note(site_a, "水费怎么交")
    page = search(agent_a, "漏水")
    assert _ids(page) == [leak.pk]
    assert page.total == 1


def test_word_in_body_is_found(agent_a, site_a, make_note):
    note = make_note(site_a, "报修", "楼上卫生间渗水，天花板发霉")
    assert _ids(search(agent_a, "渗水")) == [note.pk]
    assert _ids(search(agent_a, "天花板 渗水")) == [note.pk]
    assert _ids(search(agent_a, "天花板 电梯")) == []


@pytest.mark.parametrize("q", ["3-1-502", "3栋1单元502", "3 1 502", "３－１－５０２"])
def test_unit_written_any_way_finds_the_unit(agent_a, site_a, make_note, q):
    """A unit written as 3-1-502 finds 3栋1单元502."""
    note = make_note(site_a, "门禁卡失效", unit="3栋1单元502")
    make_note(site_a, "门禁卡失效", unit="3栋1单元503")
    assert _ids(search(agent_a, q)) == [note.pk]


def test_building_and_words_combine(agent_a, site_a, make_note):
    note = make_note(site_a, "卫生间漏水", unit="3栋1单元502")
    make_note(site_a, "卫生间漏水", unit="13栋1单元502")
    make_note(site_a, "电梯故障", unit="3栋2单元101")
    assert _ids(search(agent_a, "3栋漏水")) == [note.pk]


def test_phone_fragment_and_record_number(agent_a, site_a, make_note):
    note = make_note(site_a, "来电咨询", phone="13812345678", number="TS-CUIHU-2026-00042")
    make_note(site_a, "来电咨询", phone="13900000000", number="TS-CUIHU-2026-00043")
    for q in ("5678", "138123", "1234567", "00042", "TS-CUIHU-2026-00042", "ts-cuihu-2026-00042"):
        assert _ids(search(agent_a, q)) == [note.pk], q


def test_phone_is_never_shown_in_results(agent_a, site_a, make_note):
    make_note(site_a, "来电咨询", "住户来电", phone="13812345678")
    hit = search(agent_a, "5678").hits[0]
    assert "5678" not in hit.title_html + hit.snippet_html


def test_agent_of_site_b_never_sees_site_a(agent_a, agent_b, site_a, site_b, make_note):
    """Scope: an agent of site B never sees site A's documents (A1)."""
    a = make_note(site_a, "电梯困人")
    b = make_note(site_b, "电梯困人")
    assert _ids(search(agent_b, "电梯")) == [b.pk]
    assert _ids(search(agent_a, "电梯")) == [a.pk]
    assert search(agent_b, "电梯", site_id=site_a.pk).total == 0


def test_company_roles_see_every_site_and_can_narrow(gm, site_a, site_b, make_note):
    a = make_note(site_a, "电梯困人")
    b = make_note(site_b, "电梯困人")
    assert sorted(_ids(search(gm, "电梯"))) == sorted([a.pk, b.pk])
    assert _ids(search(gm, "电梯", site_id=site_b.pk)) == [b.pk]


def test_anonymous_sees_nothing(site_a, make_note):
    from django.contrib.auth.models import AnonymousUser

    make_note(site_a, "电梯困人")
    assert search(AnonymousUser(), "电梯").total == 0


def test_updated_document_found_by_new_words_only(agent_a, site_a, make_note):
    """A document edited a moment ago is found by its new words, not its old ones."""
    note = make_note(site_a, "电梯噪音")
    note.data["title"] = "绿化带垃圾"
    note.save()
    search_index_update("note", note)
    assert _ids(search(agent_a, "垃圾")) == [note.pk]
    assert _ids(search(agent_a, "电梯")) == []


def test_deleted_document_disappears(agent_a, site_a, make_note):
    note = make_note(site_a, "电梯噪音")
    search_index_delete("note", note.pk)
    assert search(agent_a, "电梯").total == 0


def test_title_match_outranks_body_match(agent_a, site_a, make_note):
    """Ranking: a title match outranks a body match."""
    in_body = make_note(site_a, "住户来电", "反映楼道里有积水，请尽快处理，住户情绪激动")
    in_title = make_note(site_a, "楼道积水", "住户来电反映，请尽快处理")
    assert _ids(search(agent_a, "积水")) == [in_title.pk, in_body.pk]


def test_equal_relevance_ranks_recent_first(agent_a, site_a, make_note):
    import time_machine

    with time_machine.travel("2026-01-01 09:00 +0800"):
        old = make_note(site_a, "停车位被占")
    with time_machine.travel("2026-03-01 09:00 +0800"):
        new = make_note(site_a, "停车位被占")
    assert _ids(search(agent_a, "停车位")) == [new.pk, old.pk]


def test_snippet_is_escaped_then_marked(agent_a, site_a, make_note):
    make_note(
        site_a, "<b>漏水</b>", "前文" * 40 + "<script>alert(1)</script>厨房漏水" + "后文" * 60
    )
    hit = search(agent_a, "漏水").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>漏水</mark>&lt;/b&gt;"
    assert "&lt;script&gt;" in hit.snippet_html and "<script>" not in hit.snippet_html
    assert "厨房<mark>漏水</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")


def test_query_syntax_cannot_break_the_engine(agent_a, site_a, make_note):
    make_note(site_a, "电梯困人")
    for q in ['"', "'", "*", "AND OR NOT", "(", '电梯" OR "*', "a:b", "&|!", "-", "   ", ""]:
        search(agent_a, q)
    assert search(agent_a, '电梯"*(').total == 1


def test_filters_and_types_combine(agent_a, site_a, make_note):
    repair = make_note(site_a, "电梯故障", code="note_repair")
    make_note(site_a, "电梯故障", code="note_other")
    assert _ids(search(agent_a, "电梯", filters={"code": "note_repair"})) == [repair.pk]
    assert search(agent_a, "电梯", doc_types=["ticket_unknown"]).total == 0


def test_paging(agent_a, site_a, make_note):
    for _ in range(5):
        make_note(site_a, "快递包裹")
    first, second = search(agent_a, "快递", limit=3), search(agent_a, "快递", limit=3, offset=3)
    assert first.total == 5 and len(first.hits) == 3 and first.has_next
    assert len(second.hits) == 2 and not second.has_next
    assert not set(_ids(first)) & set(_ids(second))


@pytest.mark.postgres
def test_site_search_reads_only_the_sites_entries_of_the_index(agent_a, site_a, make_note):
    """R-AR-3 at a million tickets: the site and the words are both conditions of one GIN index
    scan (migration 0003), so a desk's search never reads other sites' matches."""
    from django.db import connection

    from propdesk.search import query
    from propdesk.search.selectors import search_queryset

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL index")
    make_note(site_a, "厨房水管漏水了")
    qs = search_queryset(agent_a, query.parse("漏水"))
    with connection.cursor() as cursor:
        # On a tiny table the planner would read it whole or use a btree index; take those away
        # (rolled back with the test's transaction) to see what the GIN index itself covers.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ALTER TABLE search_searchdocument DROP CONSTRAINT uniq_search_doc")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument'"
            " AND indexdef NOT ILIKE '%% USING gin %%' AND indexname NOT LIKE '%%pkey'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # (an app's visibility subquery, e.g. the archive records one may read, scans its own table)
    gin_scan = [line for line in plan.splitlines() if "Index Cond" in line and "tsv @@" in line]
    assert "search_doc_site_tsv" in plan and len(gin_scan) == 1, plan
    assert "site_id = " in gin_scan[0] and "tsv @@" in gin_scan[0], plan


def test_beyond_the_rank_limit_matches_come_newest_first_with_a_capped_count(
    agent_a, site_a, make_note, monkeypatch
):
    """A very common word across many sites: counting and ranking every match would take seconds
    at a million tickets, so past RANK_LIMIT the newest come first and the count stops there."""
    from propdesk.search import selectors

    title_match = make_note(site_a, "电梯异响")
    body_match = make_note(site_a, "报修", "电梯异响三天了")
    newest = make_note(site_a, "报修", "电梯又异响了，电梯异响")
    ranked = search(agent_a, "电梯异响")
    assert ranked.total == 3 and not ranked.more and _ids(ranked)[0] == title_match.pk
    monkeypatch.setattr(selectors, "RANK_LIMIT", 2)
    capped = search(agent_a, "电梯异响")
    assert capped.total == 2 and capped.more
    assert _ids(capped) == [newest.pk, body_match.pk, title_match.pk]
