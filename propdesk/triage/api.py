"""POST /api/v1/intake/suggest: the intake suggestions and likely duplicates for a text."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from propdesk.core.access import require_role
from propdesk.core.api import Id
from propdesk.core.exceptions import InvalidInput
from propdesk.orgs.selectors import site_list_for_user, unit_list_for_user

from .permissions import SUGGEST_ROLES
from .selectors import duplicates, suggest

router = Router(tags=["intake"])


class SuggestIn(Schema):
    text: str = Field("", max_length=10_000)
    site: Id
    unit: Id | None = None


class SuggestionOut(Schema):
    kind: str
    category: int
    category_name: str
    department: int | None
    department_name: str
    score: float
    why: list[str]


class DuplicateOut(Schema):
    ticket: int
    number: str
    score: float


class SuggestOut(Schema):
    suggestions: list[SuggestionOut]
    priority_hint: str | None
    duplicates: list[DuplicateOut]


@router.post("/intake/suggest", response=SuggestOut)
def intake_suggest(request, payload: SuggestIn):
    """Top 3 (kind, category) with department and score, the proposed priority and the open
    tickets of the same site that are probably the same problem (your sites only)."""
    user = request.auth
    require_role(user, SUGGEST_ROLES)
    site = site_list_for_user(user).filter(pk=payload.site).first()
    if site is None:
        raise InvalidInput(_("Check the marked fields."), fields={"site": _("Not found.")})
    unit = None
    if payload.unit is not None:
        unit = unit_list_for_user(user).filter(pk=payload.unit, site=site).first()
        if unit is None:
            raise InvalidInput(_("Check the marked fields."), fields={"unit": _("Not found.")})
    result = suggest(payload.text, site=site)
    dups = duplicates(user, payload.text, site=site, unit=unit, proba=result["proba"])
    return {
        "suggestions": result["suggestions"],
        "priority_hint": result["priority_hint"],
        "duplicates": [
            {"ticket": d["id"], "number": d["number"], "score": d["score"]} for d in dups
        ],
    }
