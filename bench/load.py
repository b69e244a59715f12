"""Load generator (a separate process, loopback only): `python -m bench.load PORT INFO.json`.

INFO.json (written by bench.run): a session cookie and an API token of one site's agent, ticket
and unit ids of that site, and for the creates one token and the units of each of 8 agents of 8
different sites. Standard library only: threads with http.client. Prints one JSON object.
"""

import http.client
import json
import random
import sys
import threading
import time

SEARCHES = ["漏水", "电梯异响", "跳闸", "卫生间堵塞", "噪音扰民", "物业费", "车库", "阳台渗水"]
# As desks also type: a unit or building with a word, a time and kind word (reported apart).
UNIT_SEARCHES = [
    "3栋 漏水",
    "2-1-302",
    "4栋1单元1003 跳闸",
    "上个月1栋漏水那个投诉",
    "2栋 电梯异响",
]


# What a desk types before it picks a category: the intake suggestions (issue 20) of each.
INTAKE_TEXTS = ["厨房水管漏水，楼下天花板在滴水", "电梯困人了，快来人", "楼上装修噪音太大，中午也不停",
                "家里突然跳闸，整层都没电", "物业费怎么比去年多了", "地下车库的灯坏了好几盏"]  # fmt: skip


def _get(conn, path, headers, body=None):
    t = time.perf_counter()
    conn.request("GET" if body is None else "POST", path, body=body, headers=headers)
    r = conn.getresponse()
    r.read()
    return time.perf_counter() - t, r.status


def _pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p / 100))] * 1000, 1)


def sequential(port, paths, headers, bodies=None):
    """One client, one request at a time: end-to-end ≈ server time + loopback (< 1 ms).
    With `bodies` (one per path) each request is a POST of that JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times, bad = [], 0
    for i, path in enumerate(paths):
        body = None if bodies is None else json.dumps(bodies[i]).encode()
        dt, status = _get(conn, path, headers, body)
        times.append(dt)
        bad += status != 200
    conn.close()
    return {"n": len(times), "p50_ms": _pct(times, 50), "p95_ms": _pct(times, 95), "non200": bad}


def creates(port, desks, seconds=15):
    """POST /api/v1/tickets/ from one client per desk (its own site) for `seconds`.

    Each desk is an agent of another site, as the desks of a company are: every site numbers its
    own tickets (R-FM-3), so desks of different sites do not wait on one number counter.
    """
    times, errors, stop = [], [], time.time() + seconds
    lock = threading.Lock()
    threads = len(desks)

    def run(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(k)
        token, site_units = desks[k]["token"], desks[k]["units"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        while time.time() < stop:
            body = json.dumps({"kind": "repair", "category": "plumbing", "title": "厨房水管漏水",
                               "content": "住户来电厨房水管漏水", "caller_name": "王先生",
                               "unit": rng.choice(site_units)})  # fmt: skip
            t = time.perf_counter()
            conn.request("POST", "/api/v1/tickets/", body=body.encode(), headers=headers)
            r = conn.getresponse()
            r.read()
            with lock:
                (times if r.status == 201 else errors).append(time.perf_counter() - t)
        conn.close()

    started = time.time()
    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.time() - started
    return {"created": len(times), "errors": len(errors), "per_s": round(len(times) / elapsed, 1),
            "p50_ms": _pct(times, 50) if times else None, "p99_ms": _pct(times, 99) if times else None,
            "threads": threads, "seconds": round(elapsed, 1)}  # fmt: skip


def main(port, info, n=200):
    rng = random.Random(1)
    token, cookie, ids = info["token"], info["cookie"], info["ids"]
    api = {"Authorization": f"Bearer {token}"}
    web = {"Cookie": f"sessionid={cookie}"}
    lists = [
        f"?state={s}&kind={k}"
        for s in ("dispatched", "closed", "handled")
        for k in ("repair", "complaint")
    ]
    out = {
        "list_page": sequential(port, [f"/tickets/{rng.choice(lists)}" for _ in range(n)], web),
        "list_api": sequential(port, [f"/api/v1/tickets/{rng.choice(lists)}&limit=25" for _ in range(n)], api),
        "ticket_page": sequential(port, [f"/tickets/{rng.choice(ids)}/" for _ in range(n)], web),
        "search_api": sequential(port, [f"/api/v1/search/?q={_q(rng)}&limit=20" for _ in range(n)], api),
        "search_page": sequential(port, [f"/search/?q={_q(rng)}" for _ in range(n)], web),
        "search_unit_api": sequential(port, [f"/api/v1/search/?q={_q(rng, UNIT_SEARCHES)}&limit=20" for _ in range(n)], api),
    }  # fmt: skip
    desk = info["desks"][0]
    suggest = [
        {"text": rng.choice(INTAKE_TEXTS), "site": desk["site"], "unit": rng.choice(desk["units"])}
        for _ in range(n)
    ]
    out["intake_suggest_api"] = sequential(
        port, ["/api/v1/intake/suggest"] * n, {**api, "Content-Type": "application/json"}, suggest
    )
    out["create_api"] = creates(port, info["desks"])
    return out


def _q(rng, words=SEARCHES):
    from urllib.parse import quote

    return quote(rng.choice(words))


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        print(json.dumps(main(int(sys.argv[1]), json.load(f))))
