"""`make bench [N=20000]`: fresh PostgreSQL database, generate N tickets, serve with gunicorn
(2 workers, 127.0.0.1), measure from a separate load process, print and save the figures.

Everything it starts is stopped at the end; the database `propdesk_bench` is kept for re-runs
(`python -m bench.run N --reuse` measures it again, `--generate` only generates) and for
`python -m bench.search_quality`.
"""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = os.environ.get("BENCH_DB", "propdesk_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
OUT = ROOT / "bench" / "out"
DESKS = 8  # concurrent create clients, each an agent of its own site


def env() -> dict:
    return {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "PROPDESK_VAR_DIR": str(OUT / "var"),
            "DJANGO_SETTINGS_MODULE": "propdesk.config.settings"}  # fmt: skip


def sh(*args, capture=False):
    print("+", " ".join(args), flush=True)
    r = subprocess.run(args, cwd=ROOT, env=env(), check=True, text=True,
                       stdout=subprocess.PIPE if capture else None)  # fmt: skip
    return r.stdout


def fresh_db() -> None:
    base = {"host": "127.0.0.1", "user": "postgres"}
    for cmd in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*cmd, "-h", base["host"], "-U", base["user"], DB], check=True)


# The free-text fields of a create (the phone and the category code have their own formats).
CREATE_TEXT_FIELDS = (
    "title",
    "content",
    "description",
    "caller_name",
    "location",
    "desired_outcome",
)


def longest_create_text() -> dict[str, int]:
    """The largest text each free-text field of a create accepts, from the API's own schema
    (`tickets.schemas.TicketCreateIn`): what the hostile pass and its test send."""
    from propdesk.tickets.schemas import TicketCreateIn

    fields = TicketCreateIn.model_fields
    return {
        name: next(m.max_length for m in fields[name].metadata if hasattr(m, "max_length"))
        for name in CREATE_TEXT_FIELDS
    }


def prepare() -> None:
    """(In the bench database) tokens and a session for the load process, ticket and unit ids."""
    import django

    django.setup()
    from django.test import Client

    from propdesk.orgs.models import Unit
    from propdesk.people.models import User
    from propdesk.people.services import api_token_create
    from propdesk.tickets.models import Ticket

    agents = list(User.objects.filter(username__startswith="bagent").order_by("pk")[:DESKS])
    desks = []
    for agent in agents:
        _, token = api_token_create(user=agent, name="bench")
        site = min(agent.visible_site_ids())
        units = Unit.objects.filter(site_id=site).values_list("pk", flat=True)
        desks.append({"token": token, "site": site, "units": list(units[:100])})
    agent = agents[0]
    client = Client()
    client.force_login(agent)
    ids = Ticket.objects.filter(site_id__in=agent.visible_site_ids()).values_list("pk", flat=True)
    info = {"token": desks[0]["token"], "cookie": client.cookies["sessionid"].value,
            "ids": list(ids[:500]), "desks": desks, "longest": longest_create_text()}  # fmt: skip
    (OUT / "info.json").write_text(json.dumps(info))
    print(json.dumps({"desks": len(desks)}))


def export() -> None:
    """(In the bench database) export 10,000 tickets through the export task path."""
    import django

    django.setup()
    from propdesk.core import export_kinds
    from propdesk.core.exporting import export_run, export_start, get_kind, register_export
    from propdesk.people.models import User

    get_kind("tickets")
    register_export("bench10k", title="工单", columns=export_kinds.TICKET_COLUMNS,
                    rows=lambda u, f: export_kinds.ticket_rows(u, f)[:10_000],
                    convert=export_kinds.ticket_convert)  # fmt: skip
    user = User.objects.get(username="bench_gm")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    job = export_start(user, "bench10k", {})
    if job.state != "done":
        export_run(job.pk)
    job.refresh_from_db()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": job.rows_written, "seconds": round(time.perf_counter() - t, 2),
                      "peak_rss_mb": round(peak / 1024, 1),
                      "growth_mb": round((peak - before) / 1024, 1)}))  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_rss(master_pid: int) -> list[float]:
    import psutil

    return [round(c.memory_info().rss / 2**20, 1) for c in psutil.Process(master_pid).children()]


def wait_for_port(port: int, tries: int = 100) -> None:
    """Until a server accepts connections on `port` (0.2 s between tries)."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def serve_and_load() -> dict:
    """The product and the floor (bench.floor) side by side, 2 workers each, then the load."""
    port, floor_port = free_port(), free_port()
    log = open(OUT / "gunicorn.log", "ab")  # noqa: SIM115 - closed when gunicorn stops
    from propdesk.core.management.commands.serve import gunicorn_command

    threads = int(os.environ.get("WEB_THREADS", "1"))
    command = gunicorn_command(f"127.0.0.1:{port}", 2, threads, access_log="/dev/null")
    floor_command = [PY, "-m", "gunicorn", "bench.floor:application", "--workers", "2",
                     "--bind", f"127.0.0.1:{floor_port}", "--access-logfile", "/dev/null"]  # fmt: skip
    servers = [
        subprocess.Popen(cmd, cwd=ROOT, env=env(), start_new_session=True, stdout=log, stderr=log)
        for cmd in (command, floor_command)
    ]
    try:
        wait_for_port(port)
        wait_for_port(floor_port)
        figures = json.loads(
            sh(PY, "-m", "bench.load", str(port), str(OUT / "info.json"), str(floor_port),
               capture=True)
        )  # fmt: skip
        figures["worker_rss_mb"] = worker_rss(servers[0].pid)
        figures["floor_worker_rss_mb"] = worker_rss(servers[1].pid)
        figures["hostile"] = json.loads(
            sh(PY, "-m", "bench.load", str(port), str(OUT / "info.json"), "--hostile", capture=True)
        )
        figures["worker_rss_after_hostile_mb"] = worker_rss(servers[0].pid)
        return figures
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        log.close()


def main(n: int, mode: str = "") -> None:
    """`mode`: "" generate then measure, "--generate" only generate, "--reuse" only measure."""
    OUT.mkdir(exist_ok=True)
    started = time.time()
    figures = {"n": n}
    if mode != "--reuse":
        fresh_db()
        sh(PY, "manage.py", "migrate", "--noinput", "-v", "0")
        t = time.time()
        sh(PY, "-m", "bench.generate", str(n))
        figures["generate_s"] = round(time.time() - t)
        if mode == "--generate":
            print(json.dumps(figures))
            return
    else:  # the data of an earlier run, with any newer migration (an index, say) applied
        sh(PY, "manage.py", "migrate", "--noinput", "-v", "0")
    sh(PY, "-m", "bench.run", "--prepare", capture=True)
    figures.update(json.loads(sh(PY, "-m", "bench.floor", str(n), capture=True).splitlines()[-1]))
    figures.update(serve_and_load())
    figures["export_10k"] = json.loads(
        sh(PY, "-m", "bench.run", "--export", capture=True).splitlines()[-1]
    )
    quality = subprocess.run([PY, "-m", "bench.search_quality"], cwd=ROOT, env=env(),
                             text=True, stdout=subprocess.PIPE).stdout  # fmt: skip
    figures["search_quality"] = quality.strip().splitlines()[-1]
    figures["total_s"] = round(time.time() - started)
    (OUT / f"results-{n}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        prepare()
    elif sys.argv[1:] == ["--export"]:
        export()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000, *sys.argv[2:3])
