"""Suggestions and likely duplicates for a request being entered (R-FD-1, R-CP-8, R-CP-4).

Constant cost per call, whatever the data: the model, the categories and the site's
departments are kept in this process (core.localcache: a retrain or an admin edit bumps the
configuration stamp and every process reloads on its next request); the duplicates are one
bounded query of the site's open tickets of the last days.
"""

import math
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from propdesk.core.localcache import LocalCache
from propdesk.orgs.models import Department, Site
from propdesk.tickets.models import OPEN_STATES, Category, Priority
from propdesk.tickets.permissions import ticket_scope

from .classifier import Model
from .features import bigrams, bounded, features, has_chinese
from .models import TriageModel
from .services import conf

_models = LocalCache(TriageModel, ttl=3600)
_categories = LocalCache(Category, ttl=60)
_departments = LocalCache(Department, ttl=60)

# Words that mean someone is in danger or damage is spreading (R-CP-4): the priority proposed.
EMERGENCY_WORDS = (
    "爆管", "漏电", "冒烟", "着火", "起火", "火灾", "困人", "关在电梯", "燃气泄漏", "煤气泄漏",
    "漏气", "有煤气味", "水漫", "淹了", "受伤", "流血", "晕倒", "快来人", "救命", "触电",
)  # fmt: skip
URGENT_WORDS = (
    "停水", "停电", "没水", "没电", "跳闸", "漏水", "渗水", "喷水", "堵了", "电梯停", "电梯坏",
    "电梯不动", "锁在门外", "进不了门", "打不开门",
)  # fmt: skip
# Categories about shared parts of a building: a neighbour's ticket of the same building can
# be the same problem (the lift, the corridor light, the entrance door).
COMMON_AREA_CODES = frozenset(
    {"elevator", "common", "fire", "access", "cleaning", "greening", "encroach", "facilities"}
)
TOP = 3


def _load_model(company_id: int | None) -> tuple[int, Model] | None:
    qs = TriageModel.objects.only("pk", "weights").order_by("-version")
    row = qs.filter(company_id=company_id).first() if company_id is not None else None
    row = row or qs.filter(company__isnull=True).first()
    return (row.pk, Model.loads(row.weights)) if row else None


def model_for(company_id: int | None) -> Model | None:
    """The newest model of the company (else the seed model), loaded once per process."""
    hit = _models.get(("model", company_id), lambda: _load_model(company_id))
    return hit[1] if hit else None


def _category_table() -> dict:
    rows = Category.objects.values(
        "id", "kind", "code", "name", "default_department", "active", "is_major"
    )
    return {(r["kind"], r["code"]): r for r in rows}


def categories() -> dict:
    return _categories.get("all", _category_table)


def departments_of(site_id: int) -> dict:
    """{department kind: (id, name)} of one site."""

    def load():
        rows = Department.objects.filter(site_id=site_id).order_by("pk")
        out = {}
        for pk, kind, name in rows.values_list("pk", "kind", "name"):
            out.setdefault(kind, (pk, name))
        return out

    return _departments.get(("site", site_id), load)


def priority_hint(text: str) -> tuple[str | None, list[str]]:
    """(priority, the words that propose it): emergency words first, then urgent ones."""
    text = bounded(text)
    for level, words in ((Priority.EMERGENCY, EMERGENCY_WORDS), (Priority.URGENT, URGENT_WORDS)):
        found = [w for w in words if w in text]
        if found:
            return str(level), found
    return None, []


def _usable(text) -> bool:
    return isinstance(text, str) and bool(text.strip()) and has_chinese(bounded(text))


def suggest(text: str, *, site: Site | None) -> dict:
    """Top suggestions (kind, category, department, calibrated score, why), the priority hint
    and the class probabilities (for duplicates). Unreadable text: no suggestion, no error."""
    empty = {"suggestions": [], "priority_hint": None, "urgent_words": [], "proba": {}}
    if not _usable(text):
        return empty
    level, words = priority_hint(text)
    out = {**empty, "priority_hint": level, "urgent_words": words}
    model = model_for(site.company_id if site else None)
    feats = features(text)
    proba = model.proba(feats) if model else None
    if not proba:
        return out
    cats = categories()
    depts = departments_of(site.pk) if site else {}
    active = [
        (p, k) for k, p in enumerate(proba) if (cats.get(model.classes[k]) or {}).get("active")
    ]
    total = sum(p for p, _k in active) or 1.0
    suggestions = []
    for p, k in sorted(active, reverse=True)[:TOP]:
        cat = cats[model.classes[k]]
        dept = depts.get(cat["default_department"])
        suggestions.append(
            {
                "kind": cat["kind"],
                "category": cat["id"],
                "category_code": cat["code"],
                "category_name": cat["name"],
                "is_major": cat["is_major"],
                "department": dept[0] if dept else None,
                "department_name": dept[1] if dept else "",
                "department_kind": cat["default_department"],
                "score": round(p / total, 3),
                "why": model.why(feats, k),
            }
        )
    by_code: dict[str, float] = {}
    for p, k in active:
        code = model.classes[k][1]
        by_code[code] = by_code.get(code, 0.0) + p / total
    return {**out, "suggestions": suggestions, "proba": by_code}


def text_similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def duplicate_score(proba: dict, grams: set[str], code: str, text: str) -> float:
    """How likely an open ticket (its category `code`, its text) is the problem being entered:
    the model's probability that the new text is about that category, and the overlap of
    character bigrams (measured on the labelled pairs, bench/README.md "Triage")."""
    p = proba.get(code, 0.0)
    return 0.7 * p + 0.3 * text_similarity(grams, bigrams(bounded(text)))


def duplicates(user, text: str, *, site: Site, unit=None, proba: dict | None = None) -> list:
    """Open tickets of the same site of the last days that are probably the same problem:
    same unit, or same building and a common-area problem; ranked (R-CP-8). Scoped like the
    ticket list: another site's tickets are never candidates. One query."""
    if not _usable(text) or site is None:
        return []
    if proba is None:
        proba = suggest(text, site=site)["proba"]
    common = Q(scope="common") | Q(category__code__in=COMMON_AREA_CODES)
    if unit is not None:
        place = Q(unit_id=unit.pk) | (Q(unit__building_id=unit.building_id) & common)
    else:
        place = common | Q(unit__isnull=True)
    since = timezone.now() - timedelta(days=conf("DUPLICATE_DAYS", 7))
    qs = (
        ticket_scope(user)
        .filter(place, site_id=site.pk, state__in=OPEN_STATES, created_at__gte=since)
        .order_by("-created_at")
        .values("id", "number", "title", "description", "category__code", "created_at")
    )
    grams = bigrams(bounded(text))
    threshold = conf("DUPLICATE_THRESHOLD", 0.3)
    found = []
    for row in qs[: conf("DUPLICATE_CANDIDATES", 200)]:
        body = f"{row['title']} {row['description']}"
        score = duplicate_score(proba, grams, row["category__code"], body)
        if score >= threshold:
            found.append({**row, "score": round(score, 3)})
    found.sort(key=lambda r: -r["score"])
    return found[:5]
