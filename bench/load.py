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


def creates(port, desks, seconds=15, floor=False):
    """POST /api/v1/tickets/ from one client per desk (its own site) for `seconds`.

    Each desk is an agent of another site, as the desks of a company are: every site numbers its
    own tickets (R-FM-3), so desks of different sites do not wait on one number counter. With
    `floor`, the same clients post the same text to the floor's bare INSERT (bench.floor).
    """
    times, errors, stop = [], [], time.time() + seconds
    lock = threading.Lock()
    threads = len(desks)

    def run(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(k)
        token, site_units = desks[k]["token"], desks[k]["units"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        path = "/insert" if floor else "/api/v1/tickets/"
        while time.time() < stop:
            fields = {"site": k + 1} if floor else {"caller_name": "王先生", "kind": "repair",
                      "category": "plumbing", "unit": rng.choice(site_units)}  # fmt: skip
            body = json.dumps(
                {"title": "厨房水管漏水", "content": "住户来电厨房水管漏水", **fields}
            )
            t = time.perf_counter()
            conn.request("POST", path, body=body.encode(), headers=headers)
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


def _ratios(out: dict) -> dict:
    """Each product figure over the floor's, measured a moment apart (issue 19)."""
    floor_list = out["floor_list"]["p95_ms"]
    ratios = {
        f"{name}_p95_over_floor": round(out[name]["p95_ms"] / floor_list, 1)
        for name in ("list_page", "list_api", "ticket_page", "search_api", "search_unit_api")
    }
    ratios["creates_share_of_floor"] = round(
        out["create_api"]["per_s"] / out["floor_insert"]["per_s"], 3
    )
    return ratios


def main(port, info, n=200, floor_port=None):
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
    if floor_port:  # right after the product's reads, the floor's keyset page
        out["floor_list"] = sequential(
            floor_port, [f"/list?site={1 + rng.randrange(100)}" for _ in range(n)], {}
        )
    out["create_api"] = creates(port, info["desks"])
    if floor_port:
        out["floor_insert"] = creates(floor_port, info["desks"], floor=True)
        out["vs_floor"] = _ratios(out)
    return out


def hostile(port, info, n=50):
    """Issue 19's hostile pass: `n` creates with every free-text field at its maximum (CJK,
    emoji, tab, newline: `info["longest"]`, from the API's schema), each followed by a 1 MB
    body that must be refused (413). One
    connection per request: the server may close one whose body it refused unread."""
    desk = info["desks"][0]
    headers = {"Authorization": f"Bearer {desk['token']}", "Content-Type": "application/json"}
    fill = "漏水😀\t管道\n" * 1000
    huge = {"kind": "repair", "category": "plumbing", "title": "x", "content": "x" * 2**20}
    statuses: dict[int, int] = {}
    for i in range(n):
        body = {
            "kind": "repair",
            "category": "plumbing",
            "unit": desk["units"][i % len(desk["units"])],
        }
        body.update({field: f"{i}{fill}"[:limit] for field, limit in info["longest"].items()})
        for payload in (body, huge):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("POST", "/api/v1/tickets/", json.dumps(payload).encode(), headers)
                r = conn.getresponse()
                r.read()
                statuses[r.status] = statuses.get(r.status, 0) + 1
            except (ConnectionError, http.client.HTTPException):
                statuses[0] = statuses.get(0, 0) + 1  # closed before answering
            finally:
                conn.close()
    return {"requests": 2 * n, "statuses": statuses}


def _q(rng, words=SEARCHES):
    from urllib.parse import quote

    return quote(rng.choice(words))


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        info = json.load(f)
    if sys.argv[3:] == ["--hostile"]:
        print(json.dumps(hostile(int(sys.argv[1]), info)))
    else:
        floor_port = int(sys.argv[3]) if len(sys.argv) > 3 else None
        print(json.dumps(main(int(sys.argv[1]), info, floor_port=floor_port)))
