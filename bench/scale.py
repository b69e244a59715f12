"""L1 (mixed desk load on PostgreSQL) and D3 (SQLite lock contention), each end to end:

    python -m bench.scale l1 [SECONDS=600] [USERS=50] [THINK_MIN=2 THINK_MAX=8]
        on the bench database as `make bench` left it (generate it first:
        `make bench N=20000 BENCH=--generate`), gunicorn with 2 sync workers
    python -m bench.scale d3 [SECONDS=60] [WRITERS=20] [THREADS=1] [--reuse]
        a fresh SQLite file (migrate + 20 sites, 2,000 tickets) under bench/out/d3/ (`--reuse`:
        the last one), gunicorn with 2 workers × THREADS threads; WRITERS clients create tickets
        without pause

Worker RSS is sampled every 5 s during the run (the maximum is reported); the gunicorn log is
scanned for tracebacks and "database is locked". Figures go to bench/out/results-<test>.json.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

from bench.run import DB, OUT, PG, PY, ROOT, free_port, wait_for_port

D3_DIR = OUT / "d3"


def _env(kind: str) -> dict:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "propdesk.config.settings"}
    if kind == "l1":
        return {**base, "DATABASE_URL": f"{PG}/{DB}", "PROPDESK_VAR_DIR": str(OUT / "var")}
    base.pop("DATABASE_URL", None)  # the default: SQLite in PROPDESK_VAR_DIR
    return {**base, "PROPDESK_VAR_DIR": str(D3_DIR)}


def _sh(env: dict, *args: str) -> str:
    print("+", " ".join(args), flush=True)
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True,
                          stdout=subprocess.PIPE).stdout  # fmt: skip


def _sample_rss(pid: int, peaks: dict, cpu: dict, stop: threading.Event) -> None:
    """Peak RSS per worker, and the workers' CPU seconds (user + system) first and last seen."""
    import psutil

    while not stop.wait(5):
        for child in psutil.Process(pid).children():
            mb = child.memory_info().rss / 2**20
            peaks[child.pid] = round(max(peaks.get(child.pid, 0), mb), 1)
            times = child.cpu_times()
            cpu.setdefault(("first", child.pid), times.user + times.system)
            cpu[("last", child.pid)] = times.user + times.system


def _serve_and_run(env: dict, workers: int, threads: int, load_args: list[str]) -> dict:
    from propdesk.core.management.commands.serve import gunicorn_command

    port = free_port()
    log_path = OUT / f"gunicorn-{load_args[0]}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed when gunicorn stops
    cmd = gunicorn_command(f"127.0.0.1:{port}", workers, threads, access_log="/dev/null")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    peaks, cpu, stop = {}, {}, threading.Event()
    load_before = os.getloadavg()
    try:
        wait_for_port(port, tries=300)
        sampler = threading.Thread(target=_sample_rss, args=(proc.pid, peaks, cpu, stop))
        sampler.start()
        info = str(OUT / f"{load_args[0]}.json")
        out = json.loads(_sh(env, PY, "-m", "bench.mixed", "run", str(port), info, *load_args[1:]))
    finally:
        stop.set()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    text = log_path.read_text(errors="replace")
    out["worker_rss_peak_mb"] = sorted(peaks.values())
    used = sum(v for (k, _), v in cpu.items() if k == "last") - sum(
        v for (k, _), v in cpu.items() if k == "first"
    )
    out["worker_cpu_ms_per_request"] = round(used * 1000 / max(1, out["requests"]), 1)
    out["load_average_before_after"] = [round(load_before[0], 1), round(os.getloadavg()[0], 1)]
    out["log_tracebacks"] = text.count("Traceback")
    out["log_database_is_locked"] = text.count("database is locked")
    return out


def l1(seconds: int = 600, users: int = 50, think=("2", "8")) -> dict:
    env = _env("l1")
    _sh(env, PY, "manage.py", "migrate", "--noinput", "-v", "0")
    _sh(env, PY, "-m", "bench.mixed", "prepare", str(users), str(OUT / "l1.json"))
    return _serve_and_run(env, 2, 1, ["l1", str(seconds), *think])


def d3(seconds: int = 60, writers: int = 20, threads: int = 1, reuse: bool = False) -> dict:
    """`threads` per gunicorn worker (2 workers): 1 is `propdesk serve`'s default, where the
    writers queue in gunicorn; 10 puts all 20 in SQLite at once, waiting on its lock."""
    env = _env("d3")
    if not reuse:
        for f in D3_DIR.glob("propdesk.sqlite3*"):
            f.unlink()
        D3_DIR.mkdir(parents=True, exist_ok=True)
        _sh(env, PY, "manage.py", "migrate", "--noinput", "-v", "0")
        _sh(env, PY, "-c", "import sys; sys.argv=['g']; from bench import generate as g; "
            "g.SITES = 20; g.main(['2000'])")  # fmt: skip
        _sh(env, PY, "-m", "bench.mixed", "prepare", str(writers), str(OUT / "d3.json"))
    out = _serve_and_run(env, 2, threads, ["d3", str(seconds), "--writes-only"])
    return {"threads_per_worker": threads, **out}


def main(argv: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    test, args = argv[0], argv[1:]
    started = time.strftime("%Y-%m-%d %H:%M")
    if test == "l1":
        figures = l1(*map(int, args[:2]), *([tuple(args[2:4])] if len(args) > 3 else []))
    else:
        numbers = [int(a) for a in args if not a.startswith("--")]
        figures = d3(*numbers[:3], reuse="--reuse" in args)
    figures = {"test": test.upper(), "started": started, **figures}
    (OUT / f"results-{test}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
