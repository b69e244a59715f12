"""R-FM-5, R-FD-3: the goods release slip's lines in the shared signature slots — the desk's stamp
signed at the approval, the guard's line signed at the gate — and on the printed slip."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from propdesk.core.models import Event, Signature
from propdesk.core.signatures import signature_list_for
from propdesk.passes import services, tokens

pytestmark = pytest.mark.django_db


def _lines(g):
    return {s.slot: s for s in signature_list_for(g)}


def _slip_text(c, g) -> str:
    resp = c.get(f"/passes/releases/{g.pk}/slip/")
    assert resp.status_code == 200
    return PdfReader(io.BytesIO(resp.content)).pages[0].extract_text()


def test_r_fm_5_approval_signs_the_desk_stamp_and_opens_the_guards_line(agent_a, approved_release):
    lines = _lines(approved_release)
    assert set(lines) == {"desk_stamp", "guard"}
    assert lines["desk_stamp"].signer == agent_a and lines["desk_stamp"].signed_at
    assert lines["guard"].signer is None and lines["guard"].site_id == approved_release.site_id
    # No timeline event of their own: the approval is one event.
    assert not Event.objects.filter(code__startswith="signed.").exists()


def test_r_fd_3_the_guard_signs_at_the_gate_once_and_the_slip_prints_both(
    client_for, agent_a, guard_a, approved_release
):
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    before = _slip_text(client_for(agent_a), approved_release)
    assert str(agent_a) in before and str(guard_a) not in before
    services.release_let_out(actor=guard_a, code=code, goods_match=True, carrier_id_last4="1234")
    guard_line = _lines(approved_release)["guard"]
    assert guard_line.signer == guard_a
    approved_release.refresh_from_db()
    assert guard_line.signed_at == approved_release.gate_checked_at
    after = _slip_text(client_for(agent_a), approved_release)
    assert str(agent_a) in after and str(guard_a) in after
    assert Signature.objects.filter(object_id=approved_release.pk).count() == 2


def test_r_fd_3_a_refusal_signs_the_guards_line_with_what_differed(guard_a, approved_release):
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    services.release_refuse(actor=guard_a, code=code, difference="多了一台冰箱")
    line = _lines(approved_release)["guard"]
    assert line.signer == guard_a and line.note == "多了一台冰箱"


def test_a_slip_approved_before_the_lines_existed_still_signs_and_prints(
    client_for, agent_a, guard_a, approved_release
):
    Signature.objects.filter(object_id=approved_release.pk).delete()
    before = _slip_text(client_for(agent_a), approved_release)
    assert str(agent_a) in before  # from the record's approver
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    services.release_let_out(actor=guard_a, code=code, goods_match=True, carrier_id_last4="1234")
    assert _lines(approved_release)["guard"].signer == guard_a


def test_api2_let_out_runs_few_queries(
    client_for, guard_a, approved_release, django_assert_max_num_queries
):
    """The gate's let-out: the verdict, the guarded UPDATE, its event and the guard's line."""
    c = client_for(guard_a)
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    c.post("/api/v1/passes/verify", {"code": code}, content_type="application/json")  # warm up
    with CaptureQueriesContext(connection) as q:
        resp = c.post(
            "/api/v1/passes/let-out",
            {"code": code, "goods_match": True, "carrier_id_last4": "1234"},
            content_type="application/json",
        )
    assert resp.status_code == 200, resp.content
    # 14 when written: session and guard check, the verdict, the guarded UPDATE and its event, the
    # guard's line (one UPDATE), the answer.
    assert len(q.captured_queries) <= 15, [x["sql"][:80] for x in q.captured_queries]
