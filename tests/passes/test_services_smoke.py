from propdesk.passes import services, tokens


def test_smoke(approved_release, guard_a, worker_pass):
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    v = services.gate_verify(actor=guard_a, code=code)
    assert v.ok, v.message
    v = services.gate_verify(
        actor=guard_a,
        code=tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id),
    )
    assert v.ok, v.message
