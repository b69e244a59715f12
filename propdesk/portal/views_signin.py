"""Signing in with a mobile number and a one-time code (`portal.signin`): two small pages."""

from django import forms
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from propdesk.core.exceptions import InvalidInput
from propdesk.core.forms import StyledForm

from . import signin

SESSION_NUMBER = "portal_signin_number"


class NumberForm(StyledForm):
    phone = forms.CharField(label=_("Mobile number"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["phone"].widget.attrs
        attrs.update(inputmode="tel", autocomplete="tel", type="tel")


class CodeForm(StyledForm):
    code = forms.CharField(label=_("The 6-digit code"), max_length=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["code"].widget.attrs
        attrs.update(inputmode="numeric", autocomplete="one-time-code", pattern="[0-9]*")


def _ip(request) -> str:
    """The client's address as the password sign-in's lockout sees it (django-axes: its proxy
    settings decide whether a forwarded address is trusted)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


@never_cache
@csrf_protect
def signin_number(request):
    """Step 1: the resident types their mobile number; a code is sent if a resident has it."""
    if request.user.is_authenticated:
        return redirect("home")
    form = NumberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                message = signin.code_request(
                    raw_number=form.cleaned_data["phone"], ip=_ip(request)
                )
            except InvalidInput as exc:
                form.add_error("phone" if "phone" in exc.fields else None, str(exc.message))
                status = getattr(exc, "status", 400)
            else:
                request.session[SESSION_NUMBER] = signin.normalise(form.cleaned_data["phone"])
                request.session["portal_signin_sent"] = str(message)
                return redirect("portal:signin-code")
    return render(request, "portal/signin_number.html", {"form": form}, status=status)


@never_cache
@csrf_protect
def signin_code(request):
    """Step 2: the code; right, fresh and unused → signed in for RESIDENT_SESSION_DAYS."""
    if request.user.is_authenticated:
        return redirect("home")
    number = request.session.get(SESSION_NUMBER, "")
    if not number:
        return redirect("portal:signin")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = signin.code_verify(raw_number=number, code=form.cleaned_data["code"])
            except InvalidInput as exc:
                form.add_error("code", str(exc.message))
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                request.session.pop(SESSION_NUMBER, None)
                request.session.pop("portal_signin_sent", None)
                return redirect("portal:home")
    context = {
        "form": form,
        "masked": signin.mask_phone(number),
        "sent": request.session.get("portal_signin_sent", ""),
    }
    return render(request, "portal/signin_code.html", context, status=status)
