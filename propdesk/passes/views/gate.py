"""The gate page for guards on a phone: type or scan a code, see the verdict, let a slip out."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from propdesk.core.exceptions import DomainError

from .. import services
from ..forms import GateForm, LetOutForm
from ..selectors import scans_for_user
from .common import gate_page, run_action, site_id_for


@require_GET
@gate_page
def gate_home(request):
    ctx = {
        "form": GateForm(initial={"direction": request.GET.get("direction", "entry")}),
        "recent": scans_for_user(request.user, site_id=site_id_for(request))[:5],
    }
    return render(request, "passes/gate.html", ctx)


@require_POST
@gate_page
def gate_check(request):
    form = GateForm(request.POST)
    if not form.is_valid():
        return render(request, "passes/gate.html", {"form": form, "recent": []}, status=400)
    d = form.cleaned_data
    try:
        verdict = services.gate_verify(
            actor=request.user,
            code=d["code"],
            site_id=site_id_for(request),
            direction=d["direction"],
        )
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return render(request, "passes/gate.html", {"form": form, "recent": []}, status=400)
    ctx = {
        "v": verdict,
        "direction": d["direction"],
        "items": list(verdict.record.items.all())
        if verdict.kind == "release" and verdict.record
        else [],
        "let_out_form": LetOutForm(initial={"code": d["code"]}),
        "form": GateForm(initial={"direction": d["direction"]}),
    }
    return render(request, "passes/gate_result.html", ctx)


@require_POST
@gate_page
def gate_let_out(request):
    form = LetOutForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {}

    def act():
        if d.get("goods_match") == "no":
            services.release_refuse(
                actor=request.user,
                code=d.get("code", ""),
                difference=d.get("difference", ""),
                site_id=site_id_for(request),
            )
            return
        services.release_let_out(
            actor=request.user,
            code=d.get("code", ""),
            goods_match=d.get("goods_match") == "yes",
            carrier_id_last4=d.get("carrier_id_last4", ""),
            site_id=site_id_for(request),
        )

    return run_action(request, act, success=_("Recorded."), to="passes:gate")
