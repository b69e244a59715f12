"""L1 and D3: a mixed desk load and a many-writers load, from a separate process (loopback only).

    python -m bench.mixed prepare USERS OUT.json      (in the bench database: tokens, sessions, ids)
    python -m bench.mixed run PORT OUT.json SECONDS [think_min think_max] [--writes-only]

Each simulated user is the desk agent of its own site and, after a think time drawn between
`think_min` and `think_max` seconds, makes one request: 70 % reads (the ticket list page and
API, a ticket's page, a search), 20 % creates (`POST /api/v1/tickets/` with an Idempotency-Key)
and 10 % transitions (dispatching one of its registered tickets with the version it read).
`--writes-only`: creates only, no think time (D3). Latencies are end to end, as the client sees
them (queueing in the server included). Standard library only; prints one JSON object.
"""

import http.client
import json
import random
import sys
import threading
import time
import uuid
from urllib.parse import quote

SEARCHES = ["漏水", "电梯异响", "跳闸", "卫生间堵塞", "噪音扰民", "物业费", "车库", "阳台渗水"]
LISTS = [f"state={s}&kind={k}" for s in ("dispatched", "closed", "handled", "registered")
         for k in ("repair", "complaint")]  # fmt: skip
READS = [("list_page", 20), ("ticket_page", 20), ("list_api", 15), ("search_api", 10),
         ("search_page", 5)]  # fmt: skip


def prepare(users: int, out: str) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "propdesk.config.settings")
    import django

    django.setup()
    from django.test import Client

    from propdesk.orgs.models import Department, Unit
    from propdesk.people.models import User
    from propdesk.people.services import api_token_create
    from propdesk.tickets.models import Ticket

    agents = User.objects.filter(username__startswith="bagent").order_by("pk")[:users]
    desks = []
    for agent in agents:
        sites = agent.visible_site_ids()
        _, token = api_token_create(user=agent, name="bench-mixed")
        client = Client()
        client.force_login(agent)
        tickets = Ticket.objects.filter(site_id__in=sites)
        desks.append({
            "token": token,
            "cookie": client.cookies["sessionid"].value,
            "units": list(Unit.objects.filter(site_id__in=sites).values_list("pk", flat=True)[:50]),
            "ids": list(tickets.values_list("pk", flat=True)[:200]),
            "registered": list(tickets.filter(state="registered").values_list("pk", "version")[:50]),
            "department": Department.objects.filter(site_id__in=sites, kind="engineering")
            .values_list("pk", flat=True).first(),
        })  # fmt: skip
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"desks": desks}, f)
    print(json.dumps({"desks": len(desks)}))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.status: dict[str, int] = {}
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float, status: int, body: bytes = b"") -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            key = f"{status // 100}xx"
            self.status[key] = self.status.get(key, 0) + 1
            if status >= 400 and len(self.errors) < 20:
                self.errors.append(f"{kind} {status} {body[:200].decode(errors='replace')}")

    def summary(self) -> dict:
        every = [t for ts in self.times.values() for t in ts]
        out = {"requests": len(every), "status": self.status, "all": _pcts(every),
               "errors_sample": self.errors}  # fmt: skip
        out.update({k: _pcts(v) for k, v in sorted(self.times.items())})
        return out


def _pcts(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    v = sorted(values)

    def p(q):
        return round(v[min(len(v) - 1, int(len(v) * q / 100))] * 1000, 1)

    return {"n": len(v), "p50_ms": p(50), "p95_ms": p(95), "p99_ms": p(99), "max_ms": p(100)}


class User:
    """One desk agent: its own connection, token, session, site's tickets and units."""

    def __init__(self, port: int, desk: dict, seed: int, stats: Stats):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.desk, self.rng, self.stats = desk, random.Random(seed), stats
        self.pool = [tuple(x) for x in desk["registered"]]  # (id, version) to dispatch
        self.api = {"Authorization": f"Bearer {desk['token']}", "Content-Type": "application/json"}
        self.web = {"Cookie": f"sessionid={desk['cookie']}"}

    def _call(self, kind: str, method: str, path: str, headers: dict, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        t = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            payload, status = r.read(), r.status
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            payload, status = repr(exc).encode(), 599
        self.stats.add(kind, time.perf_counter() - t, status, payload if status >= 400 else b"")
        return status, payload

    def read(self) -> None:
        kind = self.rng.choices([k for k, _ in READS], [w for _, w in READS])[0]
        q = quote(self.rng.choice(SEARCHES))
        path, headers = {
            "list_page": (f"/tickets/?{self.rng.choice(LISTS)}", self.web),
            "ticket_page": (f"/tickets/{self.rng.choice(self.desk['ids'])}/", self.web),
            "list_api": (f"/api/v1/tickets/?{self.rng.choice(LISTS)}&limit=25", self.api),
            "search_api": (f"/api/v1/search/?q={q}&limit=20", self.api),
            "search_page": (f"/search/?q={q}", self.web),
        }[kind]
        self._call(kind, "GET", path, headers)

    def create(self) -> None:
        body = {"kind": "repair", "category": "plumbing", "title": "厨房水管漏水",
                "content": "住户来电厨房水管漏水", "caller_name": "王先生",
                "unit": self.rng.choice(self.desk["units"])}  # fmt: skip
        headers = {**self.api, "Idempotency-Key": uuid.uuid4().hex}
        status, payload = self._call("create", "POST", "/api/v1/tickets/", headers, body)
        if status == 201:
            t = json.loads(payload)
            self.pool.append((t["id"], t["version"]))

    def transition(self) -> None:
        if not self.pool:
            return self.create()
        ticket_id, version = self.pool.pop(self.rng.randrange(len(self.pool)))
        path = f"/api/v1/tickets/{ticket_id}/dispatch"
        body = {"version": version, "department": self.desk["department"]}
        self._call("transition", "POST", path, self.api, body)

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.70:
            self.read()
        elif roll < 0.90:
            self.create()
        else:
            self.transition()


def warm_up(port: int, info: dict) -> None:
    """Every request kind a few times from two clients (both workers), not counted: the first
    request of a worker loads the search dictionary and fills the configuration caches."""
    desks = info["desks"][:2]
    users = [User(port, d, 1000 + k, Stats()) for k, d in enumerate(desks)]
    for _ in range(6):
        threads = [threading.Thread(target=f) for u in users for f in (u.read, u.create)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def run(port: int, info: dict, seconds: float, think=(2.0, 8.0), writes_only=False) -> dict:
    warm_up(port, info)
    stats, stop = Stats(), time.time() + seconds
    users = [User(port, d, k, stats) for k, d in enumerate(info["desks"])]

    def loop(user: User) -> None:
        time.sleep(user.rng.uniform(0, think[1]))  # users arrive spread over one think time
        while time.time() < stop:
            user.create() if writes_only else user.step()
            if think[1]:
                time.sleep(user.rng.uniform(*think))

    started = time.time()
    threads = [threading.Thread(target=loop, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    out = stats.summary()
    out.update({"users": len(users), "seconds": round(elapsed, 1), "think_s": list(think),
                "per_s": round(out["requests"] / elapsed, 1)})  # fmt: skip
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[0] == "prepare":
        prepare(int(args[1]), args[2])
    else:
        flags = [a for a in args if a.startswith("--")]
        rest = [a for a in args[1:] if not a.startswith("--")]
        with open(rest[1], encoding="utf-8") as f:
            info = json.load(f)
        think = (float(rest[3]), float(rest[4])) if len(rest) > 4 else (2.0, 8.0)
        writes = "--writes-only" in flags
        print(
            json.dumps(run(int(rest[0]), info, float(rest[2]), (0, 0) if writes else think, writes))
        )
