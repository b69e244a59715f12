"""Search quality: recall@10 of the labelled queries in search_queries.json (target ≥ 0.95).

Each entry's planted ticket (title given there, created by bench.generate) is the expected hit.
Run against the bench database: `DATABASE_URL=... python -m bench.search_quality`.
"""

import json
import sys

from bench.generate import QUERIES, setup_django


def main() -> float:
    setup_django()
    from propdesk.people.models import User
    from propdesk.search.selectors import search
    from propdesk.tickets.models import Ticket

    user = User.objects.get(username="bench_gm")
    entries = json.loads(QUERIES.read_text(encoding="utf-8"))
    found = 0
    for e in entries:
        expected = set(
            Ticket.objects.filter(description=e["description"]).values_list("pk", flat=True)
        )
        hits = search(user, e["query"], doc_types=["ticket"], limit=10).hits
        ok = bool(expected & {h.object_id for h in hits})
        found += ok
        if not ok:
            print(f"miss: {e['query']!r} expected {sorted(expected)}")
    recall = found / len(entries)
    print(f"recall@10 = {recall:.3f} over {len(entries)} queries (target >= 0.95)")
    return recall


if __name__ == "__main__":
    sys.exit(0 if main() >= 0.95 else 1)
