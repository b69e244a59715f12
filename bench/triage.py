"""Intake suggestions (issue 20): accuracy, duplicate flags, latency, memory, retraining.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/propdesk_bench1m python -m bench.triage

Run after `bench.run N --generate` (or on any migrated database: the accuracy part needs only
the seed files). What it measures, all through the product's own code:

1. **Accuracy**: `triage.services.train_model` on the seed corpus (`triage/seed/corpus.jsonl`)
   holds a fifth out with a fixed seed before training and reports top-1 / top-3 of
   (kind, category) on it; the model trained on the whole corpus is then scored on
   `heldout.jsonl` (written in other voices, never trained on) and, with the bench database's
   closed tickets learned, on the last 30 days of that history held out (`company_30d`).
2. **Duplicate flags** on `duplicate_pairs.jsonl` (same problem reported twice vs look-alike
   different problems, all in the place the candidate query would look): the new text's
   probabilities from `selectors.suggest`, the open ticket's category as the desk would have
   picked it (the top suggestion for its text), scored by `selectors.duplicate_score` and
   flagged at the configured threshold; precision and recall, and the curve around it. As the
   product asks when the unit is known, a pair in another building is never a candidate (the
   candidate query keeps to the unit and its building); "text only" scores every pair.
3. **Retraining** at full size: `triage_train_all()` (the nightly sweep: the seed model and one
   model per company from its newest `TRIAGE_TRAIN_MAX` closed tickets), wall time.
4. **Latency** of `POST /api/v1/intake/suggest` as the busiest site's agent, with a unit of
   that site (so the duplicate candidates of its building are read and scored), in process
   through Django's test client, one request at a time after a warm-up; queries per call.
5. **Memory**: this process's resident set after all of the above (Django, every app, jieba's
   dictionary and the models loaded) — what a web worker holds, and a little more.

A report, not a test: it prints and saves the figures (bench/out/triage.json) and asserts
nothing.
"""

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
OUT = Path(__file__).parent / "out"
SEED_DIR = Path(__file__).resolve().parent.parent / "propdesk" / "triage" / "seed"


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _jsonl(name: str) -> list[dict]:
    with (SEED_DIR / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def accuracy() -> dict:
    from propdesk.triage.classifier import evaluate
    from propdesk.triage.features import features
    from propdesk.triage.services import seed_rows, train_model

    seed = seed_rows()
    t0 = time.perf_counter()
    model, figures = train_model([dict(r) for r in seed], [])
    seconds = time.perf_counter() - t0
    held = [(features(r["text"]), (r["kind"], r["category"])) for r in _jsonl("heldout.jsonl")]
    return {
        "seed_examples": len(seed),
        "seed_split_fifth": figures["seed"],
        "heldout": evaluate(model, [h for h in held if h[0]]),
        "heldout_unreadable": sum(1 for h in held if not h[0]),
        "train_seconds_seed": round(seconds, 2),
    }


def duplicate_flags() -> dict:
    from propdesk.triage.features import bigrams, bounded
    from propdesk.triage.selectors import duplicate_score, suggest
    from propdesk.triage.services import conf

    threshold = conf("DUPLICATE_THRESHOLD", 0.3)
    scored = []
    for pair in _jsonl("duplicate_pairs.jsonl"):
        new = suggest(pair["a"], site=None)
        old = suggest(pair["b"], site=None)["suggestions"]
        code = old[0]["category_code"] if old else ""
        score = duplicate_score(new["proba"], bigrams(bounded(pair["a"])), code, pair["b"])
        scored.append((score, bool(pair["same"]), pair["place"] != "other_building"))

    def pr(t, *, place=True):
        def flagged(s, candidate):
            return s >= t and (candidate or not place)

        tp = sum(1 for s, same, c in scored if flagged(s, c) and same)
        fp = sum(1 for s, same, c in scored if flagged(s, c) and not same)
        fn = sum(1 for s, same, c in scored if not flagged(s, c) and same)
        return {
            "threshold": t,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }

    return {
        "pairs": len(scored),
        "same": sum(1 for _s, same, _c in scored if same),
        "at_threshold": pr(threshold),
        "at_threshold_text_only": pr(threshold, place=False),
        "curve": [pr(t) for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)],
    }


def retrain() -> dict:
    from propdesk.triage.services import triage_train_all

    t0 = time.perf_counter()
    rows = triage_train_all()
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        "models": [
            {
                "company": str(r.company or "seed"),
                "examples": r.n_examples,
                "company_tickets": r.n_company,
                "seconds": r.seconds,
                "company_30d": (r.evaluation or {}).get("company_30d"),
                "kilobytes": round(len(bytes(r.weights)) / 1024, 1),
            }
            for r in rows
        ],
    }


def latency(requests: int = 600) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from propdesk.orgs.models import Unit
    from propdesk.people.models import User
    from propdesk.tickets.models import OPEN_STATES, Ticket

    busiest = (
        Ticket.objects.filter(state__in=OPEN_STATES)
        .values("site_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return {"skipped": "no open tickets in this database"}
    site_id = busiest["site_id"]
    agent = (
        User.objects.filter(staff__sites=site_id, groups__name="agent", is_active=True)
        .order_by("pk")
        .first()
    )
    if agent is None:
        return {"skipped": "no agent at the busiest site"}
    units = list(Unit.objects.filter(building__site_id=site_id).values_list("pk", flat=True)[:50])
    texts = [r["text"] for r in _jsonl("heldout.jsonl")]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)
    times, cpu, dups = [], [], []
    for i in range(requests + 50):
        body = {"text": texts[i % len(texts)], "site": site_id, "unit": units[i % len(units)]}
        t0, c0 = time.perf_counter(), time.process_time()
        resp = client.post("/api/v1/intake/suggest", body, content_type="application/json")
        dt, dc = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        assert resp.status_code == 200, (resp.status_code, resp.content[:300])
        if i >= 50:
            times.append(dt)
            cpu.append(dc)
            dups.append(len(resp.json()["duplicates"]))
    with CaptureQueriesContext(connection) as ctx:
        client.post(
            "/api/v1/intake/suggest",
            {"text": texts[0], "site": site_id, "unit": units[0]},
            content_type="application/json",
        )
    return {
        "site_id": site_id,
        "site_open_tickets": busiest["n"],
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_pct(times, 95), 1),
        "max_ms": round(max(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(_pct(cpu, 95), 1),
        "queries_per_call": len(ctx.captured_queries),
        "calls_with_duplicates": sum(1 for d in dups if d),
    }


def main(argv: list[str]) -> None:
    import django

    django.setup()
    import psutil
    from django.core.management import call_command
    from django.db import connection

    from propdesk.tickets.models import Ticket

    call_command("migrate", verbosity=0)
    figures = {
        "date": date.today().isoformat(),
        "database": connection.vendor,
        "tickets": Ticket.objects.count(),
        "accuracy": accuracy(),
    }
    if "--no-retrain" not in argv:
        figures["retrain"] = retrain()
    else:
        from propdesk.triage.services import triage_train

        triage_train(None)
    figures["duplicates"] = duplicate_flags()
    figures["latency"] = latency()
    figures["rss_mb"] = round(psutil.Process().memory_info().rss / 2**20, 1)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    OUT.mkdir(exist_ok=True)
    (OUT / "triage.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
