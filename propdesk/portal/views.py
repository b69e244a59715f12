"""The resident portal's pages (mobile first): home, requests, and the actions on a request.

Every page reads through `selectors` from the signed-in resident; a record that is not theirs
answers 404. Posted fields a page does not have are refused by name with 400 (SECURITY.md A4).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from propdesk.core.attachments import attachment_get_for_parent, attachment_response
from propdesk.core.exceptions import DomainError, NotAllowed, NotFound
from propdesk.core.paging import page_of
from propdesk.surveys.selectors import open_surveys_for_resident
from propdesk.tickets import services as tickets
from propdesk.tickets.models import Category

from . import selectors
from .announcements import announcement_list_for_resident
from .forms import (
    NoteForm,
    RateForm,
    ReleaseAnswerForm,
    RequestForm,
    WithdrawForm,
    unknown_fields,
)
from .notices import wants_messages
from .permissions import is_portal_user, require_portal_resident
from .services import request_submit


def resident_page(view):
    """Signed in, a resident linked to the directory; anyone else: 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        resident = require_portal_resident(request.user)
        return view(request, resident, *args, **kwargs)

    return wrapper


def _refuse_fields(request, names: list[str]):
    """400 naming the fields the page does not have; nothing is saved."""
    return render(
        request,
        "portal/refused.html",
        {"fields": names, "back": request.META.get("HTTP_REFERER", "")},
        status=400,
    )


def _domain_error(form, exc: DomainError) -> None:
    """A service refusal on the form: on its fields where it names one of them, else on top."""
    placed = False
    for name, text in exc.fields.items():
        target = "photo" if name == "files" else name
        if target in form.fields:
            form.add_error(target, str(text) if target != "photo" else str(exc.message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


@login_required
def home(request):
    """The resident's start page: units, open requests, what waits for them."""
    if not is_portal_user(request.user):
        raise Http404
    resident = getattr(request.user, "resident", None)
    if resident is None:
        return render(request, "portal/home.html", {"resident": None})
    occupancies = selectors.unit_list_for_resident(resident)
    household = selectors.household_of(resident)
    for o in occupancies:
        o.others = household.get(o.unit_id, []) if o.relation == "owner" else []
    open_requests = list(selectors.request_list_for_resident(resident, open_only=True)[:5])
    return render(
        request,
        "portal/home.html",
        {
            "resident": resident,
            "occupancies": occupancies,
            "hotlines": list(
                dict.fromkeys((o.site.name, o.site.hotline) for o in occupancies if o.site.hotline)
            ),
            "open_requests": open_requests,
            "announcements": list(announcement_list_for_resident(resident)[:3]),
            "by_message": wants_messages(request.user),
            "surveys": list(open_surveys_for_resident(resident)[:5]),
            **selectors.home_counts(resident),
        },
    )


@resident_page
def request_list(request, resident):
    page = page_of(request, selectors.request_list_for_resident(resident), per_page=10)
    return render(request, "portal/request_list.html", {"page": page})


@resident_page
def request_new(request, resident):
    occupancies = selectors.unit_list_for_resident(resident)
    if request.method == "POST":
        extra = unknown_fields(request, RequestForm.FIELDS)
        if extra:
            return _refuse_fields(request, extra)
        form = RequestForm(request.POST, request.FILES, occupancies=occupancies)
        if form.is_valid():
            d = form.cleaned_data
            occ = next(o for o in occupancies if o.unit_id == d["unit"])
            category = Category.objects.filter(pk=d["category"], active=True).first()
            if category is None:
                form.add_error(
                    "category", _("“What is it about”: choose one of the options offered.")
                )
            else:
                try:
                    ticket = request_submit(
                        actor=request.user,
                        resident=resident,
                        unit=occ.unit,
                        category=category,
                        content=d["content"],
                        location=d["location"],
                        wished_at=d["wished_at"],
                        photo=d["photo"],
                    )
                except NotFound:
                    raise Http404 from None
                except NotAllowed:
                    raise PermissionDenied from None
                except DomainError as exc:
                    _domain_error(form, exc)
                else:
                    messages.success(
                        request,
                        _("Thank you: your request %(number)s is registered.")
                        % {"number": ticket.number},
                    )
                    return redirect("portal:request-detail", pk=ticket.pk)
        status = 400
    else:
        initial = {"unit": occupancies[0].unit_id} if len(occupancies) == 1 else {}
        form = RequestForm(initial=initial, occupancies=occupancies)
        status = 200
    return render(
        request,
        "portal/request_new.html",
        {"form": form, "occupancies": occupancies},
        status=status,
    )


def _detail_context(request, ticket, **forms):
    return {
        "t": ticket,
        "state_words": selectors.state_words(ticket),
        "state_badge": selectors.STATE_BADGES.get(ticket.state, "text-bg-secondary"),
        "steps": selectors.request_timeline(ticket, request.user),
        "photos": list(selectors.request_photos(ticket, request.user)),
        "can_withdraw": selectors.can_withdraw(ticket),
        "can_rate": selectors.can_rate(ticket),
        "can_urge": selectors.can_urge(ticket),
        "is_open": selectors.is_open(ticket),
        "note_form": forms.get("note_form") or NoteForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
    }


@resident_page
def request_detail(request, resident, pk: int):
    ticket = selectors.request_get_for_resident(resident, pk)
    return render(request, "portal/request_detail.html", _detail_context(request, ticket))


ACTIONS = {
    "note": (NoteForm, "note_form"),
    "urge": (None, None),
    "withdraw": (WithdrawForm, "withdraw_form"),
    "rate": (RateForm, "rate_form"),
}
DONE = {
    "note": gettext_lazy("Your information has been added."),
    "urge": gettext_lazy("We have told the front desk that you are waiting."),
    "withdraw": gettext_lazy("Your request has been withdrawn."),
    "rate": gettext_lazy("Thank you for your rating."),
}


def _run(action: str, user, ticket, d: dict):
    if action == "note":
        tickets.ticket_resident_note(actor=user, ticket=ticket, text=d["text"])
    elif action == "urge":
        tickets.ticket_resident_urge(actor=user, ticket=ticket)
    elif action == "withdraw":
        tickets.ticket_withdraw(actor=user, ticket=ticket, reason=d["reason"])
    else:
        tickets.ticket_rate(actor=user, ticket=ticket, score=d["score"], comment=d["comment"])


@require_POST
@resident_page
def request_action(request, resident, pk: int, action: str):
    ticket = selectors.request_get_for_resident(resident, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, slot = ACTIONS[action]
    extra = unknown_fields(request, form_class.FIELDS if form_class else set())
    if extra:
        return _refuse_fields(request, extra)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        ctx = _detail_context(request, ticket, **{slot: form})
        return render(request, "portal/request_detail.html", ctx, status=400)
    try:
        _run(action, request.user, ticket, form.cleaned_data if form else {})
    except NotFound:
        raise Http404 from None
    except NotAllowed:
        raise PermissionDenied from None
    except DomainError as exc:
        if form is None:
            messages.error(request, str(exc.message))
            return redirect("portal:request-detail", pk=ticket.pk)
        _domain_error(form, exc)
        ctx = _detail_context(request, ticket, **{slot: form})
        return render(request, "portal/request_detail.html", ctx, status=400)
    messages.success(request, str(DONE[action]))
    return redirect("portal:request-detail", pk=ticket.pk)


@resident_page
def request_photo(request, resident, pk: int, key: str):
    ticket = selectors.request_get_for_resident(resident, pk)
    att = attachment_get_for_parent(ticket, key)
    if att.uploaded_by_id != request.user.pk:
        raise Http404
    return attachment_response(att)


# --- goods releases: the owner's consent (R-FD-3) -------------------------------------------


@resident_page
def release_list(request, resident):
    page = page_of(request, selectors.release_list_for_owner(resident), per_page=10)
    return render(request, "portal/release_list.html", {"page": page})


def _release_context(release, form=None):
    return {
        "g": release,
        "items": list(release.items.all()),
        "can_consent": selectors.release_can_consent(release),
        "can_decline": selectors.release_can_decline(release),
        "form": form or ReleaseAnswerForm(),
    }


@resident_page
def release_detail(request, resident, pk: int):
    release = selectors.release_get_for_owner(resident, pk)
    return render(request, "portal/release_detail.html", _release_context(release))


RELEASE_DONE = {
    "consent": gettext_lazy("Thank you: the front desk may now approve the slip."),
    "decline": gettext_lazy("You declined: the goods will not be let out."),
}


@require_POST
@resident_page
def release_answer(request, resident, pk: int, action: str):
    """The owner confirms or declines, through the passes app's own consent service."""
    from propdesk.passes.services import release_owner_respond

    release = selectors.release_get_for_owner(resident, pk)
    if action not in RELEASE_DONE:
        raise Http404
    extra = unknown_fields(request, ReleaseAnswerForm.FIELDS)
    if extra:
        return _refuse_fields(request, extra)
    form = ReleaseAnswerForm(request.POST)
    if form.is_valid():
        try:
            release_owner_respond(
                actor=request.user,
                release=release,
                consent=action == "consent",
                note=form.cleaned_data["note"],
            )
        except NotFound:
            raise Http404 from None
        except NotAllowed:
            raise PermissionDenied from None
        except DomainError as exc:
            _domain_error(form, exc)
        else:
            messages.success(request, str(RELEASE_DONE[action]))
            return redirect("portal:release-detail", pk=release.pk)
    release = selectors.release_get_for_owner(resident, pk)
    return render(
        request, "portal/release_detail.html", _release_context(release, form), status=400
    )


# --- parcels waiting (R-FD-4) and my data (PIPL, R-ST-10) -------------------------------------


@resident_page
def parcel_list(request, resident):
    items = list(selectors.parcel_list_for_resident(resident)[:50])
    return render(request, "portal/parcel_list.html", {"items": items})


@resident_page
def my_data(request, resident):
    reveals = list(selectors.phone_reveals_of(resident)[:100])
    return render(request, "portal/my_data.html", {"resident": resident, "reveals": reveals})


@resident_page
def my_data_download(request, resident):
    """Everything stored about the resident as one JSON file (a download, never rendered)."""
    import json

    from django.http import HttpResponse
    from django.utils import timezone

    from propdesk.core.attachments import download_disposition
    from propdesk.core.events import event_record

    data = selectors.my_data(resident, request.user)
    event_record(target=resident, code="my_data.downloaded", actor=request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    resp = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"my-data-{timezone.localdate():%Y%m%d}.json"
    resp["Content-Disposition"] = download_disposition(name)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "no-store"
    return resp


@require_POST
@resident_page
def notice_choice(request, resident):
    """The resident's choice: notices also by text or WeChat message (the webhook channel)."""
    from .notices import notice_choice_set

    extra = unknown_fields(request, {"by_message"})
    if extra:
        return _refuse_fields(request, extra)
    value = request.POST.get("by_message", "")
    if value not in ("", "on", "1", "0"):
        messages.error(request, _("Choose yes or no."))
        return redirect("portal:home")
    notice_choice_set(user=request.user, by_message=value in ("on", "1"))
    messages.success(request, _("Your choice is saved."))
    return redirect("portal:home")
