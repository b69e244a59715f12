"""Announcement pages: the desk's list, form, detail and withdrawal; the resident's list and
detail (opening one records the read receipt). Rules and decisions: `portal.announcements`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from propdesk.core.exceptions import DomainError, NotFound
from propdesk.core.forms import StyledForm
from propdesk.core.paging import page_of
from propdesk.core.sites import site_id_for
from propdesk.core.web import run_service
from propdesk.orgs.models import Building
from propdesk.orgs.selectors import site_list_for_user

from . import announcements as ann
from .views import resident_page

STATES = [
    ("active", gettext_lazy("Shown to residents")),
    ("ended", gettext_lazy("Past their end date")),
    ("withdrawn", gettext_lazy("Withdrawn")),
]


class AnnouncementForm(StyledForm):
    scope = forms.ChoiceField(
        label=gettext_lazy("Who receives it"),
        choices=[
            ("site", gettext_lazy("All residents of this site")),
            ("building", gettext_lazy("The residents of one building")),
            ("all", gettext_lazy("All residents of all my sites")),
        ],
    )
    building = forms.TypedChoiceField(
        label=gettext_lazy("Building"), required=False, coerce=int, empty_value=None
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=ann.TITLE_MAX, required=False)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=ann.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Shown until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = [("", "—")] + [(b.pk, b.name) for b in buildings]


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=ann.REASON_MAX)


def desk_page(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not ann.is_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _site(request):
    site_id = site_id_for(request)
    if site_id is None:
        return None
    return site_list_for_user(request.user).filter(pk=site_id).first()


@require_GET
@desk_page
def desk_list(request):
    """The desk's announcements (paged, filtered in the database) with their read counts."""
    state = request.GET.get("state", "")
    if state not in {s for s, _l in STATES}:
        state = ""
    qs = ann.announcement_list_for_user(request.user, site_id=site_id_for(request), state=state)
    ctx = {
        "page": page_of(request, qs),
        "state": state,
        "states": STATES,
        "can_write": request.user.has_any_role(ann.WRITERS) and not request.user.is_read_only,
    }
    return render(request, "announcements/desk_list.html", ctx)


def _place_errors(form, exc: DomainError) -> None:
    """A service refusal on the form: on the fields it names, else on top."""
    placed = False
    for name, text in exc.fields.items():
        if name in form.fields:
            form.add_error(name, str(text))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


@require_http_methods(["GET", "POST"])
@desk_page
def desk_new(request):
    site = _site(request)
    if site is None:
        messages.error(request, _("Choose a site in the header first."))
        return redirect("announcements:list")
    buildings = list(Building.objects.filter(site=site).order_by("sort_order", "name"))
    form = AnnouncementForm(request.POST or None, buildings=buildings)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            building = next((b for b in buildings if b.pk == d["building"]), None)
            try:
                made = ann.announcement_publish(
                    actor=request.user,
                    scope=d["scope"],
                    site=site,
                    building=building,
                    title=d["title"],
                    body=d["body"],
                    ends_on=d["ends_on"],
                )
            except NotFound:
                raise Http404 from None
            except DomainError as exc:
                _place_errors(form, exc)
            else:
                messages.success(request, _("The announcement is published."))
                if len(made) == 1:
                    return redirect("announcements:detail", made[0].pk)
                return redirect("announcements:list")
    return render(
        request, "announcements/desk_form.html", {"form": form, "site": site}, status=status
    )


@require_GET
@desk_page
def desk_detail(request, pk: int):
    try:
        a = ann.announcement_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    ctx = {
        "a": a,
        "withdraw_form": WithdrawForm(),
        "can_write": request.user.has_any_role(ann.WRITERS) and not request.user.is_read_only,
    }
    return render(request, "announcements/desk_detail.html", ctx)


@require_POST
@desk_page
def desk_withdraw(request, pk: int):
    try:
        a = ann.announcement_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        run_service(
            request,
            lambda: ann.announcement_withdraw(
                actor=request.user, announcement=a, reason=form.cleaned_data["reason"]
            ),
            success=_("The announcement is withdrawn; the record stays."),
        )
    return redirect("announcements:detail", a.pk)


# --- the resident's pages -------------------------------------------------------------------


@resident_page
def resident_list(request, resident):
    page = page_of(request, ann.announcement_list_for_resident(resident), per_page=10)
    return render(request, "portal/announcement_list.html", {"page": page})


@resident_page
def resident_detail(request, resident, pk: int):
    try:
        a = ann.announcement_get_for_resident(resident, pk)
    except NotFound:
        raise Http404 from None
    ann.announcement_mark_read(resident=resident, announcement=a)
    return render(request, "portal/announcement_detail.html", {"a": a})
