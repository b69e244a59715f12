"""Bench data: `python -m bench.generate N` creates N tickets (default 1,000,000) across 100 sites.

Sites, buildings, units, departments with heads, agents and residents are created first; then
tickets with their contact, timeline events, callbacks and running SLA clocks; the number
counters are set to match and the search index is filled with the search app's own document
builder. On PostgreSQL the work is shared out between one process per core and written with
`COPY` (bench/gen_tickets.py). Planted tickets from `bench/search_queries.json` carry unique
phrases for the search-quality check.
"""

import json
import os
import sys
import time
from pathlib import Path

SITES = 100
QUERIES = Path(__file__).with_name("search_queries.json")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
    import django

    django.setup()


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 1_000_000
    setup_django()
    from bench import gen_org, gen_tickets

    started = time.time()
    org = gen_org.create(SITES)
    log(f"org: {SITES} sites, {len(org.units)} units")
    planted = json.loads(QUERIES.read_text(encoding="utf-8"))
    gen_tickets.create(org, n, planted, seed=42, log=log)
    gen_tickets.index(log=log)
    log(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
