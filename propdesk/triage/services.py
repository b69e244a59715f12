"""Training the intake model (R-FD-1): the seed corpus plus the company's own closed tickets.

`triage_train(company)` counts the examples into a complement naive Bayes model
(`classifier`), evaluates it and stores a new `TriageModel` version. Company tickets weigh
`TRIAGE_COMPANY_WEIGHT` times a seed example, so a phrase the company classifies differently
from the seed follows the company. Every category a ticket was finally closed under is learned,
including one added in the admin; inactive categories are filtered out when suggesting.

Evaluation, computed here so the manager page costs nothing: the seed corpus is split with a
fixed seed before training (one fifth held out), and a bounded sample of the company's tickets
of the last 30 days is held out from a first model; both give top-1 / top-3 and the most
confused pairs. The stored model is then counted on everything.
"""

import json
import random
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from propdesk.core.access import require_role
from propdesk.orgs.models import Company
from propdesk.tickets.models import State, Ticket

from .classifier import Model, evaluate, fit_temperature
from .features import features
from .models import TriageModel

SEED_PATH = Path(__file__).with_name("seed") / "corpus.jsonl"
TRAINERS = frozenset({"cs_manager"})
KEEP_VERSIONS = 5


def conf(name: str, default):
    return settings.PROPDESK.get(f"TRIAGE_{name}", default)


def seed_rows(path: Path | None = None) -> list[dict]:
    """The seed corpus shipped with the product (empty when the file is missing)."""
    path = Path(conf("SEED_PATH", path or SEED_PATH))
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                d = json.loads(line)
                rows.append(d)
    return rows


def seed_split(rows: list[dict], *, seed: int = 2026, share: float = 0.2):
    """(train, held out): the seed corpus split once, before any training, with a fixed seed."""
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    n = int(len(rows) * share)
    return rows[n:], rows[:n]


def _ticket_text(title: str, description: str) -> str:
    return description or title or ""


def company_rows(company: Company, *, limit: int | None = None) -> list[dict]:
    """The company's closed tickets with their final category, newest first (bounded)."""
    limit = limit or conf("TRAIN_MAX", 50_000)
    qs = (
        Ticket.objects.filter(
            site__company=company, state=State.CLOSED, category__isnull=False, merged_into=None
        )
        .order_by("-created_at")
        .values_list("title", "description", "category__kind", "category__code", "created_at")
    )
    return [
        {"text": _ticket_text(t, d), "kind": k, "category": c, "at": at}
        for t, d, k, c, at in qs[:limit].iterator(chunk_size=2000)
    ]


def _examples(rows, weight):
    for r in rows:
        feats = r.get("_f")
        if feats is None:
            feats = r["_f"] = features(r["text"])
        if feats:
            yield feats, (r["kind"], r["category"]), weight


def _labelled(rows):
    return [(r["_f"], (r["kind"], r["category"])) for r in rows if r.get("_f")]


def train_model(seed: list[dict], company: list[dict], *, now=None) -> tuple[Model, dict]:
    """Fit, evaluate and refit; returns the final model and its evaluation figures."""
    now = now or timezone.now()
    weight = float(conf("COMPANY_WEIGHT", 3.0))
    seed_train, seed_test = seed_split(seed)
    since = now - timedelta(days=30)
    recent = [r for r in company if r["at"] >= since]
    random.Random(2026).shuffle(recent)
    recent_test = recent[: conf("EVAL_SAMPLE", 2000)]
    held = {id(r) for r in recent_test}
    company_train = [r for r in company if id(r) not in held]

    first = Model.fit(
        [*_examples(seed_train, 1.0), *_examples(company_train, weight)],
        max_features=conf("MAX_FEATURES", 40_000),
    )
    for r in seed_test + recent_test:
        r.setdefault("_f", features(r["text"]))
    test_rows = _labelled(seed_test) + _labelled(recent_test)
    temperature = fit_temperature(first, test_rows)
    figures = {
        "seed": evaluate(first, _labelled(seed_test)) if seed_test else None,
        "company_30d": evaluate(first, _labelled(recent_test)) if recent_test else None,
    }
    final = Model.fit(
        [*_examples(seed, 1.0), *_examples(company, weight)],
        max_features=conf("MAX_FEATURES", 40_000),
    )
    final.temperature = temperature
    figures["temperature"] = temperature
    figures["classes"] = len(final.classes)
    figures["features"] = len(final.weights)
    return final, figures


def triage_train(company: Company | None, *, seed: list[dict] | None = None) -> TriageModel:
    """Train and store a new version for `company` (None: the seed corpus alone)."""
    started = time.monotonic()
    seed = seed_rows() if seed is None else [dict(r) for r in seed]
    own = company_rows(company) if company is not None else []
    model, figures = train_model(seed, own)
    blob = model.dumps()
    with transaction.atomic():
        last = TriageModel.objects.filter(company=company).aggregate(v=Max("version"))["v"] or 0
        row = TriageModel.objects.create(
            company=company,
            version=last + 1,
            trained_at=timezone.now(),
            n_examples=len(seed) + len(own),
            n_company=len(own),
            seconds=round(time.monotonic() - started, 2),
            evaluation=figures,
            weights=blob,
        )
        old = TriageModel.objects.filter(company=company).values_list("pk", flat=True)
        TriageModel.objects.filter(pk__in=list(old[KEEP_VERSIONS:])).delete()
    return row


def triage_train_all() -> list[TriageModel]:
    """The seed model and one model per company (the nightly sweep, `propdesk triage_train`)."""
    out = [triage_train(None)]
    for company in Company.objects.order_by("pk"):
        out.append(triage_train(company))
    return out


def triage_nightly_sweep() -> None:
    triage_train_all()


def triage_retrain_now(*, actor, company: Company) -> TriageModel:
    """The CS manager's "retrain now" (R-CP-8: learn from what the desk decided)."""
    require_role(actor, TRAINERS)
    return triage_train(company)
