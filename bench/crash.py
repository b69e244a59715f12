"""D1, the full run: `python -m bench.crash [--pg] [--seconds 30] [--rate 50]`.

A fresh database (SQLite file under bench/out/crash/, or with --pg the PostgreSQL database
`$BENCH_CRASH_DB`, default `propdesk_bench_crash`), migrated, with one site, unit, resident and agent; gunicorn with 2
workers (`propdesk serve`'s command line); 8 clients sending keyed creates at 50 writes/s in all;
SIGKILL of the master and the workers at t = 30 s; restart; retry of every unanswered key; then
the database is checked directly (bench.crashkit.check_exactly_once): 0 acknowledged writes lost,
each key applied once, no partial record, numbers gap-free, `PRAGMA integrity_check` = ok.
Prints one JSON object and saves it in bench/out/crash-<engine>.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

from .crashkit import KeyedCreates, Probe, Server, kill9_round
from .run import OUT, PG, ROOT

PY = sys.executable
CRASH = OUT / "crash"
DB = os.environ.get("BENCH_CRASH_DB", "propdesk_bench_crash")


def prepare() -> None:
    """(In the crash database) the organisation and an agent's token; prints the create body."""
    import django

    django.setup()
    from propdesk.people.services import api_token_create
    from tests.factories import DepartmentFactory, SiteFactory, UnitFactory, make_user, resident_in

    site = SiteFactory(name="压测小区", code="crash")
    DepartmentFactory(site=site, kind="engineering", name="工程部")
    unit = UnitFactory(building__site=site, code="1栋1单元101", building__name="1栋")
    resident = resident_in(unit, name="王先生", phone="13800001111")
    _, token = api_token_create(user=make_user("agent", site), name="crash")
    body = {"kind": "repair", "category": "plumbing", "title": "厨房水管漏水",
            "content": "住户来电：厨房水管漏水了", "unit": unit.pk, "resident": resident.pk}  # fmt: skip
    print(json.dumps({"token": token, "body": body}))


def fresh(pg: bool) -> tuple[str, dict]:
    shutil.rmtree(CRASH, ignore_errors=True)
    CRASH.mkdir(parents=True)
    if pg:
        for cmd in (["dropdb", "--if-exists"], ["createdb"]):
            subprocess.run([*cmd, "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
        url = f"{PG}/{DB}"
    else:
        url = f"sqlite:///{CRASH / 'crash.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "PROPDESK_VAR_DIR": str(CRASH / "var"),
           "DJANGO_SETTINGS_MODULE": "propdesk.config.settings"}  # fmt: skip
    subprocess.run([PY, "-m", "propdesk", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url, env


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--pg", action="store_true")
    args.add_argument("--seconds", type=float, default=30)
    args.add_argument("--rate", type=float, default=50)
    opts = args.parse_args()
    url, env = fresh(opts.pg)
    info = json.loads(subprocess.run([PY, "-m", "bench.crash", "prepare"], cwd=ROOT, env=env,
                                     check=True, capture_output=True, text=True).stdout)  # fmt: skip
    server = Server(env, CRASH / "gunicorn.log")
    load = KeyedCreates(port_of=lambda: server.port, token=info["token"], body=info["body"],
                        threads=8, rate=opts.rate)  # fmt: skip
    result = kill9_round(server, load, Probe(url), seconds=opts.seconds)
    result |= {"engine": "postgresql" if opts.pg else "sqlite", "seconds": opts.seconds,
               "rate": opts.rate, "tracebacks": server.log_text().count("Traceback"),
               "achieved_per_second": round(result["acknowledged_before_kill"] / opts.seconds, 1)}  # fmt: skip
    (OUT / f"crash-{result['engine']}.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result))
    sys.exit(1 if result["problems"] else 0)


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        prepare()
    else:
        main()
