"""What a village host costs: a trivial view on a village host against plain Django.

Measures requests/s and latency (p50, p95) of one trivial view (``SELECT 1``
and a four-byte answer, ``bench/plain_project.py``) served by gunicorn

* on a village host (``sukamaju.localhost``): Balai's settings, host routing,
  session guard and the ``tenants.db`` backend;
* in a plain Django setup on the same database, with the same connection
  settings, middleware (minus the tenant middlewares), gunicorn
  configuration, worker count and class;

in the same run, and prints the ratio village/plain of requests/s. The goal is
a village host at >= 0.90 of plain. Figures are printed, never asserted.
``--plain-middleware minimal`` gives the plain side only Security and Common,
to see what the rest of Balai's middleware costs.

How: the bench gets its own database, ``<name of DATABASE_URL>_bench_routing``
(created if missing, then ``balai migrate`` and ``balai demo``), so dev data is
never touched. Both sides are started with ``infra/gunicorn.conf.py`` on free
loopback ports, warmed up, then loaded alternately (plain, village, plain,
village, ...) by client threads in this process, each with its own HTTP/1.1
connection (sync workers close it after each response; ``http.client``
reconnects). Besides client-side figures it reads the workers' CPU time from
/proc and the SQL statements per request the view reports in its headers,
which stay meaningful when the client itself is the bottleneck.

Run from the repository root:

    .venv/bin/python infra/dev/localdb.py exec -- .venv/bin/python bench/routing.py \
        [--requests N] [--concurrency C] [--workers W] [--rounds R]
"""
import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
BIN = Path(sys.executable).parent
PING_PATH = "/bench/ping"
SIDES = ("plain", "village")
VILLAGE_HOST = "sukamaju.localhost"
GOAL = 0.90
# A stuck server must not hang the run: every round and every socket has a limit.
ROUND_TIME_LIMIT = 120.0
SOCKET_TIMEOUT = 10.0


def say(message: str) -> None:
    print(f"routing: {message}", flush=True)


# --- Database ----------------------------------------------------------------

def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("routing: DATABASE_URL is unset; run through `infra/dev/localdb.py exec --`")
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/')}_bench_routing"
    return parsed._replace(path=f"/{name}").geturl()


def ensure_database(url: str) -> None:
    import psycopg  # noqa: PLC0415 - from the project's virtualenv
    from psycopg import sql  # noqa: PLC0415

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    # CREATE DATABASE cannot run inside a transaction.
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_database(url: str, env: dict) -> None:
    """Create the bench database if needed and bring it to the demo state (both idempotent)."""
    ensure_database(url)
    for command in (["migrate", "--noinput"], ["demo"]):
        done = subprocess.run([str(BIN / "balai"), *command], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            sys.exit(f"routing: `balai {' '.join(command)}` failed on the bench database")


def server_env(database_url: str) -> dict:
    env = {name: value for name, value in os.environ.items() if not name.startswith("GUNICORN_")}
    env.update(
        DATABASE_URL=database_url,
        BALAI_BASE_DOMAIN="localhost",
        # Bench traffic is not worth reporting anywhere.
        SENTRY_DSN="",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


# --- Servers -----------------------------------------------------------------

def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds_of_children(parent_pid: int) -> float | None:
    """User + system CPU time of the processes whose parent is ``parent_pid`` (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # The command name may contain spaces; the fields after it do not.
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[1]) == parent_pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


@dataclass
class Server:
    side: str
    host: str
    workers: int
    env: dict
    log_dir: Path
    plain_middleware: str
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"gunicorn-{self.side}.log"

    def start(self) -> None:
        self.port = free_loopback_port()
        app = ("plain_project:make_application('village')" if self.side == "village"
               else f"plain_project:make_application('plain', middleware={self.plain_middleware!r})")
        command = [
            str(BIN / "gunicorn"), "-c", str(REPO / "infra" / "gunicorn.conf.py"),
            "--pythonpath", str(BENCH),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--access-logfile", "/dev/null",
            # The production value recycles workers every ~5000 requests, which
            # would land inside a round; the bench measures the steady state.
            "--max-requests", "0",
            app,
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.side} gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=SOCKET_TIMEOUT)
            try:
                conn.request("GET", PING_PATH, headers={"Host": self.host})
                response = conn.getresponse()
                body = response.read()
                if response.status == 200 and body == b"pong":
                    return
                raise RuntimeError(f"{self.side} answered {response.status}: {body[:300]!r}\n{self.log_tail()}")
            except OSError:
                time.sleep(0.2)  # not listening yet
            finally:
                conn.close()
        raise RuntimeError(f"{self.side} gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_cpu_seconds(self) -> float | None:
        return cpu_seconds_of_children(self.process.pid)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown; idle workers leave at once
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# --- Load --------------------------------------------------------------------

@dataclass
class Round:
    side: str
    seconds: float = 0.0
    latencies: list = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    statements: int = 0
    search_path_sets: int = 0
    worker_cpu: float | None = None
    client_cpu: float = 0.0

    @property
    def ok(self) -> int:
        return len(self.latencies)


def _client(port: int, host: str, count: int, start: threading.Barrier, deadline: float, result: Round) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=SOCKET_TIMEOUT)
    headers = {"Host": host}
    start.wait()
    try:
        for _ in range(count):
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            try:
                conn.request("GET", PING_PATH, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()  # the next request opens a fresh connection
                result.errors += 1
                continue
            elapsed = time.perf_counter() - began
            if response.status != 200 or body != b"pong":
                result.errors += 1
                continue
            result.latencies.append(elapsed)
            result.statements += int(response.getheader("X-Bench-Statements", "0"))
            result.search_path_sets += int(response.getheader("X-Bench-Search-Path-Sets", "0"))
            # http.client closes the connection itself when the server says
            # `Connection: close` and reconnects on the next request.
    finally:
        conn.close()


def load(server: Server, requests: int, concurrency: int) -> Round:
    """Send ``requests`` requests from ``concurrency`` threads; per-thread results are merged after."""
    shares = [requests // concurrency + (1 if i < requests % concurrency else 0) for i in range(concurrency)]
    partial = [Round(server.side) for _ in shares]
    # All threads start sending together, so the round's clock starts once.
    start = threading.Barrier(concurrency + 1)
    deadline = time.monotonic() + ROUND_TIME_LIMIT
    threads = [
        threading.Thread(target=_client, args=(server.port, server.host, share, start, deadline, part), daemon=True)
        for share, part in zip(shares, partial)
    ]
    for thread in threads:
        thread.start()
    cpu_before = server.worker_cpu_seconds()
    client_before = time.process_time()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(ROUND_TIME_LIMIT + 2 * SOCKET_TIMEOUT)
    merged = Round(server.side, seconds=time.perf_counter() - began)
    # The client shares the machine with the servers: its CPU per request
    # shows how much of the machine it took.
    merged.client_cpu = time.process_time() - client_before
    cpu_after = server.worker_cpu_seconds()
    if cpu_before is not None and cpu_after is not None:
        merged.worker_cpu = cpu_after - cpu_before
    for part in partial:
        merged.latencies += part.latencies
        merged.errors += part.errors
        merged.statements += part.statements
        merged.search_path_sets += part.search_path_sets
    sent = merged.ok + merged.errors
    if sent < requests:
        say(f"{server.side}: round stopped at its time limit after {sent} of {requests} requests")
    return merged


# --- Report ------------------------------------------------------------------

@dataclass
class Summary:
    side: str
    rate: float
    p50_ms: float
    p95_ms: float
    errors: int
    statements_per_request: float
    search_path_sets_per_request: float
    worker_cpu_ms_per_request: float | None
    client_cpu_ms_per_request: float


def summarise(side: str, rounds: list[Round]) -> Summary:
    latencies = [latency for one in rounds for latency in one.latencies]
    ok = len(latencies)
    if ok >= 2:
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        p50, p95 = cuts[49] * 1000, cuts[94] * 1000
    else:
        p50 = p95 = float("nan")
    cpu = [one.worker_cpu for one in rounds]
    return Summary(
        side=side,
        rate=ok / sum(one.seconds for one in rounds),
        p50_ms=p50,
        p95_ms=p95,
        errors=sum(one.errors for one in rounds),
        statements_per_request=sum(one.statements for one in rounds) / max(ok, 1),
        search_path_sets_per_request=sum(one.search_path_sets for one in rounds) / max(ok, 1),
        worker_cpu_ms_per_request=None if None in cpu else sum(cpu) * 1000 / max(ok, 1),
        client_cpu_ms_per_request=sum(one.client_cpu for one in rounds) * 1000 / max(ok, 1),
    )


def print_summary(summary: Summary) -> None:
    cpu = ("" if summary.worker_cpu_ms_per_request is None
           else f"  worker cpu {summary.worker_cpu_ms_per_request:.2f} ms/req")
    say(f"{summary.side:<8} {summary.rate:5.0f} req/s  p50 {summary.p50_ms:.1f} ms  p95 {summary.p95_ms:.1f} ms"
        f"  errors {summary.errors}{cpu}  client cpu {summary.client_cpu_ms_per_request:.2f} ms/req"
        f"  sql/req {summary.statements_per_request:.2f}  SET search_path/req {summary.search_path_sets_per_request:.3f}")


# --- Main --------------------------------------------------------------------

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000, help="requests per side in each round (default 4000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per side (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per side, alternating sides (default 2)")
    parser.add_argument("--warmup", type=int, default=400, help="unmeasured requests per side first (default 400)")
    parser.add_argument("--plain-middleware", choices=("project", "minimal"), default="project",
                        help="plain side's middleware: Balai's minus the tenant ones (default), "
                             "or only Security and Common")
    args = parser.parse_args()
    for name in ("requests", "concurrency", "workers", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    return args


def main() -> int:
    args = parse_args()
    database_url = bench_database_url()
    env = server_env(database_url)
    say(f"preparing database {urlparse(database_url).path.lstrip('/')} (migrate, demo)")
    prepare_database(database_url, env)
    say(f"{args.workers} gunicorn sync workers per side, {args.concurrency} client threads, "
        f"{args.requests} requests per side per round, {args.rounds} rounds, "
        f"plain middleware: {args.plain_middleware}")

    with tempfile.TemporaryDirectory(prefix="balai-bench-routing-") as log_dir:
        servers = {
            side: Server(side=side, host=VILLAGE_HOST if side == "village" else "localhost",
                         workers=args.workers, env=env, log_dir=Path(log_dir),
                         plain_middleware=args.plain_middleware)
            for side in SIDES
        }
        try:
            for server in servers.values():
                server.start()
            for server in servers.values():
                server.wait_ready()
                # Every worker opens its connection and fills its host cache here.
                load(server, args.warmup, args.concurrency)
            rounds: dict[str, list[Round]] = {side: [] for side in SIDES}
            # Alternating sides spreads drift (CPU frequency, other load) over both.
            for number in range(1, args.rounds + 1):
                for side in SIDES:
                    one = load(servers[side], args.requests, args.concurrency)
                    rounds[side].append(one)
                    say(f"round {number} {side:<8} {one.ok / one.seconds:5.0f} req/s  errors {one.errors}")
        except RuntimeError as failure:  # a server that did not start or answer
            print(f"routing: {failure}", file=sys.stderr)
            return 1
        finally:
            for server in servers.values():
                server.stop()

    summaries = {side: summarise(side, rounds[side]) for side in SIDES}
    for side in SIDES:
        print_summary(summaries[side])
    plain, village = summaries["plain"], summaries["village"]
    ratio = village.rate / plain.rate if plain.rate else float("nan")
    say(f"village/plain = {ratio:.2f}  (goal >= {GOAL:.2f})")
    if plain.worker_cpu_ms_per_request and village.worker_cpu_ms_per_request:
        say(f"worker cpu per request village/plain = "
            f"{village.worker_cpu_ms_per_request / plain.worker_cpu_ms_per_request:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
