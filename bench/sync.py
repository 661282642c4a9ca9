"""Benchmark: the roll-call sync under load, served by gunicorn, against the database alone.

    .venv/bin/python bench/sync.py [--members 20000] [--clients 8] [--batch 50] [--seconds 20]
                                   [--workers 2] [--threads 4] [--conn-max-age 0]
                                   [--meetings-per-batch 1] [--hot K] [--shared-token]
                                   [--client-binding] [--raw-sorted] [--seed 7]
                                   [--reuse] [--profile DIR [--profile-wall]]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dangbo_bench_sync;
the database is dropped and re-created unless --reuse). It loads the demo commune with
--members members (``seed_demo``: about one village cell per 25 members), schedules one regular
meeting per village cell dated yesterday (roll call open), gives a commune_admin user on the
commune one bearer token per client (each device has its own), then measures in the same run:

1. ours: the app served by gunicorn (DEBUG=0, gthread workers) while --clients threads, each
   with one keep-alive connection, POST /api/v1/attendance/sync batches of --batch records
   (new client UUIDs; each record a random member from the roster of the batch's meeting,
   stamped now, so a member drawn twice in one batch gives one ``applied`` and one
   ``superseded``) for --seconds after a short warm-up. A failed send (5xx, broken connection)
   is sent again, as the device's outbox does, and counted. Prints check-ins acknowledged per
   second, outcomes, and p50/p95/max latency per batch as the device sees it (from the first
   send to the answer); then checks in the database that every acknowledged record is stored
   exactly once and that each (meeting, member) touched has one attendance row holding its
   latest record.
2. the database alone: the same two statements the service runs (INSERT … ON CONFLICT
   (client_id) DO NOTHING RETURNING, then the conditional upsert of the current mark), the same
   kind of rows, one transaction per batch, from the same number of connections (psycopg,
   no Django, no HTTP), for the same time. A transaction that deadlocks is run again, and
   counted; --raw-sorted sends each statement's rows sorted by their unique key instead.

The figure is the ratio ours ÷ database alone (rows per second). The aim is ≥ 2,000 check-ins
per second on a 2-core machine, where the app, PostgreSQL and these clients share the cores;
CPU seconds per 1,000 check-ins are printed for each, to show where the time goes. --hot K
sends every batch to K meetings only: several devices of one meeting sending at once.
PostgreSQL's share counts every backend, those opened and closed per request included; a line
says how much CPU other processes on the machine took meanwhile (the figures are only as good as
the machine is quiet). --profile DIR runs py-spy on each gunicorn worker during the measured
window and writes collapsed stacks (flamegraph.pl or speedscope read them): Python CPU time
(the thread holding the GIL), or with --profile-wall every busy thread, time waiting on
PostgreSQL included. Not a test: nothing here fails a build.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dangbo_bench_sync"
AIM = 2000  # check-ins per second on this 2-core machine
BENCH_USER = "bench.sync"
BENCH_TITLE = "Benchmark: điểm danh"
RETRIES = 5  # sends of one batch before giving it up
WARMUP = 3.0  # seconds of load before measuring: connections opened, code paths and caches warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--batch", type=int, default=50, help="records per request (≤ 500)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=int(os.environ.get("CONN_MAX_AGE", "0")),
        help="CONN_MAX_AGE for the app (default: the app's default, 0: a connection per request)",
    )
    parser.add_argument(
        "--meetings-per-batch", type=int, default=1, help="meetings one batch spans (a device: 1)"
    )
    parser.add_argument(
        "--hot",
        type=int,
        default=0,
        help="send to only this many meetings (contention: devices of one meeting sending at "
        "once); default: every meeting",
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--profile", type=Path, help="py-spy the workers; write stacks here")
    parser.add_argument(
        "--profile-wall",
        action="store_true",
        help="sample every busy thread (time waiting on PostgreSQL included), not only the one "
        "holding the GIL (Python CPU time)",
    )
    parser.add_argument(
        "--shared-token",
        action="store_true",
        help="every client sends the same token (default: one token per client, as devices do)",
    )
    parser.add_argument(
        "--client-binding",
        action="store_true",
        help="database alone: merge parameters client-side as Django does (more client CPU)",
    )
    parser.add_argument(
        "--raw-sorted",
        action="store_true",
        help="database alone: send each statement's rows sorted by their unique key (one lock "
        "order for every transaction: no deadlock between overlapping batches)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    if not 1 <= args.batch <= 500:
        parser.error("--batch must be between 1 and 500 (CONTRACTS.md §3)")

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench/sync.py needs PostgreSQL (DATABASE_URL=postgres://…).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    if not args.reuse:
        recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dangbo.organizations.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(code="BL").exists():
        started = time.perf_counter()
        call_command("seed_demo", members=args.members, format="json", stdout=open(os.devnull, "w"))
        print(f"seed_demo --members {args.members}: {time.perf_counter() - started:.1f} s")
    tokens, rosters = prepare(1 if args.shared_token else args.clients)
    connection.close()  # the app and the clients get the database to themselves
    members = sum(len(r) for r in rosters.values())
    print(
        f"{len(rosters):,} meetings (one per village cell, yesterday), {members:,} members on "
        f"their rosters ({members / len(rosters):.1f} per meeting, exempt members left out)"
    )
    if args.hot:
        hot = random.Random(args.seed).sample(sorted(rosters), min(args.hot, len(rosters)))
        rosters = {pk: rosters[pk] for pk in hot}
        print(f"--hot: every batch goes to one of {len(rosters)} meetings only")
    args.meetings_per_batch = min(args.meetings_per_batch, len(rosters))
    print(
        f"machine: {os.cpu_count()} cores; load: {args.clients} clients × batches of "
        f"{args.batch} records, {args.meetings_per_batch} meeting(s) per batch, "
        f"{args.seconds:.0f} s measured after {WARMUP:.0f} s warm-up, "
        f"{'one token shared' if args.shared_token else 'one token per client'}"
    )

    server = Server(url, args.workers, args.threads, args.conn_max_age)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        server.start()
        print(
            f"gunicorn: {args.workers} workers × {args.threads} threads (gthread), DEBUG=0, "
            f"CONN_MAX_AGE={args.conn_max_age}, pid {server.process.pid}"
        )
        ours = bench_http(server, tokens, rosters, args)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    check_http(url, ours)
    raw = bench_raw(url, rosters, args)
    check_raw(url, raw)

    ratio = ours.rate / raw.rate
    print()
    print(
        f"ours: {ours.rate:,.0f} check-ins/s; database alone: {raw.rate:,.0f} rows/s; "
        f"ratio ours ÷ database alone {ratio:.2f}"
        + (f" (the database alone is {1 / ratio:.1f}× faster)" if ratio < 1 else "")
    )
    if ours.cpu.per_core and raw.cpu.per_core:
        print(
            f"per CPU: {ours.cpu.per_core:,.0f} check-ins per core-second of app + PostgreSQL, "
            f"{raw.cpu.per_core:,.0f} rows per core-second of PostgreSQL alone: ratio "
            f"{ours.cpu.per_core / raw.cpu.per_core:.3f} (steadier than rows/s when the machine "
            "is shared)"
        )
    verdict = "met" if ours.rate >= AIM else "NOT met"
    print(f"aim ≥ {AIM:,} check-ins/s on a 2-core machine: {verdict} ({ours.rate:,.0f}/s)")


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- the data ------------------------------------------------------------------------------------
def prepare(n_tokens: int) -> tuple[list[str], dict[int, list[int]]]:
    """A commune_admin user with ``n_tokens`` fresh tokens, one meeting per village cell
    yesterday, and each meeting's roster (member ids; exempt members are left out, as they are
    not expected)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dangbo.core.choices import Role
    from dangbo.core.db import today
    from dangbo.core.models import ApiToken, RoleAssignment
    from dangbo.meetings import services
    from dangbo.meetings.choices import MeetingKind
    from dangbo.meetings.models import Meeting
    from dangbo.meetings.selectors import roster
    from dangbo.organizations.choices import Category, OrgKind
    from dangbo.organizations.models import Organization

    root = Organization.objects.get(code="BL")
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"first_name": "Benchmark"}
    )
    RoleAssignment.objects.get_or_create(user=user, organization=root, role=Role.COMMUNE_ADMIN)
    tokens = [ApiToken.issue(user) for _ in range(n_tokens)]

    day = today() - timedelta(days=1)
    at = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=19, minute=30))
    cells = [
        o
        for o in Organization.objects.filter(kind=OrgKind.CELL, category=Category.LOCALITY)
        if o.is_alive(day)
    ]
    existing = set(
        Meeting.objects.filter(title=BENCH_TITLE, scheduled_at=at).values_list(
            "organization_id", flat=True
        )
    )
    todo = [o for o in cells if o.pk not in existing]
    if len(todo) <= 1000:  # through the service, as a secretary would
        for org in todo:
            services.schedule(
                org, actor=user, kind=MeetingKind.REGULAR, scheduled_at=at, title=BENCH_TITLE
            )
    else:  # thousands: the rows directly
        Meeting.objects.bulk_create(
            [
                Meeting(
                    organization=o,
                    kind=MeetingKind.REGULAR,
                    scheduled_at=at,
                    scheduled_end=at + timedelta(minutes=90),
                    title=BENCH_TITLE,
                )
                for o in todo
            ],
            batch_size=2000,
        )
    rosters = {}
    for meeting in Meeting.objects.filter(title=BENCH_TITLE, scheduled_at=at).select_related(
        "organization"
    ):
        ids = [e.member_id for e in roster(meeting) if not e.exempt]
        if ids:
            rosters[meeting.pk] = ids
    return tokens, rosters


def make_batch(rng: random.Random, rosters: dict, meeting_ids: list, size: int, spans: int):
    """``size`` records for ``spans`` random meetings, each a random member of its roster,
    new client UUIDs, stamped now (microseconds apart, so the order within a batch is known)."""
    meetings = rng.sample(meeting_ids, spans)
    base = datetime.now(UTC)
    records = []
    for i in range(size):
        meeting = meetings[i % spans]
        records.append(
            {
                "client_id": str(uuid.uuid4()),  # new ones at every run, --reuse too
                "meeting_id": meeting,
                "member_id": rng.choice(rosters[meeting]),
                "status": rng.choices(("present", "excused", "absent"), (90, 7, 3))[0],
                "spoke": rng.random() < 0.2,
                "recorded_at": base + timedelta(microseconds=i),
            }
        )
    return records


# -- ours: the app under gunicorn --------------------------------------------------------------
class Server:
    """gunicorn as a subprocess in its own process group; stopped whatever happens."""

    def __init__(self, url: str, workers: int, threads: int, conn_max_age: int):
        self.url, self.workers, self.threads, self.conn_max_age = (
            url,
            workers,
            threads,
            conn_max_age,
        )
        self.process = None
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-sync-gunicorn-", suffix=".log")

    def start(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # plain http on localhost (a proxy does TLS in production)
            "SECURE_HSTS_SECONDS": "0",
            "CONN_MAX_AGE": str(self.conn_max_age),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "dangbo.wsgi",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--keep-alive",
            "75",
            "--backlog",
            "256",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.output()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/suc-khoe/")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /suc-khoe/ within 60 s:\n{self.output()}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in children]

    def output(self, whole: bool = False) -> str:
        self.log.flush()
        self.log.seek(0)
        text = self.log.read()
        return text if whole else text[-4000:]

    def causes(self) -> Counter:
        """The database errors behind the 5xx answers, from the app's log (tracebacks)."""
        found = Counter()
        for line in self.output(whole=True).splitlines():
            if line.startswith("psycopg.errors.") or line.startswith("django.db.utils."):
                found[line.split(":", 1)[0]] += 1
        return found

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group: master and its workers
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


class Result:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.outcomes: Counter = Counter()
        self.errors: list[str] = []
        self.batches = 0
        self.sent: list[dict] = []  # every record of every acknowledged batch, warm-up included
        self.kept: dict[str, str] = {}  # client_id → outcome
        self.rate = 0.0
        self.elapsed = 0.0
        self.acknowledged = 0


def bench_http(server: Server, tokens: list[str], rosters: dict, args) -> Result:
    meeting_ids = sorted(rosters)

    def headers_for(n: int) -> dict:
        return {
            "Authorization": f"Bearer {tokens[n % len(tokens)]}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        }

    headers = headers_for(0)
    result = Result()

    # One request first, to see the wiring works (and to show a rejection's reason if not).
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    probe = make_batch(random.Random(0), rosters, meeting_ids, 3, 1)
    status, body = post(conn, headers, probe)
    conn.close()
    if status != 200 or any(r["outcome"] not in ("applied", "superseded") for r in body["results"]):
        raise RuntimeError(f"the first sync did not apply: {status} {body}\n{server.output()}")
    with result.lock:
        result.sent += probe
        result.kept.update({r["client_id"]: r["outcome"] for r in body["results"]})

    start = time.perf_counter()
    measure_from = start + WARMUP
    deadline = measure_from + args.seconds
    measured = Counter()
    finished = []

    def client(n: int) -> None:
        rng = random.Random(args.seed * 1000 + n)
        headers = headers_for(n)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            while True:
                began = time.perf_counter()
                if began >= deadline:
                    break
                records = make_batch(rng, rosters, meeting_ids, args.batch, args.meetings_per_batch)
                for _attempt in range(RETRIES):  # a failed send is sent again, as the outbox does
                    try:
                        status, body = post(conn, headers, records)
                    except (OSError, http.client.HTTPException) as error:
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                        status, body = None, {"raw": f"{type(error).__name__}: {error}"}
                    if status == 200:
                        break
                    with result.lock:
                        result.errors.append(f"HTTP {status}: {str(body)[:200]}")
                else:
                    continue
                ended = time.perf_counter()
                outcomes = Counter(r["outcome"] for r in body["results"])
                with result.lock:
                    result.sent += records
                    result.kept.update({r["client_id"]: r["outcome"] for r in body["results"]})
                    if began >= measure_from:
                        result.batches += 1
                        result.latencies.append(ended - began)
                        result.outcomes.update(outcomes)
                        measured["records"] += len(records)
                        finished.append(ended)
        finally:
            conn.close()

    # Daemon threads: Ctrl-C stops the benchmark at once (gunicorn is stopped in a finally).
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for t in threads:
        t.start()
    cpu = CpuMeter(server.worker_pids())
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu.begin()
    profilers = start_profilers(
        args.profile, server.worker_pids(), args.seconds, wall=args.profile_wall
    )
    for t in threads:
        t.join()
    cpu.end()
    for p in profilers:
        p.wait(timeout=60)

    result.elapsed = (max(finished) if finished else deadline) - measure_from
    acknowledged = sum(result.outcomes[k] for k in ("applied", "superseded", "duplicate"))
    result.acknowledged = acknowledged
    result.rate = acknowledged / result.elapsed
    lat = sorted(result.latencies)
    print()
    print("ours — POST /api/v1/attendance/sync through gunicorn:")
    print(
        f"  {result.batches:,} batches, {measured['records']:,} records in {result.elapsed:.1f} s: "
        f"{result.rate:,.0f} check-ins/s acknowledged ({result.batches / result.elapsed:.1f} "
        "batches/s)"
    )
    print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(result.outcomes.items())))
    if lat:
        print(
            f"  latency per batch: p50 {percentile(lat, 50) * 1000:.0f} ms, "
            f"p95 {percentile(lat, 95) * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms"
        )
    if result.errors:
        kinds = Counter(e.split(":", 1)[0] for e in result.errors)
        print(
            f"  failed sends, sent again: {len(result.errors)} ("
            + ", ".join(f"{k} × {v}" for k, v in kinds.most_common())
            + f"); first: {result.errors[0][:160]}"
        )
        causes = server.causes()
        if causes:
            print("  in the app's log: " + ", ".join(f"{k} × {v}" for k, v in causes.items()))
    cpu.report(acknowledged)
    result.cpu = cpu
    if args.profile:
        print(f"  py-spy stacks of the workers: {args.profile}/worker-*.txt")
    return result


def post(conn, headers, records) -> tuple[int, dict]:
    payload = {
        "device_id": "bench",
        "records": [{**r, "recorded_at": r["recorded_at"].isoformat()} for r in records],
    }
    conn.request("POST", "/api/v1/attendance/sync", body=json.dumps(payload), headers=headers)
    response = conn.getresponse()
    raw = response.read()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, {"raw": raw[:200].decode(errors="replace")}


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def start_profilers(directory: Path | None, pids: list[int], seconds: float, wall: bool) -> list:
    """py-spy record on each worker: collapsed stacks (flamegraph.pl, speedscope read them)."""
    if directory is None:
        return []
    directory.mkdir(parents=True, exist_ok=True)
    spy = ROOT / ".venv" / "bin" / "py-spy"
    return [
        subprocess.Popen(
            [
                str(spy),
                "record",
                *([] if wall else ["--gil"]),
                "--pid",
                str(pid),
                "--duration",
                str(int(seconds)),
                "--rate",
                "200",
                "--format",
                "raw",
                "--nonblocking",
                "--output",
                str(directory / f"worker-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]


class CpuMeter:
    """CPU seconds spent over the measured window by the app workers, PostgreSQL (every
    postgres process) and this benchmark's own process (the clients), from /proc."""

    def __init__(self, worker_pids: list[int]):
        self.workers = worker_pids
        self.per_core = 0.0
        self.tick = os.sysconf("SC_CLK_TCK")

    def _proc(self, pid: int, children: bool = False) -> float:
        """utime + stime (+ cutime + cstime: the reaped children, e.g. the postmaster's
        backends that exited, one per request when CONN_MAX_AGE=0)."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12])
        if children:
            ticks += int(fields[13]) + int(fields[14])
        return ticks / self.tick

    def _postgres(self) -> float:
        total = 0.0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                        total += self._proc(int(entry.name), children=True)
                except OSError:
                    continue
        return total

    def _sample(self) -> dict:
        return {
            "app": sum(self._proc(p) for p in self.workers),
            "postgres": self._postgres(),
            "clients": sum(os.times()[:2]),
            "machine": self._machine(),
            "wall": time.perf_counter(),
        }

    def _machine(self) -> float:
        """Busy CPU seconds of the whole machine (every core), from /proc/stat."""
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return (sum(fields[:8]) - idle) / self.tick

    def begin(self) -> None:
        self.start = self._sample()

    def end(self) -> None:
        self.stop = self._sample()

    def report(self, rows: int) -> None:
        wall = self.stop["wall"] - self.start["wall"]
        parts = []
        for key in ("app", "postgres", "clients", "machine"):
            if key == "app" and not self.workers:
                continue
            used = self.stop[key] - self.start[key]
            parts.append(
                f"{key} {used / wall:.2f} cores ({used / max(rows, 1) * 1e6:.0f} ms per 1,000)"
            )
        print("  CPU: " + "; ".join(parts) + f" — of {os.cpu_count()} cores")
        ours = sum(self.stop[k] - self.start[k] for k in ("app", "postgres", "clients"))
        other = (self.stop["machine"] - self.start["machine"] - ours) / wall
        print(
            f"  other processes on the machine: {max(other, 0):.2f} cores"
            + (" — not idle: the figures above are lower than alone" if other > 0.2 else "")
        )
        server = sum(self.stop[k] - self.start[k] for k in ("app", "postgres"))
        per_core = rows / server if server else 0.0
        self.per_core = per_core
        print(
            f"  per CPU: {per_core:,.0f} rows per core-second of "
            + ("app + PostgreSQL" if self.workers else "PostgreSQL")
            + f" (≈ {per_core * os.cpu_count():,.0f}/s if the {os.cpu_count()} cores were "
            "theirs alone)"
        )


def check_http(url: str, result: Result) -> None:
    """Every acknowledged record stored exactly once; one attendance row per (meeting, member)
    touched, holding the latest of this run's records for it."""
    import psycopg

    acknowledged = {
        cid: outcome
        for cid, outcome in result.kept.items()
        if outcome in ("applied", "superseded", "duplicate")
    }
    latest: dict[tuple[int, int], dict] = {}
    by_id = {r["client_id"]: r for r in result.sent}
    for cid in acknowledged:
        r = by_id[cid]
        key = (r["meeting_id"], r["member_id"])
        if key not in latest or (r["recorded_at"], cid) > (
            latest[key]["recorded_at"],
            latest[key]["client_id"],
        ):
            latest[key] = r
    ids = [uuid.UUID(c) for c in acknowledged]
    with psycopg.connect(url) as conn:
        stored = conn.execute(
            "SELECT count(*), count(DISTINCT client_id) FROM meetings_attendancerecord "
            "WHERE client_id = ANY(%s)",
            [ids],
        ).fetchone()
        rows = conn.execute(
            "SELECT a.meeting_id, a.member_id, a.client_id, count(*) OVER "
            "(PARTITION BY a.meeting_id, a.member_id) FROM meetings_attendance a "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS t(meeting_id, member_id) "
            "USING (meeting_id, member_id)",
            [[k[0] for k in latest], [k[1] for k in latest]],
        ).fetchall()
    wrong = [
        row for row in rows if row[3] != 1 or str(row[2]) != latest[(row[0], row[1])]["client_id"]
    ]
    ok = stored == (len(ids), len(ids)) and len(rows) == len(latest) and not wrong
    print(
        f"  check: {len(ids):,} acknowledged records, {stored[0]:,} stored "
        f"({stored[1]:,} distinct); {len(latest):,} (meeting, member) pairs, {len(rows):,} "
        f"attendance rows, {len(wrong)} not holding the latest record — "
        f"{'OK, each exactly once' if ok else 'MISMATCH'}"
    )
    if not ok:
        raise SystemExit("bench/sync.py: the stored rows do not match the acknowledged records")


# -- the database alone --------------------------------------------------------------------------
INSERT_RECORDS = (
    "INSERT INTO meetings_attendancerecord (client_id, meeting_id, member_id, status, spoke, "
    "reason, recorded_at, device_id, user_id, received_at) VALUES {rows} "
    "ON CONFLICT (client_id) DO NOTHING RETURNING client_id"
)
UPSERT_CURRENT = (
    "INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, spoke, note, "
    "recorded_at, client_id) VALUES {rows} "
    "ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, "
    "reason = excluded.reason, spoke = excluded.spoke, recorded_at = excluded.recorded_at, "
    "client_id = excluded.client_id "
    "WHERE meetings_attendance.recorded_at < excluded.recorded_at OR "
    "(meetings_attendance.recorded_at = excluded.recorded_at AND "
    "meetings_attendance.client_id < excluded.client_id) RETURNING client_id"
)


class RawResult:
    def __init__(self):
        self.lock = threading.Lock()
        self.inserted: list[uuid.UUID] = []
        self.applied = 0
        self.superseded = 0
        self.batches = 0
        self.latencies: list[float] = []
        self.failures: Counter = Counter()
        self.rate = 0.0


def bench_raw(url: str, rosters: dict, args) -> RawResult:
    import psycopg
    from psycopg import errors

    meeting_ids = sorted(rosters)
    with psycopg.connect(url) as conn:
        user_id = conn.execute(
            "SELECT id FROM auth_user WHERE username = %s", [BENCH_USER]
        ).fetchone()[0]
    result = RawResult()
    start = time.perf_counter()
    measure_from = start + WARMUP
    deadline = measure_from + args.seconds
    finished = []

    def client(n: int) -> None:
        rng = random.Random(args.seed * 1000 + 500 + n)
        factory = psycopg.ClientCursor if args.client_binding else psycopg.Cursor
        with psycopg.connect(url, cursor_factory=factory) as conn:
            while True:
                began = time.perf_counter()
                if began >= deadline:
                    break
                records = make_batch(rng, rosters, meeting_ids, args.batch, args.meetings_per_batch)
                for _attempt in range(RETRIES):
                    try:
                        with conn.transaction():
                            inserted = insert_records(conn, records, user_id, args.raw_sorted)
                            fresh = [r for r in records if r["client_id"] in inserted]
                            applied = upsert_current(conn, fresh, args.raw_sorted)
                        break
                    except (errors.DeadlockDetected, errors.SerializationFailure) as error:
                        with result.lock:  # rolled back: nothing stored; run it again
                            result.failures[type(error).__name__] += 1
                else:
                    continue
                ended = time.perf_counter()
                with result.lock:
                    result.inserted += [uuid.UUID(c) for c in inserted]
                    if began >= measure_from:
                        result.batches += 1
                        result.applied += len(applied)
                        result.superseded += len(fresh) - len(applied)
                        result.latencies.append(ended - began)
                        finished.append(ended)

    # Daemon threads: Ctrl-C stops the benchmark at once (gunicorn is stopped in a finally).
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for t in threads:
        t.start()
    cpu = CpuMeter([])
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu.begin()
    for t in threads:
        t.join()
    cpu.end()
    elapsed = (max(finished) if finished else deadline) - measure_from
    rows = result.applied + result.superseded
    result.rate = rows / elapsed
    lat = sorted(result.latencies)
    print()
    binding = "client-side" if args.client_binding else "server-side"
    binding += " parameters" + ("; rows sorted by key" if args.raw_sorted else "")
    print(
        "database alone — the same INSERT … ON CONFLICT and conditional upsert, psycopg "
        f"({binding}), {args.clients} connections, one transaction per batch:"
    )
    print(
        f"  {result.batches:,} batches, {rows:,} rows in {elapsed:.1f} s: {result.rate:,.0f} "
        f"rows/s (applied {result.applied:,}, superseded {result.superseded:,})"
    )
    if lat:
        print(
            f"  latency per batch: p50 {percentile(lat, 50) * 1000:.1f} ms, "
            f"p95 {percentile(lat, 95) * 1000:.1f} ms"
        )
    if result.failures:
        print(
            "  transactions rolled back and run again: "
            + ", ".join(f"{k} × {v}" for k, v in result.failures.items())
            + (
                " (rows sorted by key)"
                if args.raw_sorted
                else " (rows in the order they come, as the service sends them)"
            )
        )
    cpu.report(rows)
    result.cpu = cpu
    return result


def insert_records(conn, records: list[dict], user_id: int, ordered: bool) -> set[str]:
    now = datetime.now(UTC)
    params = []
    for r in sorted(records, key=lambda r: r["client_id"]) if ordered else records:
        params += [
            r["client_id"],
            r["meeting_id"],
            r["member_id"],
            r["status"],
            r["spoke"],
            "",
            r["recorded_at"],
            "bench",
            user_id,
            now,
        ]
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(records))
    cursor = conn.execute(INSERT_RECORDS.format(rows=rows), params)
    return {str(row[0]) for row in cursor.fetchall()}


def upsert_current(conn, records: list[dict], ordered: bool) -> set[str]:
    latest: dict[tuple[int, int], dict] = {}
    for r in records:  # ON CONFLICT DO UPDATE may touch a row once per statement
        key = (r["meeting_id"], r["member_id"])
        if key not in latest or (r["recorded_at"], r["client_id"]) > (
            latest[key]["recorded_at"],
            latest[key]["client_id"],
        ):
            latest[key] = r
    if not latest:
        return set()
    params = []
    for key in sorted(latest) if ordered else latest:
        r = latest[key]
        params += [
            r["meeting_id"],
            r["member_id"],
            r["status"],
            "",
            r["spoke"],
            "",
            r["recorded_at"],
            r["client_id"],
        ]
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(latest))
    cursor = conn.execute(UPSERT_CURRENT.format(rows=rows), params)
    return {str(row[0]) for row in cursor.fetchall()}


def check_raw(url: str, result: RawResult) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM meetings_attendancerecord WHERE client_id = ANY(%s)",
            [result.inserted],
        ).fetchone()[0]
    ok = stored == len(result.inserted) == len(set(result.inserted))
    print(
        f"  check: {len(result.inserted):,} rows inserted, {stored:,} stored — "
        f"{'OK' if ok else 'MISMATCH'}"
    )
    if not ok:
        raise SystemExit("bench/sync.py: the database-alone rows do not match")


if __name__ == "__main__":
    main()
